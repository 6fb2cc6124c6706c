"""PDF: the document's text in reading order, its ruled tables as tables, and where each page starts.

pdfplumber gives the characters with their positions. Per page:
- ruled tables (its table finder, on pages that draw lines) become markdown rows, a cell merged down over
  several rows repeated in each, a cell merged across columns counted once; a table going on at the top of
  the next page (no header repeated) goes on as the same table;
- the other characters become lines, and lines become paragraphs: a line that reaches the right margin
  wraps into the next one unless that one is indented (a new paragraph); wraps leave no trace between CJK
  characters;
- running headers and footers (a line repeated in the page's top or bottom band) and page numbers
  ('— 12 —', '- 3 -', '第 2 页 共 9 页') are dropped.
A PDF without a text layer (a scan) is refused with a line saying it needs OCR, unless OCR is asked for
(POLICYKG_OCR=1) and Debian's tesseract with its chi_sim data is installed.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field

from .read import ReadError
from .table_text import markdown_table
from .text import join_lines

_PAGE_NUMBER = re.compile(r"^[\s—–\-－_·•~～]*(\d{1,4}|第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[\s—–\-－_·•~～]*$")
_BAND = 0.08  # the share of the page height at its top and bottom where running heads and page numbers sit


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    pages: tuple[int, ...]  # offset in text where each page starts
    tables: int = 0


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    char_width: float


@dataclass(slots=True)
class _Table:
    top: float
    rows: list[list[str]]
    at_page_top: bool = False


@dataclass(slots=True)
class _Page:
    blocks: list[_Line | _Table] = field(default_factory=list)
    left: float = 0.0
    right: float = 0.0


def pdf_text(data: bytes) -> PdfText:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError("password-protected PDF: open it and save an unprotected copy") from exc
        raise ReadError(f"damaged PDF ({exc})") from exc
    try:
        if len(pdf) == 0:
            raise ReadError("PDF with no pages")
        with _Rules(data) as rules:
            pages = [_read_page(pdf[k], rules, k) for k in range(len(pdf))]
    finally:
        pdf.close()
    if not any(p.blocks for p in pages):
        return _ocr(data, len(pages))
    _drop_running_lines(pages)
    return _layout(pages)


class _Rules:
    """pdfplumber's table finder, opened only when a page draws lines (most pages of prose draw none)."""

    def __init__(self, data: bytes):
        self.data, self.pdf = data, None

    def __enter__(self) -> _Rules:
        return self

    def __exit__(self, *exc) -> None:
        if self.pdf is not None:
            self.pdf.close()

    def tables(self, k: int) -> list[tuple[tuple, list[list[tuple | None]], list[tuple]]]:
        """Each ruled table of page k: its bbox, its rows of cell bboxes (None where a merged cell covers
        the grid) and its columns' bboxes, in pdfplumber's top-down coordinates."""
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        try:
            found = self.pdf.pages[k].find_tables()
        except Exception:  # pdfminer cannot parse this page's drawing: read it as text
            return []
        return [(t.bbox, [list(r.cells) for r in t.rows], [c.bbox for c in t.columns]) for t in found]


def _read_page(page, rules: _Rules, k: int) -> _Page:
    import pypdfium2 as pdfium

    height = page.get_size()[1]
    textpage = page.get_textpage()
    runs = _runs(textpage, height)
    textpage.close()
    tables = []
    paths = sum(1 for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH], max_depth=2))
    if paths >= 4:
        for bbox, grid, columns in rules.tables(k):
            rows = _resolved_rows(grid, columns, lambda b: _cell_text([r for r in runs if _inside(r, b)], b))
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:  # a box round a paragraph is no table
                tables.append((bbox, rows))
    lines = _lines([r for r in runs if not any(_inside(r, b) for b, _ in tables)], height)
    out = _Page()
    out.blocks = sorted([*lines, *(_Table(b[1] / height, rows) for b, rows in tables)], key=lambda b: b.top)
    if out.blocks and isinstance(out.blocks[0], _Table):
        out.blocks[0].at_page_top = True
    body = [ln for ln in lines if _BAND < ln.top < 1 - _BAND] or lines
    if body:
        out.left = min(ln.x0 for ln in body)
        widest = max(ln.x1 for ln in body) - out.left
        out.right = max([ln.x1 for ln in body if ln.x1 - ln.x0 > 0.5 * widest] or [ln.x1 for ln in body])
    return out


_Run = tuple[float, float, float, float, str]  # top, bottom, left, right (top-down page coordinates), text


def _runs(textpage, height: float) -> list[_Run]:
    """PDFium's text runs (a line's stretch of text in one font), each with its box."""
    runs = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
        if text.strip():
            runs.append((height - top, height - bottom, left, right, text))
    return runs


