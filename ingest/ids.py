"""Document ids: unique and stable for any file name, Chinese, spaced or look-alike.

The id keeps the name readable (its stem, NFKC-folded, with characters outside letters, digits, CJK, '_'
and '-' made '_') and adds a short hash of the exact name (NFC, so the same name typed on two systems is
the same document). '九江市任务清单.txt' and '郴州市职业教育实施意见.txt', 'x a.txt' and 'x_a.txt', 'ａ.txt' and
'a.txt' all get ids of their own; re-ingesting a file gives it the id it had.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

_READABLE_MAX = 40


def document_id(name: str) -> str:
    exact = unicodedata.normalize("NFC", name)
    stem = PurePosixPath(exact).stem or exact
    readable = re.sub(r"[^\w-]+", "_", unicodedata.normalize("NFKC", stem)).strip("_")[:_READABLE_MAX]
    digest = hashlib.sha1(exact.encode("utf-8")).hexdigest()[:10]
    return f"doc_{readable}_{digest}" if readable else f"doc_{digest}"
