"""Keep the server's memory use down and its pauses short: give freed memory back to the system, use few
malloc arenas, keep the collector off the long-lived graph.

glibc keeps the arenas a big page build used (tens of MB for a 5,000-node view); without a trim the
server's RSS stays at its peak for good. malloc_trim(0) returns the free parts; elsewhere it is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_freed_memory() -> None:
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


_M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """A threaded server gets up to 8 malloc arenas per core from glibc, each keeping its own freed
    fragments: RSS creeps up with every concurrent request. Two arenas keep a worker pool's memory in
    one place where a trim can give it back. Call before the server's threads start; a no-op off glibc."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_ARENA_MAX, arenas)


def freeze_long_lived(collect: bool = False) -> None:
    """Move every object alive now out of the cyclic collector's reach. The loaded graph and its indexes
    (millions of objects at 1,000 documents) live until the next change; left in the oldest generation,
    every full collection walks them: pauses of 100–600 ms in the middle of requests.

    collect=True when a graph was just replaced: the old one holds reference cycles (networkx caches its
    views on itself), so it is thawed and collected first, or freezing would keep it for good."""
    if collect:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
