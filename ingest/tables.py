"""Task lists (任务清单 / 责任分工): find the attached table and read its rows, whatever the layout.

Layouts of the genre handled here:
- markdown tables (| 序号 | … |), possibly split into several tables with the header repeated;
- tab-indented cells, one cell per line, a row per block, empty cells meaning "same as above"
  (merged cells), and cells wrapped onto lines without the tab;
- PDF-flattened text: a row number alone (or before the text) on a line, the task text wrapped over
  lines, then the department cell (wrapped mid-name) and the deadline at the end.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from .clean import clean_line
from .numbering import parse_marker
from .text import Line, MappedText, fold, join_wrapped

# Column roles, by header wording. Order matters: the first matching role wins.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(序号|编号|序)$")),
    # Columns read past: the leader in charge (a person, '张三（副市长）') and a unit of measure ('单位').
    ("ignored", re.compile(r"领导|分管|责任人|联系人|^(计量)?单位$")),
    ("lead", re.compile(r"牵头")),
    ("dept", re.compile(r"责任|配合|协办|参与部门|协同|承办|主体|部门|单位")),
    ("deadline", re.compile(r"时限|年限|时间|节点|进度|期限")),
    ("group", re.compile(r"^(重点工作|工程名称|项目名称|类别|工作类别|领域|重点领域|任务类别|板块|工作板块)$")),
    ("subgroup", re.compile(r"^(任务目标|分项|子项|工作目标)$")),
    ("task", re.compile(r"任务|内容|指标|措施|举措|事项|要求|政策|目标|工作")),
)
_HEADER_MIN_ROLES = 3


@dataclass(slots=True)
class RawRow:
    seq: int
    task: MappedText
    group: str | None = None
    subgroup: str | None = None
    lead: MappedText | None = None
    dept: MappedText | None = None
    deadline: MappedText | None = None
    cells: list[MappedText] = field(default_factory=list)
    section: str | None = None  # category line above the row ('二、水污染防治')
    title: str | None = None  # the row's own short name, when the table gives one

    def span_text(self) -> MappedText:
        out = MappedText()
        for c in self.cells:
            out.extend(c)
        return out


@dataclass(slots=True)
class TaskList:
    start_line: int  # first line of the attachment (its 附件 / title line)
    rows: list[RawRow]
    layout: str
    title: str | None = None
    end_line: int = 0  # the line after the table's last row
    header_line: int = 0  # the (first) line of the column header
    header: tuple[str, ...] = ()  # the column header's cells, as printed


def column_roles(cells: list[str]) -> list[str | None]:
    roles: list[str | None] = []
    for cell in cells:
        name = re.sub(r"\s+", "", fold(cell))
        role = next((r for r, rx in _ROLES if name and rx.search(name)), None)
        roles.append(role)
    # Several task-like columns (重点任务 | 具体措施): the last holds the task, the ones before it
    # are the merged group and subgroup cells.
    task_cols = [k for k, r in enumerate(roles) if r == "task"]
    for k, role in zip(task_cols[:-1], ("group", "subgroup"), strict=False):
        if role not in roles:
            roles[k] = role
    return roles


def _header_cells(cells: list[str]) -> bool:
    """Header cells are column names: short, no sentence in them (a data row whose text happens to say
    协同 and 工作 is no header)."""
    return all(len(re.sub(r"\s+", "", c)) <= 12 and not re.search(r"[。；;，,]", c) for c in cells)


def _valid_header(roles: list[str | None]) -> bool:
    known = [r for r in roles if r and r != "ignored"]
    return len(known) >= _HEADER_MIN_ROLES and "task" in known and ("dept" in known or "lead" in known)


def find_task_list(lines: list[Line]) -> TaskList | None:
    """The document's first task list."""
    return _next_task_list(lines, 0)


def find_task_lists(lines: list[Line]) -> list[TaskList]:
    """Every task list, in order (附件1 重点任务清单, 附件2 重点项目清单, …)."""
    found: list[TaskList] = []
    while (task_list := _next_task_list(lines, found[-1].end_line if found else 0)) is not None:
        found.append(task_list)
    return found


