"""Write a policy text into the formats it is published in: Word, PDF, a government web page.

The text's task lists become real tables (header, one row per task, the group column merged down over
its rows, a department cell of several units as one paragraph each); every other line is a paragraph.
Tests read the files back and compare the records with those of the text.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policykg.ingest.pipeline import split_run_on
from policykg.ingest.tables import RawRow, TaskList, column_roles, find_task_lists
from policykg.ingest.text import split_lines

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian fonts-noto-cjk


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    merged: list[int] = field(default_factory=list)  # columns whose equal runs are one merged cell


Block = str | Table


def blocks(text: str) -> list[Block]:
    """The text's lines as paragraphs, its task lists as tables. A text dump's Word leftovers
    ('[bookmark: _Toc…]') are no part of the document as published."""
    lines = split_run_on(split_lines(re.sub(r"\[bookmark: [^\]]*\]", "", text)))
    out: list[Block] = []
    at = 0
    for t in find_task_lists(lines):
        out += [line.text.strip() for line in lines[at : t.header_line]]
        out.append(_table(t))
        at = t.end_line
    return out + [line.text.strip() for line in lines[at:]]


def _table(t: TaskList) -> Table:
    roles = column_roles(list(t.header))
    rows = [[_cell(r, role) for role in roles] for r in t.rows]
    return Table(list(t.header), rows, [k for k, role in enumerate(roles) if role in ("group", "subgroup")])


def _cell(r: RawRow, role: str | None) -> str:
    if role == "seq":
        return str(r.seq)
    if role == "task":  # the cell as printed, its own '1．' marker included
        start = r.task.span().start
        return next((c.text for c in r.cells if c.span().start <= start < c.span().end), r.task.text)
    value = {"group": r.group, "subgroup": r.subgroup, "lead": r.lead, "dept": r.dept,
             "deadline": r.deadline}.get(role or "")
    return (value if isinstance(value, str) else value.text if value is not None else "").strip()


def _runs(rows: list[list[str]], col: int, most: int = 1000) -> list[int]:
    """Row span of each row's cell in a merged column: n on a run's first row, 0 on the rows it covers
    (a run longer than `most` rows is printed again, as a table split over pages does)."""
    spans = [1] * len(rows)
    k = 0
    while k < len(rows):
        j = k
        while j + 1 < len(rows) and j + 1 - k < most and rows[j + 1][col] == rows[k][col] and rows[k][col]:
            j += 1
        spans[k], spans[k + 1 : j + 1] = j - k + 1, [0] * (j - k)
        k = j + 1
    return spans


# -- Word ---------------------------------------------------------------------------------------------
def to_docx(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for block in blocks(text):
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        table = doc.add_table(rows=len(block.rows) + 1, cols=len(block.header))
        table.style = "Table Grid"
        for k, head in enumerate(block.header):
            table.cell(0, k).text = head
        for r, row in enumerate(block.rows, start=1):
            for k, value in enumerate(row):
                cell = table.cell(r, k)
                units = value.split("、") if k not in block.merged and value.count("、") >= 2 else [value]
                cell.text = units[0]
                for unit in units[1:]:  # one unit per paragraph, as Word task lists print them
                    cell.add_paragraph(unit)
        for k in block.merged:
            for r, span in enumerate(_runs(block.rows, k), start=1):
                if span > 1:
                    for covered in range(r + 1, r + span):
                        table.cell(covered, k).text = ""
                    table.cell(r, k).merge(table.cell(r + span - 1, k))
                    table.cell(r, k).text = block.rows[r - 1][k]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# -- PDF ----------------------------------------------------------------------------------------------
@cache
def _font_ready() -> bool:
    return CJK_FONT.is_file()


def to_pdf(text: str, header: str = "") -> bytes:
    """A4, a CJK font, paragraphs indented two characters and wrapped at the margin, ruled tables with
    merged group cells, a running header and a '— N —' page number on every page."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if header:
                self.set_font("cjk", size=9)
                self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self):
            self.set_y(-15)
            self.set_font("cjk", size=10)
            self.cell(0, 8, f"— {self.page_no()} —", align="C")

    if not _font_ready():
        raise FileNotFoundError(f"{CJK_FONT}: install Debian's fonts-noto-cjk")
    pdf = Doc(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=2)  # the SC face
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("cjk", size=12)
    for block in blocks(text):
        if isinstance(block, str):
            if block:
                pdf.multi_cell(0, 7, "\u3000\u3000" + block, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(3)
            continue
        _pdf_table(pdf, block)
        pdf.set_font("cjk", size=12)
    return bytes(pdf.output())


def _pdf_table(pdf, block: Table) -> None:
    pdf.set_font("cjk", size=9)
    # Columns as wide as what they hold, less than in proportion (a wide task column, a narrow 序号).
    widths = [max(2.0 + len(h), (sum(len(r[k]) for r in block.rows) / max(1, len(block.rows))) ** 0.75)
              for k, h in enumerate(block.header)]
    spans = {k: _runs(block.rows, k, most=4) for k in block.merged}  # a merged cell must fit on a page
    from fpdf.fonts import FontFace

    with pdf.table(col_widths=widths, first_row_as_headings=True, line_height=4.5, text_align="LEFT",
                   headings_style=FontFace(emphasis="")) as table:
        head = table.row()
        for h in block.header:
            head.cell(h)
        for r, values in enumerate(block.rows):
            row = table.row()
            for k, value in enumerate(values):
                if k in spans:
                    if spans[k][r]:
                        row.cell(value, rowspan=spans[k][r])
                    continue
                row.cell(value)


# -- web page -----------------------------------------------------------------------------------------
def to_html(text: str, title: str, published: str = "2021-06-01") -> bytes:
    """A government site's article page: navigation, breadcrumb, share bar, related links, footer."""
    body = []
    for block in blocks(text):
        if isinstance(block, str):
            body.append(f"<p>{html.escape(block)}</p>" if block else "")
            continue
        rows = ["<tr>" + "".join(f"<td>{html.escape(h)}</td>" for h in block.header) + "</tr>"]
        spans = {k: _runs(block.rows, k) for k in block.merged}
        for r, values in enumerate(block.rows):
            cells = []
            for k, value in enumerate(values):
                span = spans[k][r] if k in spans else 1
                if span:
                    attr = f' rowspan="{span}"' if span > 1 else ""
                    cells.append(f"<td{attr}>{'<br>'.join(html.escape(u) for u in [value])}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        body.append('<table border="1" cellspacing="0">' + "\n".join(rows) + "</table>")
    article = "\n".join(body)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}_人民政府门户网站</title>
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{published} 09:30">
</head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="main"><div class="left">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="info">发布时间：{published} 来源：市政府办公室 浏览次数：1024 【字体：大 中 小】</div>
<div class="TRS_Editor">
{article}
</div>
<div class="share">分享到：微信 微博 QQ空间 <a href="javascript:window.print()">打印本页</a> 关闭窗口</div>
</div>
<div class="right"><h3>相关链接</h3><ul><li><a href="/a">关于开展职业技能培训的通知</a></li>
<li><a href="/b">政府信息公开年度报告</a></li></ul></div></div>
<div class="footer">主办单位：市人民政府办公室 网站标识码：3607000001 赣ICP备05004433号 赣公网安备36070202000123号</div>
</body></html>"""
    return page.encode("utf-8")
