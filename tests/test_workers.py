"""The worker processes build and the dev server's first build share (workers.py)."""

from __future__ import annotations

import gc
import os
import threading

import pytest

from site_builder import workers


def test_workers_from_two_sites_and_two_processes_on() -> None:
    assert workers.wanted(2, 2)
    assert not workers.wanted(1, 2)  # one site: no worker to start
    assert not workers.wanted(50, 1)  # --jobs 1
    assert workers.chunk(827, 2) == 4 and workers.chunk(3, 2) == 1


def test_a_running_thread_means_no_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not workers.single_threaded()
    finally:
        stop.set()
        other.join()


def _pid(_: int) -> int:
    return os.getpid()


def test_the_pool_runs_in_other_processes_and_unfreezes_even_on_an_error() -> None:
    with workers.pool(2) as pool:
        assert gc.get_freeze_count() > 0  # the project is shared, not copied
        pids = set(pool.map(_pid, range(8)))
    assert os.getpid() not in pids
    assert gc.get_freeze_count() == 0
    with pytest.raises(KeyError), workers.pool(2) as pool:
        pool.submit(_pid, 0).result()
        raise KeyError("a full disk")
    assert gc.get_freeze_count() == 0


def test_a_command_collects_less_and_puts_the_thresholds_back(monkeypatch) -> None:
    from site_builder import cli

    seen: list[tuple[int, ...]] = []

    def run(args) -> int:  # type: ignore[no-untyped-def]
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(cli, "run", run)
    before = gc.get_threshold()
    assert cli.main(["build"]) == 0
    assert seen == [workers.THRESHOLDS]
    assert gc.get_threshold() == before
