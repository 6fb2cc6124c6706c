"""Give freed memory back to the system after a large answer.

glibc keeps the arenas a big page build used (tens of MB for a 5,000-node view); without a trim the
server's RSS stays at its peak for good. malloc_trim(0) returns the free parts; elsewhere it is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc.malloc_trim if libc is not None and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def release_freed_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)


_M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """A threaded server gets up to 8 malloc arenas per core from glibc, each keeping its own freed
    fragments: RSS creeps up with every concurrent request. Two arenas keep a worker pool's memory in
    one place where a trim can give it back. Call before the server's threads start; a no-op off glibc."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_ARENA_MAX, arenas)
