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


def join_cell_items(lines: list[str]) -> str:
    """A Word or web cell's own paragraphs are deliberate breaks (the program wraps lines by itself): items
    of one cell ('市人社局' / '市财政局' → 市人社局、市财政局) unless a paragraph ends with its own punctuation."""
    parts = [p.strip() for p in lines if p.strip()]
    return "".join(part + ("" if k == len(parts) - 1 or part[-1] in "。；;，,、：:" else "、")
                   for k, part in enumerate(parts))


def _cell(text: str | None) -> str:
    """A cell is one line (its line breaks are wraps, joined as in a paragraph); '|' would split it."""
    return join_lines((text or "").splitlines()).replace("|", "｜")