def _next_task_list(lines: list[Line], start: int) -> TaskList | None:
    for i in range(start, len(lines)):
        line = lines[i]
        f = fold(line.text).strip()
        if not f:
            continue
        task_list = None
        if f.startswith("|"):
            cells = _md_cells(f)
            if _header_cells(cells) and _valid_header(column_roles(cells)):
                task_list = _with_title(lines, i, _read_markdown(lines, i), "markdown")
        elif line.text.startswith("\t") or "\t" in line.text.strip():
            cells, _ = _tab_header(lines, i)
            if cells and _valid_header(column_roles(cells)):
                task_list = _with_title(lines, i, _read_tabbed(lines, i), "tabbed")
        else:
            cells = f.split()
            if 3 <= len(cells) <= 8 and _valid_header(column_roles(cells)):
                task_list = _with_title(lines, i, _read_flat(lines, i, cells), "flat")
            else:
                cells, last = _stacked_header(lines, i)
                if cells:
                    task_list = _with_title(lines, i, _read_flat(lines, last, cells), "flat")
        if task_list is not None and task_list.end_line > i:
            task_list.header_line, task_list.header = i, tuple(cells)
            return task_list
    return None


def _stacked_header(lines: list[Line], i: int) -> tuple[list[str], int]:
    """A PDF header with one cell per line ('序号⏎工作任务⏎责任单位⏎完成时限'): its cells and last line."""
    cells: list[str] = []
    j = i
    while j < len(lines) and len(cells) < 8:
        f = fold(lines[j].text).strip()
        if not f or len(f) > 8 or f.isdigit() or re.search(r"[,，。;；:：、]", f) or " " in f:
            break
        cells.append(f)
        j += 1
    if len(cells) >= 3 and column_roles(cells)[0] == "seq" and _valid_header(column_roles(cells)):
        return cells, j - 1
    return [], i


def _with_title(lines: list[Line], header: int, rows: list[RawRow], layout: str) -> TaskList | None:
    """The list starts at its 附件 line when there is one (else at its title line, else the header)."""
    if not rows:
        return None
    _place_sections(rows)
    last = max(c.span().end for r in rows for c in r.cells if c.text)
    end = bisect.bisect_right([line.start for line in lines], last - 1)
    start, title = header, None
    seen = 0
    for j in range(header - 1, -1, -1):
        t = fold(lines[j].text).strip()
        if not t:
            continue
        seen += 1
        if t.startswith("附件") and len(t) <= 4:
            return TaskList(j, rows, layout, title, end)
        if seen > 3 or t[-1] in "。;" or parse_marker(t) or t.startswith("|") or "\t" in t:
            break  # (a row of a table above is no title)
        title = title or re.sub(r"^附件\s*\d*\s*[:：]?\s*", "", lines[j].text.strip())
        start = j
        if t.startswith("附件"):
            break
    return TaskList(start, rows, layout, title, end)


def _place_sections(rows: list[RawRow]) -> None:
    """Category lines between rows group them. A 'group' column printed afresh in every row (never
    merged, never repeated) names each row rather than grouping it: it becomes the row's title."""
    per_row = len(rows) >= 3 and all(r.group for r in rows) and len({r.group for r in rows}) == len(rows)
    for r in rows:
        if per_row:
            r.title, r.group = r.group, r.section
        elif r.group is None:
            r.group = r.section


# ---------------------------------------------------------------- markdown

def _md_cells(folded_line: str) -> list[str]:
    inner = folded_line.strip().strip("|")
    return [c.strip() for c in inner.split("|")]


def row_cells(line: Line) -> list[MappedText]:
    """Cells of a markdown row ('| a | b |') or a tab-separated row on one line; [] for any other line."""
    text = line.text
    if fold(text).strip().startswith("|"):
        return _md_cell_spans(line)
    if "\t" not in text.strip():
        return []
    tabs = [-1] + [k for k, ch in enumerate(text) if ch == "\t"] + [len(text)]
    return [_line_slice(line, a + 1, b) for a, b in itertools.pairwise(tabs)]


