"""Responsible units: split the cell as printed, tell lead from co-responsible, and name the function.

The function lexicon is a set of domain rules about how Chinese government bodies are named
(市教体局 / 教育局 / 省教育厅 / 教育部门 → 教育), not a list of the seed documents' names.
"""

from __future__ import annotations

import re

from .clean import RESPONSIBILITY_LABEL
from .models import DepartmentRef
from .tables import split_units
from .text import fold

# (pattern on the name, canonical function, kind). First match wins, so the specific comes before
# the general (市政府金融办 is 金融, not 政府办公室; 市委教育工委 is 教育; 人民政府 is not 民政).
_FUNCTIONS: tuple[tuple[str, str, str], ...] = (
    (r"联席会议|联系会议|领导小组|工作专班", "联席会议/领导小组", "other"),
    (r"金融办|金融局|金融工作|人民银行|人行|银保监|金融监管", "金融", "government_department"),
    (r"委办公室|委办$", "党委办公室", "party_organ"),
    (r"政府办公室|政府办|办公厅", "政府办公室", "government_department"),
    (r"教育工委|教育工作委员会", "教育", "party_organ"),
    (r"宣传部|宣传", "宣传", "party_organ"),
    (r"组织部|组织部门", "组织", "party_organ"),
    (r"编办|编制|编委", "机构编制", "party_organ"),
    (r"统战部", "统战", "party_organ"),
    (r"网信办|网信", "网信", "party_organ"),
    (r"政法委", "政法", "party_organ"),
    (r"政府督查", "督查", "government_department"),
    (r"督查室|督查", "督查", "party_organ"),
    (r"纪委|监委", "纪检监察", "party_organ"),
    (r"管委会|开发区|高新区|经开区|新区|园区", "开发区管委会", "lower_government"),
    (r"人民政府|乡镇|街道|县（市、区）|县市区|设区市|各县|各区|各市|各地", "下级政府", "lower_government"),
    (r"教体局|教育局|教育厅|教育部门|教育督导|教育体育局|教育和体育局|教委|教育委员会|教育部|教育行政", "教育", "government_department"),
    (r"人社|人力资源|人力社保", "人力资源和社会保障", "government_department"),
    (r"发改|发展改革|发展和改革|发展与改革", "发展和改革", "government_department"),
    (r"工信|工业和信息化|经信|经济和信息化|工业信息化", "工业和信息化", "government_department"),
    (r"财政", "财政", "government_department"),
    (r"国资", "国有资产监督管理", "government_department"),
    (r"税务", "税务", "government_department"),
    (r"科技|科学技术", "科技", "government_department"),
    (r"商务", "商务", "government_department"),
    (r"民政|社会事务", "民政", "government_department"),
    (r"自然资源|国土|规划", "自然资源", "government_department"),
    (r"农业农村|农业|农村|畜牧|水产|渔业|农机", "农业农村", "government_department"),
    (r"卫健|卫生健康|卫生", "卫生健康", "government_department"),
    (r"文广|文旅|文化|旅游|广电", "文化旅游", "government_department"),
    (r"退役军人", "退役军人事务", "government_department"),
    (r"扶贫|乡村振兴", "乡村振兴/扶贫", "government_department"),
    (r"市场监管|市场监督", "市场监管", "government_department"),
    (r"审批", "行政审批", "government_department"),
    (r"住建|住房|城乡建设", "住房和城乡建设", "government_department"),
    (r"交通", "交通运输", "government_department"),
    (r"生态环境|环保", "生态环境", "government_department"),
    (r"应急|安委会|安委办|安全生产委员会", "应急管理", "government_department"),
    (r"公安|交警|交通警察|派出所", "公安", "government_department"),
    (r"司法", "司法", "government_department"),
    (r"统计", "统计", "government_department"),
    (r"审计", "审计", "government_department"),
    (r"水利|水务", "水利", "government_department"),
    (r"林业", "林业", "government_department"),
    (r"医保|医疗保障", "医疗保障", "government_department"),
    (r"体育", "体育", "government_department"),
    (r"海关", "海关", "government_department"),
    (r"大数据|数据资源|数据管理|数据局|数据和政务", "数据管理", "government_department"),
    (r"城管|城市管理|综合执法", "城市管理", "government_department"),
    (r"信访", "信访", "government_department"),
    (r"知识产权", "知识产权", "government_department"),
    (r"药监|药品监督", "药品监管", "government_department"),
    (r"机关事务", "机关事务", "government_department"),
    (r"民宗|民族宗教|宗教", "民族宗教", "government_department"),
    (r"侨办|外侨|台办", "侨务台务", "government_department"),
    (r"消防|救援", "消防救援", "government_department"),
    (r"气象", "气象", "government_department"),
    (r"档案", "档案", "government_department"),
    (r"粮食|储备", "粮食和物资储备", "government_department"),
    (r"供销", "供销合作", "mass_organization"),
    (r"通信管理|通信发展|通管|电信|移动|联通|电力|供电", "通信和能源", "other"),
    (r"外办|外事", "外事", "government_department"),
    (r"邮政", "邮政", "government_department"),
    (r"总工会|工会", "总工会", "mass_organization"),
    (r"团市委|团县委|团区委|团省委|团委|共青团", "共青团", "mass_organization"),
    (r"妇联", "妇联", "mass_organization"),
    (r"工商联", "工商联", "mass_organization"),
    (r"残联", "残联", "mass_organization"),
    (r"科协", "科协", "mass_organization"),
    (r"贸促会", "贸促会", "mass_organization"),
    (r"院校|学校|学院|大学|技校|职校|中专|职高|技师学院", "职业院校", "school"),
    (r"主管部门|有关部门|相关部门|职能部门|成员单位", "其他", "government_department"),
    (r"集团|公司|企业|协会|学会", "其他", "other"),
)
_COMPILED = tuple((re.compile(p), f, k) for p, f, k in _FUNCTIONS)
# For a bureau ('各市（州）文化广电旅游局'), its own function comes before the place words that would
# make it a lower government.
_BUREAU_ORDER = tuple(r for r in _COMPILED if r[2] != "lower_government") + tuple(
    r for r in _COMPILED if r[2] == "lower_government")
