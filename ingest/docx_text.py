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
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .table_text import join_cell_items, markdown_table


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
    """Rows of cell texts in one pass over the XML (python-docx's row.cells resolves merges per call, which
    is quadratic): a cell merged across (gridSpan) counts once, one merged down (vMerge) repeats the text
    of the cell it continues."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column → the text of the cell last started there
    for tr in table._tbl.tr_lst:
        col, cells = tr.grid_before, []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                text = above.get(col, "")
            else:
                text = above[col] = _cell_text(_Cell(tc, table))
            cells.append(text)
            col += tc.grid_span
        rows.append(cells)
    return markdown_table(rows)


def _cell_text(cell) -> str:
    return join_cell_items([p.text for p in cell.paragraphs])