def _md_cell_spans(line: Line) -> list[MappedText]:
    text = line.text
    bars = [k for k, ch in enumerate(text) if ch in "|｜"]
    return [_line_slice(line, a + 1, b) for a, b in itertools.pairwise(bars)]


def _line_slice(line: Line, a: int, b: int) -> MappedText:
    m = MappedText()
    m.append(line.text[a:b], line.start + a)
    return m.strip()


def _read_markdown(lines: list[Line], header: int) -> list[RawRow]:
    roles = column_roles(_md_cells(fold(lines[header].text)))
    rows: list[RawRow] = []
    section: str | None = None
    for line in lines[header + 1 :]:
        f = fold(line.text).strip()
        if not f:
            continue
        if not f.startswith("|"):
            if rows and clean_line(line).text:  # prose after the tables ends them; a page number does not
                break
            continue
        cells = _md_cell_spans(line)
        names = [fold(c.text) for c in cells]
        if all(re.fullmatch(r":?-{2,}:?|", n.strip()) for n in names):
            continue  # separator row
        if _header_cells(names) and (column_roles(names) == roles or _valid_header(column_roles(names))):
            continue  # header repeated by a table split across pages
        filled = [n.strip() for n in names if n.strip()]
        if len(filled) == 1 and len(names) > 2 and not filled[0].isdigit():
            section = _section_row(filled[0]) or re.sub(r"\s+", "", filled[0])  # a category row
            continue
        row = _row_from_cells(cells, roles, rows)
        if row:
            row.section = section
            rows.append(row)
    return rows


# ---------------------------------------------------------------- tab-indented cells

def _tab_cells(lines: list[Line], i: int) -> tuple[list[MappedText], int]:
    """Cells of one tab-indented block starting at line i: each cell starts with a tab; a line
    without one continues the cell above (a wrapped cell). A line that does not start with a tab
    but holds tabs is a whole row on one line. Returns the cells and the next line."""
    cells: list[list[MappedText]] = []
    block = lines[i].text.startswith("\t")
    j = i
    while j < len(lines):
        raw = lines[j].text
        tabbed = raw.startswith("\t") if block else (j == i)
        if tabbed:
            tabs = ([] if raw.startswith("\t") else [-1]) + [k for k, ch in enumerate(raw) if ch == "\t"] + [len(raw)]
            cells.extend([_line_slice(lines[j], a + 1, b)] for a, b in itertools.pairwise(tabs))
        elif raw.strip() and "\t" not in raw and cells and lines[j - 1].text.strip() and not _section_row(raw):
            cells[-1].append(clean_line(lines[j]))
        else:
            break
        j += 1
    return [join_wrapped(c) for c in cells], j


def _tab_header(lines: list[Line], i: int) -> tuple[list[str], int]:
    cells, nxt = _tab_cells(lines, i)
    return [c.text for c in cells], nxt


def _read_tabbed(lines: list[Line], header: int) -> list[RawRow]:
    header_cells, j = _tab_header(lines, header)
    roles = column_roles(header_cells)
    width = len(roles)
    # Flatten every cell after the header; blank lines between blocks are not trusted (a row may
    # carry a stray blank line), the column count is.
    flat: list[MappedText] = []
    sections: list[str | None] = []  # the section heading in force at each cell
    section: str | None = None
    while j < len(lines):
        if lines[j].text.startswith("\t") or "\t" in lines[j].text.strip():
            starts_row = lines[j].text.startswith("\t") or _opens_row(lines[j].text, roles)
            cells, j = _tab_cells(lines, j)
            if not starts_row and flat and cells:
                # A row on one line wrapped inside a cell: '2⏎编制…明确各村⏎治理模式\t县生态环境分局\t…'
                flat[-1] = join_wrapped([flat[-1], cells[0]])
                cells = cells[1:]
            flat.extend(cells)
            sections.extend([section] * len(cells))
        elif not lines[j].text.strip() or clean_line(lines[j]).text == "":
            j += 1
        elif (heading := _section_row(lines[j].text)) is not None:
            section, j = heading, j + 1
        else:
            break
    rows: list[RawRow] = []
    k = 0
    while k + width <= len(flat):
        cells = flat[k : k + width]
        if "seq" in roles and not fold(cells[roles.index("seq")].text).strip().isdigit():
            k += 1  # resynchronise on the next numbered row
            continue
        row = _row_from_cells(cells, roles, rows)
        if row:
            row.section = sections[k]
            rows.append(row)
        k += width
    return rows


