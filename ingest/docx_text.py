"""Word (.docx): the document's text in reading order, paragraphs and tables, as the text rules read it.

Paragraphs become lines (an empty paragraph a blank line, as a text dump of the file has them). A table
becomes a markdown table, one row per line, which the task-list rules read exactly: a cell merged down over
several rows (vMerge) repeats in each row it spans, a cell's own paragraphs are items of one cell
(joined with 、), so a department cell of two paragraphs stays one cell of two units.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .table_text import markdown_table


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, doc).text)
        elif child.tag == qn("w:tbl"):
            lines += _table_lines(Table(child, doc))
    return "\n".join(lines) + "\n"


def _table_lines(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [_cell_text(c) for c in row.cells]  # merged cells come back once per grid column they span
        rows.append([c for k, c in enumerate(cells) if k == 0 or row.cells[k]._tc is not row.cells[k - 1]._tc])
    return markdown_table(rows)


def _cell_text(cell) -> str:
    """A cell's paragraphs are deliberate breaks (Word wraps lines by itself): items of a list ('市人社局' /
    '市财政局' → 市人社局、市财政局) unless the paragraph already ends with its own punctuation."""
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    text = "".join(part + ("" if k == len(parts) - 1 or part[-1] in "。；;，,、：:" else "、")
                   for k, part in enumerate(parts))
    return text
