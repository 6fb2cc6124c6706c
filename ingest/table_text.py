"""A table of a Word, PDF or web page as the text rules read it: one markdown row per line.

The task-list rules read `| a | b |` rows cell by cell, so a table keeps its columns exactly, whatever
its cells hold. Cells come resolved by the reader (a merged cell repeated in each row it spans).
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import join_lines


def markdown_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Lines of a markdown table (blank lines around it); the first row is the header."""
    rows = [[_cell(c) for c in row] for row in rows if any((c or "").strip() for c in row)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return ["", lines[0], "|" + "---|" * width, *lines[1:], ""]


def _cell(text: str | None) -> str:
    """A cell is one line (its line breaks are wraps, joined as in a paragraph); '|' would split it."""
    return join_lines((text or "").splitlines()).replace("|", "｜")