def _opens_row(raw: str, roles: list[str | None]) -> bool:
    """Does a whole-row-on-one-line start a row (its first cell the row number), or continue one?"""
    if not roles or roles[0] != "seq":
        return True
    return fold(raw.split("\t", 1)[0]).strip().isdigit()


def _section_row(raw: str) -> str | None:
    """A category line between a table's rows ('二、水污染防治'): its title, else None."""
    f = fold(raw).strip()
    marker = parse_marker(f)
    if "\t" in raw or not marker or marker.scheme not in ("chapter", "paren_cn") or len(f) > 40:
        return None
    return re.sub(r"\s+", "", f[marker.length :]) or None


# ---------------------------------------------------------------- shared row building

def _row_from_cells(cells: list[MappedText], roles: list[str | None], previous: list[RawRow]) -> RawRow | None:
    def cell(role: str) -> MappedText | None:
        return cells[roles.index(role)] if role in roles and roles.index(role) < len(cells) else None

    task = cell("task")
    if task is None or not task.text.strip():
        return None
    seq_cell = cell("seq")
    seq: int | None = None
    if seq_cell is not None and fold(seq_cell.text).strip().isdigit():
        seq = int(fold(seq_cell.text).strip())
    marker = parse_marker(fold(task.text))
    if marker and marker.scheme == "arabic":
        task = task.slice(marker.length).strip()
        seq = seq if seq is not None else marker.number
    if seq is None:
        seq = (previous[-1].seq + 1) if previous else 1
    prev = previous[-1] if previous else None
    # An empty merged cell means "same as the row above"; a printed one starts a new group.
    group = _merged(cell("group"), prev.group if prev else None)
    subgroup = _merged(cell("subgroup"), prev.subgroup if prev else None)
    if cell("group") is not None and cell("group").text.strip() and prev and group != prev.group:
        subgroup = _merged(cell("subgroup"), None)
    return RawRow(seq=seq, task=task, group=group, subgroup=subgroup, lead=cell("lead"), dept=cell("dept"),
                  deadline=cell("deadline"), cells=[c for c in cells if c.text])


def _merged(cell: MappedText | None, above: str | None) -> str | None:
    if cell is None:
        return None
    text = re.sub(r"\s+", "", cell.text)
    return text or above


# ---------------------------------------------------------------- PDF-flattened rows

_DEADLINE_TAIL = re.compile(
    r"(?:^|\s)(?P<d>\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*(?:底|末|前|底前|以前|上半年|下半年|年底))?"
    r"|\d{4}\s*[-—~至]\s*\d{4}\s*年?"
    r"|持续推进|长期坚持|长期推进|长期|持续开展|常态化推进|常态化|逐年推进|按年度推进"
    r"|(?:每年|每学年)(?:\s*\d{1,2}\s*月(?:底|前|底前)?)?|每半年|每季度|每月|年底前|年内"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|末|时期))\s*$"
)
_ORG_SUFFIX = re.compile(
    r"(局|委|办|部|厅|中心|院校|学校|学院|大学|技校|政府|会|联|室|所|队|处|站|集团|公司|门|街道|乡镇|"
    r"银行|法院|院|管委会|新区|县|市|区|署|馆|社|组|司)$"
)


def looks_like_department_list(text: str) -> bool:
    items = [x for x in split_units(text) if x]
    return bool(items) and all(_looks_like_unit(x) for x in items)


def _looks_like_unit(name: str) -> bool:
    bare = re.sub(r"[（(][^（）()]*[）)]$", "", name) or name
    return 2 <= len(name) <= 25 and not re.search(r"[。；;：:!?！？\d%]", name) and bool(_ORG_SUFFIX.search(bare))


def split_units(text: str) -> list[str]:
    """Split a responsibility cell on 、，,；; but never inside brackets: 各县（市、区）人民政府 is one name."""
    items, depth, cur = [], 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、，,；;":
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur).strip())
    return [i for i in items if i]


# A wrapped line that starts with a number is not a row when the number goes on as a quantity
# ('…之比不少于⏎4 倍。' right before row 4).
_QUANTITY_TAIL = re.compile(r"^(?:倍|%|个|所|人|万|亿|元|年|月|日|家|项|名|次|天|小时|[。，,、；;）)])")


def _read_flat(lines: list[Line], header: int, header_cells: list[str]) -> list[RawRow]:
    roles = column_roles(header_cells)
    starts: list[tuple[int, int, int]] = []  # (line index, seq, chars of the number prefix)
    expected = 1
    end = len(lines)
    for j in range(header + 1, len(lines)):
        f = fold(lines[j].text)
        stripped = f.strip()
        if re.match(r"^(抄送|印发|附件)", stripped):
            end = j
            break
        m = re.match(r"^(\s*)(\d{1,3})(?:\s+|$)", f)
        if m and int(m.group(2)) == expected and not _QUANTITY_TAIL.match(f[m.end():]):
            starts.append((j, expected, m.end()))
            expected += 1
    rows: list[RawRow] = []
    for k, (j, seq, prefix) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        row_lines = [_line_slice(lines[j], prefix, len(lines[j].text))] + [
            clean_line(lines[x]) for x in range(j + 1, stop)
        ]
        row_lines = [r for r in row_lines if r.text]
        row = _split_flat_row(seq, row_lines, _text_width(lines, starts, end), split_lead="lead" in roles)
        if row:
            rows.append(row)
    return rows


def _lead_and_co_lines(seq: int, row_lines: list[MappedText]) -> RawRow | None:
    """Separate 牵头单位 and 配合单位 columns, flattened: the task text ends its sentence, then the lead
    cell and the co cell follow on a line each, then the deadline."""
    deadline = None
    m = _DEADLINE_TAIL.search(fold(row_lines[-1].text))
    if m and m.start("d") == len(row_lines[-1].text) - len(row_lines[-1].text.lstrip()):
        deadline, row_lines = row_lines[-1].strip(), row_lines[:-1]
    if len(row_lines) < 3:
        return None
    *task_lines, lead, co = row_lines
    if not (fold(task_lines[-1].text).rstrip()[-1:] in "。；;" and looks_like_department_list(lead.text)
            and looks_like_department_list(co.text)):
        return None
    task = join_wrapped(task_lines)
    cells = [c for c in (task, lead, co, deadline) if c is not None]
    return RawRow(seq=seq, task=task, lead=lead, dept=co, deadline=deadline, cells=cells)


def _text_width(lines: list[Line], starts: list[tuple[int, int, int]], end: int) -> int:
    """Width of the widest column in a flattened table: the task text wraps at it, while the narrow
    department column wraps much earlier."""
    if not starts:
        return 0
    return max((len(lines[j].text.strip()) for j in range(starts[0][0], end)), default=0)


def _split_flat_row(seq: int, row_lines: list[MappedText], width: int, split_lead: bool = False) -> RawRow | None:
    if not row_lines:
        return None
    if split_lead:
        row = _lead_and_co_lines(seq, row_lines)
        if row:
            return row
    deadline = None
    last = row_lines[-1]
    m = _DEADLINE_TAIL.search(fold(last.text))
    if m:
        deadline = last.slice(m.start("d"), m.end("d")).strip()
        rest = last.slice(0, m.start("d")).strip()
        row_lines = row_lines[:-1] + ([rest] if rest.text else [])
    # The department cell is the longest run of trailing lines that reads as a list of units.
    dept = None
    narrow = width * 0.7 if width >= 20 else float("inf")
    for k in range(1, len(row_lines)):
        if any(len(x.text) > narrow for x in row_lines[k:]):
            continue
        candidate = join_wrapped(row_lines[k:])
        if looks_like_department_list(candidate.text):
            dept, row_lines = candidate, row_lines[:k]
            break
    task = join_wrapped(row_lines)
    cells = [c for c in (task, dept, deadline) if c is not None]
    return RawRow(seq=seq, task=task, dept=dept, deadline=deadline, cells=cells)
