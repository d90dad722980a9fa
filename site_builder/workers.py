"""Worker processes that render centers side by side, for `build` and for the dev server's first
build. They are forked, so each starts with the loaded project and the compiled templates instead
of loading them again; the project is frozen out of the cycle collector first, so the workers
share its memory instead of copying every page it touches. And how the dev server's rendering
thread shares this process with its serving threads (`responsive`)."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

#: From this many sites (centers and the directory) on, workers: starting them costs ~50 ms, and
#: the wording checks then run beside the rendering (the 3-center sample: 5.5 s -> 3.4 s wall).
PARALLEL_FROM = 2


def wanted(sites: int, workers: int) -> bool:
    """Whether `sites` are rendered in `workers` processes."""
    return (
        workers > 1 and sites >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()
    )


def single_threaded() -> bool:
    """Whether this process runs one thread (the dev server before it serves). Forking a process
    that runs others is not safe: the child gets only the forking thread, and a lock another
    thread held at that moment stays held in it for ever."""
    return threading.active_count() == 1


def chunk(sites: int, workers: int) -> int:
    """Sites handed to a worker at a time: small, so the workers end together."""
    return max(1, min(4, sites // (workers * 4)))


@contextlib.contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """The workers. An executor, not multiprocessing.Pool: a worker that dies (killed, out of
    memory) ends the build with BrokenProcessPool instead of leaving it waiting for ever. On any
    exception (Ctrl-C, a full disk) no site starts after it and the running ones end before the
    caller cleans up after them."""
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, ctx, _collect_less) as executor:
            try:
                yield executor
            except BaseException:
                executor.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        gc.unfreeze()


#: The cycle collector's thresholds while site-builder runs. A build, a worker and a save of the
#: dev server allocate millions of short-lived objects (YAML nodes, pages, lines of HTML) and make
#: almost no cycles: the defaults (700, 10, 10) run the collector thousands of times for nothing,
#: each full pass over everything loaded (4 % of a build's workers; at 827 centers a one-phone
#: save of centers.yaml in the dev server took ~600 ms with them, ~410 ms without).
THRESHOLDS = (100_000, 50, 100)


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """THRESHOLDS while a command runs (cli.main), the previous ones after it."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _collect_less() -> None:
    gc.set_threshold(*THRESHOLDS)  # (each worker, from its start)


#: How long the rendering thread runs before a waiting thread gets its turn while browsers load
#: the pages just published (Python's default is 5 ms): each read and write of the server waits
#: for a turn, and at 827 centers a reloaded page took 0.9-1.2 s to arrive instead of 0.3 s.
_TURN = 0.0005


@contextlib.contextmanager
def responsive(on: bool) -> Iterator[None]:
    """Shorter turns for the rendering thread while `on` (the rest of a save, after the
    centers a browser shows were published)."""
    default = sys.getswitchinterval()
    if on:
        sys.setswitchinterval(_TURN)
    try:
        yield
    finally:
        sys.setswitchinterval(default)