def _inside(run: _Run, bbox: tuple) -> bool:
    cx, cy = (run[2] + run[3]) / 2, (run[0] + run[1]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _lines(runs: list[_Run], height: float) -> list[_Line]:
    """Runs grouped into lines (runs that share a baseline band), left to right; top and bottom as shares
    of the page height."""
    lines: list[_Line] = []
    for top, bottom, left, right, text in sorted(runs, key=lambda r: (round(r[0] + r[1]), r[2])):
        last = lines[-1] if lines else None
        if last is not None and last.top * height <= (top + bottom) / 2 <= last.bottom * height \
                and left >= last.x1 - 1:
            gap = " " if left - last.x1 > last.char_width * 0.8 else ""
            last.text, last.x1 = last.text + gap + text, right
            continue
        lines.append(_Line(text, left, right, top / height, bottom / height, (right - left) / max(1, len(text.strip()))))
    return lines


def _cell_text(runs: list[_Run], bbox: tuple) -> str:
    """A cell's lines joined: a line that stops well short of the cell's right edge ends deliberately (one
    department per line) and keeps a space; a line that fills the cell wraps and leaves no trace."""
    out = ""
    for line in _lines(runs, 1.0):
        text = line.text.strip()
        out = out + text if out.endswith(" ") else join_lines([out, text])
        if line.x1 < bbox[2] - 2 * line.char_width:
            out += " "
    return out.strip()


# -- tables ---------------------------------------------------------------------------------------------
def _resolved_rows(grid: list[list[tuple | None]], columns: list[tuple], text_of) -> list[list[str]]:
    """Cell texts row by row. The table finder leaves None where a merged cell covers the grid: a cell
    merged down repeats in each row it spans (the group of the rows below it), one merged across is
    counted once."""
    origin: dict[tuple, tuple[int, str]] = {}  # a cell's bbox → its grid column and text
    for row in grid:
        for c, bbox in enumerate(row):
            if bbox is not None and tuple(bbox) not in origin:
                origin[tuple(bbox)] = (c, text_of(bbox))
    out: list[list[str]] = []
    for row in grid:
        cells: list[str] = []
        present = [b for b in row if b is not None]
        # The row's own band: its shortest cell (a cell merged down reaches into the rows below).
        y = (min(b[1] for b in present) + min(b[3] for b in present)) / 2 if present else None
        for c, bbox in enumerate(row):
            if bbox is not None:
                cells.append(origin[tuple(bbox)][1])
                continue
            x = (columns[c][0] + columns[c][2]) / 2
            cover = next((b for b in origin if y is not None and b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            if cover is None:
                cells.append("")  # merged down from the page before: empty, 'as above' to the task-list rules
            elif origin[cover][0] == c:  # merged down from above: the same column
                cells.append(origin[cover][1])
        out.append(cells)
    return out


# -- headers, footers, page numbers ---------------------------------------------------------------------
def _drop_running_lines(pages: list[_Page]) -> None:
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    banded = Counter(key(b) for p in pages for b in p.blocks if isinstance(b, _Line) and _in_band(b))
    repeated = {k for k, n in banded.items() if n >= max(2, len(pages) // 2)} if len(pages) > 1 else set()
    for p in pages:
        p.blocks = [b for b in p.blocks if not (isinstance(b, _Line) and _in_band(b)
                                                 and (_PAGE_NUMBER.match(b.text) or key(b) in repeated))]


def _in_band(line: _Line) -> bool:
    """In the page's top or bottom band, and short as running heads and footers are."""
    return (line.top < _BAND or line.bottom > 1 - _BAND) and len(line.text.strip()) <= 40


# -- reading order: paragraphs and tables -----------------------------------------------------------------
def _layout(pages: list[_Page]) -> PdfText:
    items = _items(pages)
    out: list[str] = []
    starts: list[int | None] = [None] * len(pages)
    size = 0
    for kind, parts in items:
        if kind == "p":
            pieces = [text.strip() for _, text in parts]
            for j, (k, _) in enumerate(parts):  # where each of the paragraph's lines begins once joined
                if starts[k] is None:
                    starts[k] = size + len(join_lines(pieces[: j + 1])) - len(pieces[j])
            lines = [join_lines(pieces)]
        else:
            lines = markdown_table([row for _, row in parts])
            kept = [row for _, row in parts if any(c.strip() for c in row)]
            row_pages = [k for k, row in parts if any(c.strip() for c in row)]
            offsets = [size + sum(len(x) + 1 for x in lines[:j]) for j in range(len(lines))]
            for i, k in enumerate(row_pages[: len(kept)]):
                if starts[k] is None:
                    starts[k] = offsets[1 if i == 0 else i + 2]
        for line in lines:
            out.append(line)
            size += len(line) + 1
    for k in range(len(pages) - 1, -1, -1):  # an empty page starts where the next one does
        if starts[k] is None:
            starts[k] = starts[k + 1] if k + 1 < len(pages) else size
    return PdfText("\n".join(out) + "\n", tuple(s or 0 for s in starts),
                   sum(1 for kind, _ in items if kind == "t"))


def _items(pages: list[_Page]) -> list[tuple[str, list[tuple[int, object]]]]:
    """Paragraphs ('p', [(page, line text)…]) and tables ('t', [(page, row)…]) in reading order; a
    paragraph or a table going on over a page break is one item."""
    items: list[tuple[str, list]] = []
    previous: tuple[_Line, _Page] | None = None  # the last line of the open paragraph
    for k, page in enumerate(pages):
        for block in page.blocks:
            last = items[-1] if items else None
            if isinstance(block, _Table):
                rows = block.rows
                if last and last[0] == "t" and block.at_page_top and _continues(last[1], rows):
                    last[1].extend((k, r) for r in (rows[1:] if rows[0] == last[1][0][1] else rows))
                else:
                    items.append(("t", [(k, r) for r in rows]))
                previous = None
            elif last and last[0] == "p" and previous is not None and _wraps(previous, block, page):
                last[1].append((k, block.text))
                previous = (block, page)
            else:
                items.append(("p", [(k, block.text)]))
                previous = (block, page)
    return items


def _wraps(previous: tuple[_Line, _Page], line: _Line, page: _Page) -> bool:
    """The line goes on with the previous one: this one is not indented, and that one reached its page's
    right margin, or broke at a space before a word that would not have fitted (a Latin-style break after
    '1.' or '(十)')."""
    if line.x0 > page.left + line.char_width or line.text[:1].isspace():
        return False  # indented: a paragraph of its own
    prev, prev_page = previous
    tail, w = prev.text.rstrip(), max(prev.char_width, 1.0)
    if not tail or tail.endswith(("：", ":")):
        return False
    if prev.x1 >= prev_page.right - 1.5 * w:
        return len(tail) > 8  # a short line reaching the margin is a heading set right, not a wrap
    if tail[-1].isascii():
        word = re.match(r"\S*", line.text.strip()).group()
        return prev.x1 + 0.3 * w + sum(0.55 if c.isascii() else 1.0 for c in word) * w > prev_page.right
    return False


def _continues(table: list[tuple[int, list[str]]], rows: list[list[str]]) -> bool:
    """A table at the top of a page goes on from the table that ended the page before when it has as many
    columns (its header repeated or not)."""
    return max(len(r) for r in rows) == max(len(r) for _, r in table)


# -- scans ------------------------------------------------------------------------------------------------
def _ocr(data: bytes, n_pages: int) -> PdfText:
    tesseract = shutil.which("tesseract")
    if os.environ.get("POLICYKG_OCR", "") not in ("1", "true", "yes"):
        hint = ("run with --ocr (POLICYKG_OCR=1)" if tesseract and _has_chi_sim(tesseract)
                else "install Debian's tesseract-ocr and tesseract-ocr-chi-sim and run with --ocr")
        raise ReadError(f"scanned PDF ({n_pages} pages, no text layer): it needs OCR; {hint}")
    if not tesseract or not _has_chi_sim(tesseract):
        raise ReadError("scanned PDF: OCR asked for but tesseract with chi_sim is not installed "
                        "(Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    import pypdfium2 as pdfium

    texts, starts, size = [], [], 0
    pdf = pdfium.PdfDocument(data)
    with tempfile.TemporaryDirectory() as tmp:
        for k, page in enumerate(pdf):
            image = os.path.join(tmp, f"{k}.png")
            page.render(scale=300 / 72).to_pil().save(image)
            run = subprocess.run([tesseract, image, "-", "-l", "chi_sim", "--psm", "6"], capture_output=True,
                                 text=True, timeout=120, check=False)
            page_text = join_ocr_lines(run.stdout)
            starts.append(size)
            texts.append(page_text)
            size += len(page_text)
    return PdfText("".join(texts), tuple(starts))


def join_ocr_lines(text: str) -> str:
    """tesseract puts spaces between CJK characters: they are gaps of its segmentation, not the text's."""
    text = re.sub(r"(?<=[\u3400-\u9fff，。、；：（）])\s+(?=[\u3400-\u9fff，。、；：（）])", "", text)
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def _has_chi_sim(tesseract: str) -> bool:
    run = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False)
    return "chi_sim" in run.stdout.split()
