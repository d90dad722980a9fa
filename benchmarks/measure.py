"""Run one command as a fresh process and measure it: wall time, peak RSS summed over the process
and all its children (worker processes included, sampled with psutil), and CPU time."""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

INTERVAL = 0.02  # seconds between memory samples


@dataclass
class Measurement:
    seconds: float
    peak_rss: int  # bytes: the largest sum of RSS over the process tree seen in one sample
    samples: int
    peak_processes: int  # processes in the tree at the peak sample
    cpu_seconds: float  # user + system time of the process and every child it waited for
    sys_seconds: float  # the system (kernel) part of it: file writes, page faults, thread wakeups
    load_before: float  # the machine's 1-minute load average just before the start
    returncode: int
    stdout: str
    stderr: str


def tree_rss(proc: psutil.Process) -> tuple[int, int]:
    """(sum of RSS, number of processes) over `proc` and all its descendants, right now. A process
    that ends between listing and reading is skipped."""
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    total = count = 0
    for p in procs:
        try:
            total += p.memory_info().rss
            count += 1
        except psutil.Error:
            pass
    return total, count


def run(cmd: list[str], cwd: Path | None = None, interval: float = INTERVAL) -> Measurement:
    """Start `cmd`, sample its tree's memory every `interval` seconds in a thread until it exits.
    Wall time is from just before the start to the moment `wait()` returns."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        load = os.getloadavg()[0]
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        popen = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        peak = [0, 0, 0]  # rss, processes, samples
        done = threading.Event()

        def sample() -> None:
            try:
                proc = psutil.Process(popen.pid)
            except psutil.Error:
                return
            while not done.is_set():
                rss, count = tree_rss(proc)
                peak[2] += 1
                if rss > peak[0]:
                    peak[0], peak[1] = rss, count
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = popen.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        sys_time = after.ru_stime - usage.ru_stime
        cpu = (after.ru_utime - usage.ru_utime) + sys_time
        out.seek(0)
        err.seek(0)
        return Measurement(
            seconds=seconds,
            peak_rss=peak[0],
            samples=peak[2],
            peak_processes=peak[1],
            cpu_seconds=cpu,
            sys_seconds=sys_time,
            load_before=load,
            returncode=returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )
