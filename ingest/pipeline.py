"""The ingest pipeline: read → clean → metadata → segment → task lists → extract → link.

One document at a time; a document that fails leaves nothing behind, the others go on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .attachments import Attachment, group_name, leaf_sections, split_attachments
from .clean import CLOSING_CLAUSE, GOAL_LABEL, Paragraph, build_paragraphs, separate_noise, split_run_on
from .deadlines import inline_deadline, parse_deadline
from .departments import declares_first_as_lead, inline_departments, row_departments
from .ids import document_id
from .indicator_tables import IndicatorRow, indicator_rows
from .link import link_restatements, merge_duplicate_targets
from .metadata import extract_metadata, infer_doc_year
from .models import IngestFailure, Measure, NoiseBlock, PolicyCorpus, PolicyDocument, Span, stable_id
from .prose_departments import prose_departments
from .read import DOCUMENT_SUFFIXES, ReadError, SourceText, read_bytes, read_source
from .segment import Section, join_paragraphs, paragraph_sections, section_text, segment, split_title
from .tables import RawRow, TaskList, find_task_lists
from .targets import extract_targets
from .text import MappedText, fold, split_lines
from .work_report import ReportFrame, report_frame

Progress = Callable[[str], None]
_TRAILER = re.compile(rf"^((?:{CLOSING_CLAUSE.pattern[1:]}).*|（此件[^）]*）|\(此件[^)]*\)|[\u4e00-\u9fff]{{2,20}}(人民政府|办公室|办公厅)|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)$")


# The distribution block that closes a document: '抄送：…', '联系人：…', '…办公室 2023年4月20日印发'
_SIGN_OFF = re.compile(r"^(抄送|联系人|联系电话)\s*[:：]|^[\u4e00-\u9fff\s]{2,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发")


def corpus_files(folder: Path) -> list[Path]:
    """Every file of the folder but hidden ones (.DS_Store, editors' lock files): documents are read,
    anything else is reported by ingest_corpus."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def ingest_corpus(folder: Path, progress: Progress | None = None, workers: int = 1) -> PolicyCorpus:
    return ingest_files(corpus_files(folder), progress, workers)


def ingest_files(paths: Iterable[Path], progress: Progress | None = None, workers: int = 1) -> PolicyCorpus:
    """Each file read and extracted on its own; a file that fails is a failure line, never a partial document."""
    return ingest_sources(((p.name, p.read_bytes) for p in paths), progress, workers)


MIN_PARALLEL = 16  # fewer documents than this are extracted in this process: starting workers costs ~1 s


def ingest_sources(sources: Iterable[tuple[str, Callable[[], bytes]]], progress: Progress | None = None,
                   workers: int = 1) -> PolicyCorpus:
    """(name, bytes) pairs, from a folder or an upload: names are labels only, never paths.

    workers > 1 extracts documents in that many processes; results are taken in the given order, so the
    corpus (documents, failures, id collisions) is the same as with one."""
    sources = list(sources)
    corpus = PolicyCorpus()
    owner: dict[str, str] = {}  # id → the file that has it: a collision is reported, never an overwrite
    for name, outcome in _extracted(sources, workers):
        if isinstance(outcome, PolicyDocument) and outcome.id in owner:
            outcome = f"its document id {outcome.id} is already {owner[outcome.id]}'s; rename one of them"
        if isinstance(outcome, PolicyDocument):
            owner[outcome.id] = name
            corpus.documents.append(outcome)
        else:
            corpus.failures.append(IngestFailure(name, outcome))
        if progress:
            progress(name)
    return corpus


def _extracted(sources: list[tuple[str, Callable[[], bytes]]], workers: int):
    """(name, document or failure reason) per source, in order; in worker processes when asked and worth it."""
    if workers <= 1 or len(sources) < MIN_PARALLEL:
        yield from ((name, _extract(name, data)) for name, data in sources)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # forkserver: workers fork from a clean server process, never from this one (whose threads, e.g. a
    # progress bar's, may hold locks a forked child would inherit)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    done = 0
    try:
        with ProcessPoolExecutor(min(workers, len(sources)), mp_context=ctx) as pool:
            for outcome in pool.map(_extract, *zip(*sources, strict=True), chunksize=4):
                yield sources[done][0], outcome
                done += 1
    except BrokenProcessPool:  # a worker died (killed, out of memory): the rest here, one at a time
        yield from ((name, _extract(name, data)) for name, data in sources[done:])


def _extract(name: str, data: Callable[[], bytes]) -> PolicyDocument | str:
    """One source's document, or why it has none (a worker's result: it never raises)."""
    try:
        if Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
            raise ReadError(f"not a document type read here ({Path(name).suffix or 'no suffix'}); "
                            "documents are .txt, .md, .docx, .pdf, .html")
        return ingest_text(read_bytes(name, data()))
    except ReadError as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    except Exception as exc:  # one broken document must not stop the corpus; reported per file
        return f"internal error: {type(exc).__name__}: {exc}"


def ingest_file(path: Path) -> PolicyDocument:
    return ingest_text(read_source(path))


def ingest_text(src: SourceText) -> PolicyDocument:
    lines = split_run_on(split_lines(src.text))
    task_lists = find_task_lists(lines)
    # The body is what lies around the tables: it goes on after a table set in its middle.
    bounds = [0] + [b for t in task_lists for b in (t.start_line, t.end_line)] + [len(lines)]
    body_lines = [build_paragraphs(lines, a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    paragraphs, noise = separate_noise([p for part in body_lines for p in part])
    paragraphs, attachments = split_attachments(paragraphs)
    paragraphs = _body_only(paragraphs)
    noise += [NoiseBlock(p.text.text, p.text.span(), "roster attachment")
              for a in attachments if a.is_roster for p in a.paragraphs]
    sections, preamble = segment(paragraphs)
    preamble_text = join_paragraphs(preamble).text
    meta = extract_metadata(lines, preamble_text, src.text)
    if task_lists and not meta.title and task_lists[0].title:
        meta.title = task_lists[0].title
    frame = report_frame(src.text)
    # A web page's publish date is no issue date, but it dates the text when the text does not.
    doc_year = frame.year if frame and frame.year else (
        infer_doc_year(meta.issued_date, src.text) or (int(src.date_hint[:4]) if src.date_hint else None))
    doc_id = document_id(src.name)
    if not meta.title and src.title_hint:  # a web page's own title stands in when its text prints none
        meta.title = src.title_hint
    doc = PolicyDocument(id=doc_id, source=src.name, sha256=src.sha256, encoding=src.encoding, meta=meta, noise=noise,
                         text=src.text, pages=src.pages)
    first_lead = declares_first_as_lead(src.text)
    tasks = _task_measures(doc_id, task_lists, doc_year, first_lead)
    tasks += _attachment_tasks(doc_id, [a for a in attachments if not a.is_roster], doc_year)
    if not sections and not tasks:  # no numbering and no task list: the paragraphs are the measures
        sections = paragraph_sections(paragraphs)
    body = _preamble_goals(doc_id, preamble, doc_year) + _body_measures(doc_id, sections, doc_year)
    body += _place_indicator_rows(doc_id, indicator_rows(lines), body)
    doc.measures = body + tasks
    link_restatements(body, tasks)
    if frame:  # last year's result restated as this year's goal is the goal: drop the review first
        _goals_of_the_report_year(doc, frame)
        merge_duplicate_targets(doc.measures)
    else:
        merge_duplicate_targets(doc.measures)
        _year_from_title(doc)
    for m in doc.measures:
        m.page = src.page_at(m.span.start)
    return doc


def _goals_of_the_report_year(doc: PolicyDocument, frame: ReportFrame) -> None:
    """A work report's targets are its plan's: nothing from the review, nothing dated before the
    report's year; a goal that states no year is for the report's year."""
    for m in doc.measures:
        kept = []
        for t in m.targets:
            if t.span.start < frame.plan_start or (t.year is not None and frame.year and t.year < frame.year):
                continue
            if t.year is None and not t.recurring:
                t.year = frame.year
            kept.append(t)
        m.targets = kept


def _year_from_title(doc: PolicyDocument) -> None:
    """An annual plan ('桂阳县2024年全面推进乡村振兴重点任务分工方案') sets its targets for its year: a
    target that states none gets it. A plan over a period ('2023—2025年') or without a year gives none."""
    title = fold(doc.meta.title or "")
    years = set(re.findall(r"(20\d{2})\s*年", title))
    if len(years) != 1 or re.search(r"\d{4}\s*年?\s*[-—–~～至到]\s*\d{4}", title):
        return
    year = int(years.pop())
    for m in doc.measures:
        for t in m.targets:
            if t.year is None and not t.recurring:
                t.year = year


def _body_only(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop the signature and distribution block."""
    out: list[Paragraph] = []
    for p in paragraphs:
        if _SIGN_OFF.match(fold(p.text.text)) and out:
            break
        out.append(p)
    while out and _TRAILER.match(re.sub(r"\s+", "", out[-1].text.text)):
        out.pop()
    return out


def _body_measures(doc_id: str, sections: list[Section], doc_year: int | None) -> list[Measure]:
    measures: list[Measure] = []
    ids: dict[int, str] = {}
    used: dict[str, int] = {}
    for s in sections:
        kind = "goal" if s.framing else "body"
        mid = _unique(stable_id("m", doc_id, "body", s.path), used)
        ids[id(s)] = mid
        text = section_text(s)
        span_src = s.span_text()
        m = Measure(id=mid, kind=kind, path=s.path, seq=None, title=s.title, text=text.text,
                    span=span_src.span(), parent_id=ids.get(id(s.parent)) if s.parent else None)
        full = s.heading.text + "\n" + text.text
        m.departments = inline_departments(full) or prose_departments(full)
        m.deadline = inline_deadline(full, doc_year)
        for para in ([s.heading] if not s.body else []) + s.body:
            if not _TABLE_ROW.match(para.text):  # an indicator table's rows are read as a table
                m.targets += [c.target for c in extract_targets(para, doc_year)]
        _year_from_deadline(m)
        measures.append(m)
    return measures


_TABLE_ROW = re.compile(r"^\s*[|｜]|[^\t\n]\t")


def _place_indicator_rows(doc_id: str, rows: list[IndicatorRow], body: list[Measure]) -> list[Measure]:
    """An indicator table's targets go to the measure the table sits in; a table outside the body (an
    attachment) becomes a goal measure of its own, '主要指标'. Returns the measures it adds."""
    loose: list[IndicatorRow] = []
    for row in rows:
        home = next((m for m in reversed(body) if m.span.start <= row.offset < m.span.end), None)
        if home:
            home.targets.append(row.target)
        else:
            loose.append(row)
    if not loose:
        return []
    start, end = loose[0].offset, max(r.target.span.end for r in loose)
    goal = Measure(id=stable_id("m", doc_id, "goal", "主要指标"), kind="goal", path="主要指标", seq=None,
                   title="主要指标", text="\n".join(r.target.evidence for r in loose), span=Span(start, end))
    goal.targets = [r.target for r in loose]
    return [goal]


# An unlabelled paragraph ahead of the numbering that states goals: '到2025年，…达到…' · '力争…'.
_STATES_GOALS = re.compile(r"(?:到|至)\s*20\d{2}\s*年(?:底|末)?[，,]|力争|预期目标|主要目标|目标是")


def _preamble_goals(doc_id: str, preamble: list[MappedText], doc_year: int | None) -> list[Measure]:
    """Text before the first heading is kept when it states goals: a labelled '主要目标：…' paragraph
    (often right above a task list), or one that sets targets ('到2025年，全市…达到…'). Each is a goal
    measure whose targets count."""
    goals: list[Measure] = []
    used: dict[str, int] = {}
    for p in preamble:
        f = fold(p.text).strip()
        label = GOAL_LABEL.match(f)
        if not label and not _STATES_GOALS.search(f):
            continue
        targets = [c.target for c in extract_targets(p, doc_year)]
        if not label and not targets:
            continue
        name = label.group(1) if label else "目标"
        m = Measure(id=_unique(stable_id("m", doc_id, "goal", name), used), kind="goal",
                    path=name, seq=None, title=name if label else split_title(p)[0], text=p.text, span=p.span())
        m.targets = targets
        goals.append(m)
    return goals


def _task_measures(doc_id: str, task_lists: list[TaskList], doc_year: int | None,
                   first_lead: bool) -> list[Measure]:
    """Rows of every task list; those of a second list (附件2 重点项目清单) are grouped under its title
    unless they carry a group of their own."""
    measures: list[Measure] = []
    used: dict[str, int] = {}
    for k, task_list in enumerate(task_lists):
        for row in task_list.rows:
            if k and row.group is None:
                row.group = task_list.title
    for row in (row for task_list in task_lists for row in task_list.rows):
        m = _task_measure(doc_id, row, doc_year, first_lead, used)
        m.targets = [c.target for c in extract_targets(row.task, doc_year)]
        _year_from_deadline(m)
        measures.append(m)
    return measures


def _attachment_tasks(doc_id: str, attachments: list[Attachment], doc_year: int | None) -> list[Measure]:
    """An attachment that is no grid: its numbered paragraphs are the rows of its task list, grouped
    under the headings above them (score weights dropped from the group names)."""
    measures: list[Measure] = []
    for a in attachments:
        sections, _ = segment(_body_only(a.paragraphs))
        for seq, s in enumerate(leaf_sections(sections), 1):
            chain = []
            up = s.parent
            while up:
                chain.insert(0, group_name(up.title))
                up = up.parent
            text = section_text(s)
            m = Measure(id=stable_id("m", doc_id, "attachment", a.number, s.path), kind="task", path=None, seq=seq,
                        title=group_name(s.title), text=text.text, span=s.span_text().span(),
                        group=chain[0] if chain else a.title or None, subgroup=chain[1] if len(chain) > 1 else None)
            full = s.heading.text + "\n" + text.text
            m.departments = inline_departments(full) or prose_departments(full)
            m.deadline = inline_deadline(full, doc_year)
            for para in ([s.heading] if not s.body else []) + s.body:
                m.targets += [c.target for c in extract_targets(para, doc_year)]
            _year_from_deadline(m)
            measures.append(m)
    return measures


def _task_measure(doc_id: str, row: RawRow, doc_year: int | None, first_lead: bool, used: dict[str, int]) -> Measure:
    title = row.title or split_title(row.task)[0]
    span = _row_span(row)
    m = Measure(id=_unique(stable_id("m", doc_id, "task", row.seq), used), kind="task", path=None, seq=row.seq,
                title=title, text=row.task.text, span=span, group=row.group, subgroup=row.subgroup)
    lead = row.lead.text if row.lead else None
    dept = row.dept.text if row.dept else None
    m.departments = row_departments(lead, dept, first_is_lead=first_lead) if (lead or dept) \
        else inline_departments(row.task.text) or prose_departments(row.task.text)
    m.deadline = parse_deadline(row.deadline.text, doc_year) if row.deadline and row.deadline.text.strip() \
        else inline_deadline(row.task.text, doc_year) if row.deadline is None else parse_deadline(None)
    return m


def _year_from_deadline(m: Measure) -> None:
    """A target whose sentence states no year is due when its measure is (the row's 完成时限, or
    '2022年底前完成' written in the measure); recurring quantities have no target year."""
    if m.deadline.kind not in ("date", "period"):
        return
    for t in m.targets:
        if t.year is None and not t.recurring:
            t.year = m.deadline.year


def _row_span(row: RawRow) -> Span:
    cells: Iterable[MappedText] = row.cells or [row.task]
    spans = [c.span() for c in cells if c.text]
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def _unique(mid: str, used: dict[str, int]) -> str:
    """The id, or id_2, id_3… for its repeats; `used` counts each base id's takers (a probe from _2
    upwards would be quadratic in a document that repeats one item thousands of times)."""
    base, k = mid, used.get(mid, 0)
    while mid in used:
        k += 1
        mid = f"{base}_{k}"
    used[base] = k if k else 1
    used.setdefault(mid, 1)
    return mid