# County-level or lower place names standing alone in a cell are lower governments (湖口县, 庐山市).
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}(省|市|县|区|旗|镇|乡)$")


def canonical_function(name: str) -> tuple[str, str]:
    """(function, kind) of a responsible unit."""
    n = fold(name).replace("(", "（").replace(")", "）")
    bureau = n.endswith(("局", "委", "厅", "办")) and "政府" not in n
    for rx, function, kind in _BUREAU_ORDER if bureau else _COMPILED:
        if rx.search(n):
            return function, kind
    if _PLACE.match(n):
        return "下级政府", "lower_government"
    return "其他", "other"


def make_refs(names: list[str], role: str, seen: set[str] | None = None) -> list[DepartmentRef]:
    seen = set() if seen is None else seen
    refs = []
    for name in names:
        key = re.sub(r"\s+", "", fold(name))
        if not key or key in seen:
            continue
        seen.add(key)
        function, kind = canonical_function(name)
        refs.append(DepartmentRef(name=name, function=function, kind=kind, role=role))  # type: ignore[arg-type]
    return refs


def split_cell(text: str, *, spaces_separate: bool = False) -> list[str]:
    """Units of a responsibility cell, as printed. In a lead column several units are sometimes
    separated by spaces only ('市人社局 市教育局')."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    names: list[str] = []
    for unit in split_units(text):
        names.extend(unit.split(" ") if spaces_separate else [unit.replace(" ", "")])
    return [n.strip() for n in names if n.strip()]


_LEAD_MARK = re.compile(r"[（(]?牵头[）)]?$")


def row_departments(lead_cell: str | None, dept_cell: str | None, *, first_is_lead: bool = False) -> list[DepartmentRef]:
    """Departments of a task row: lead column first, then the responsible column. A single column
    may mark its leads itself: '市教育局（牵头）、市财政局' or '市教育局牵头，市财政局配合'."""
    seen: set[str] = set()
    refs = make_refs(split_cell(lead_cell, spaces_separate=True), "lead", seen) if lead_cell else []
    if dept_cell and re.search(r"牵头|配合|负责", dept_cell) and not refs:
        marked = _parse_inline(dept_cell, seen)
        if marked:
            return marked
    co = split_cell(dept_cell) if dept_cell else []
    flagged = [n for n in co if _LEAD_MARK.search(n) and len(n) > 4]
    if flagged and not refs:
        refs = make_refs([_LEAD_MARK.sub("", n) for n in flagged], "lead", seen)
        co = [n for n in co if n not in flagged]
    if first_is_lead and not refs and co:
        refs += make_refs(co[:1], "lead", seen)
        co = co[1:]
    return refs + make_refs(co, "co", seen)


# Inline responsibility written after a measure:
#   （牵头单位：市教育局；责任单位：市人社局、市财政局）
#   （市商务局牵头，海关、市贸促会按职责分工配合）      （市审批服务局负责）
_INLINE_GROUP = re.compile(r"[（(]((?:[^（）()]|[（(][^（）()]*[）)]){2,200})[）)]")
_KEYED = re.compile(
    rf"(?P<key>{RESPONSIBILITY_LABEL})\s*[:：]\s*(?P<val>.+?)(?=[;；。]|[，,]?\s*{RESPONSIBILITY_LABEL}\s*[:：]|$)")
_LEAD_KEY = re.compile(r"牵头|主办|主责")
_CO_KEY = re.compile(r"配合|协办|参与|协同")
_LEAD_VERB = re.compile(r"^(?P<who>.+?)(?P<verb>牵头负责|牵头|负责|主抓)$")
_CO_VERB = re.compile(r"^(?P<who>.+?)(?:按职责分工|按照职责分工|按职责|分别|共同)?(?:配合|参与|协助|协同)(?:落实|实施)?$")


_KEYED_LINE = re.compile(rf"(?:^|[。\n])\s*({RESPONSIBILITY_LABEL}\s*[:：][^\n]+)")


_DEADLINE_CLAUSE = re.compile(r"^(\d{4}\s*年|\d{1,2}\s*月|长期|持续|常态|每年|[“\"]?十[三四五六]五)|(完成|前|期间)$")


def inline_departments(text: str) -> list[DepartmentRef]:
    """Responsibility markers written inside a measure's text: bracketed notes, or a trailing
    '责任单位：…' line."""
    refs: list[DepartmentRef] = []
    seen: set[str] = set()
    for m in _INLINE_GROUP.finditer(text):
        refs += _parse_inline(m.group(1), seen)
    for m in _KEYED_LINE.finditer(text):
        refs += _parse_inline(m.group(1), seen)
    return refs


def _parse_inline(body: str, seen: set[str]) -> list[DepartmentRef]:
    refs: list[DepartmentRef] = []
    keyed = list(_KEYED.finditer(body))
    if keyed:
        keys = [k.group("key") for k in keyed]
        # '责任单位：X；配合单位：Y' — with cooperating units named apart, the responsible ones lead.
        responsible_leads = not any(_LEAD_KEY.search(k) for k in keys) and any(_CO_KEY.search(k) for k in keys)
        for k in keyed:
            key, val = k.group("key"), k.group("val")
            val = "，".join(c for c in re.split(r"[，,]", val) if not _DEADLINE_CLAUSE.search(c.strip()))
            role = "lead" if _LEAD_KEY.search(key) or (responsible_leads and not _CO_KEY.search(key)) else "co"
            if re.search(r"牵头|配合|负责", val):  # '责任单位：区教育局，各街道办事处配合'
                refs += _verb_clauses(val, seen, unmarked=role)
            else:
                refs += make_refs(_names(val), role, seen)
        return refs
    marked_lead = _marked_lead_list(body, seen)  # '（市商务局（牵头）、市财政局）'
    if marked_lead:
        return marked_lead
    return _verb_clauses(body, seen)


def _verb_clauses(body: str, seen: set[str], unmarked: str | None = None) -> list[DepartmentRef]:
    """'X牵头，Y配合' · 'X负责' · 'X会同Y负责'. A clause without a verb makes the note an ordinary
    remark, unless the note is keyed ('责任单位：X，Y配合'): then it leads beside a cooperating clause,
    else it takes the key's role."""
    refs: list[DepartmentRef] = []
    clauses = [c.strip() for c in re.split(r"[，,；;]", body) if c.strip()]
    parsed: list[tuple[str, str]] = []
    for clause in clauses:
        if _DEADLINE_CLAUSE.search(clause):
            continue  # '2022年6月底前完成' / '长期坚持' share the bracket with the units
        lead = _LEAD_VERB.match(clause)
        co = _CO_VERB.match(clause)
        if co and not clause.endswith(("牵头", "负责")):
            parsed.append(("co", co.group("who")))
        elif lead:
            parsed.append(("lead" if lead.group("verb").startswith("牵头") else "responsible", lead.group("who")))
        elif unmarked:
            parsed.append(("unmarked", clause))
        else:
            return []  # an ordinary bracketed remark, not a responsibility note
    if any(role == "co" for role, _ in parsed):
        parsed = [("lead" if role == "unmarked" else role, who) for role, who in parsed]
    parsed = [(unmarked or "co" if role == "unmarked" else role, who) for role, who in parsed]
    # '负责' names the leads only when nobody '牵头': "X牵头，Y按职责分工负责" makes Y co-responsible.
    has_lead = any(role == "lead" for role, _ in parsed)
    parsed = [(("co" if has_lead else "lead") if role == "responsible" else role, who) for role, who in parsed]
    for role, who in parsed:
        lead_part, _, with_part = re.sub(r"(按职责分工|按照职责分工|按职责|分别|共同)$", "", who).partition("会同")
        for part, part_role in ((lead_part, role), (with_part, "co")):  # 'X会同有关部门负责': X leads
            names = _names(part)
            if names and all(_is_unit_name(n) for n in names):
                refs += make_refs(names, part_role, seen)
    return refs


def _names(cell: str) -> list[str]:
    """Units of a note, without a trailing '等' ('财政部等')."""
    return [re.sub(r"(?<=[\u4e00-\u9fff）)])等$", "", n) for n in split_cell(cell)]


def _marked_lead_list(body: str, seen: set[str]) -> list[DepartmentRef]:
    names = split_cell(body)
    flagged = [n for n in names if re.search(r"[（(]牵头[）)]$", n) and len(n) > 4]
    if not flagged:
        return []
    plain = [_LEAD_MARK.sub("", n) if n in flagged else n for n in names]
    if not all(_is_unit_name(n) for n in plain):
        return []
    return make_refs([_LEAD_MARK.sub("", n) for n in flagged], "lead", seen) + make_refs(
        [n for n in names if n not in flagged], "co", seen)


def _is_unit_name(name: str) -> bool:
    from .tables import looks_like_department_list

    return (looks_like_department_list(name) or canonical_function(name)[0] != "其他" or name in ("海关",)
            or bool(re.search(r"(有关|相关)(单位|部门|村|社区)$|^各?村(（社区）|\(社区\))?$|^各?社区$", name)))


def declares_first_as_lead(text: str) -> bool:
    """Lists that say 'the first unit listed leads' (排在第一位的为牵头单位)."""
    return bool(re.search(r"(排在?第一|列第一|第一个|首位|排名第一)[^。]{0,6}(为|是)?牵头", text))
