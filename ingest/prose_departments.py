"""Responsibility written in prose, where no note or table says who does a measure.

The genre names the actor at the head of a clause and the verb tells the role:
  由X牵头，会同Y…            X leads, Y co-responsible
  X会同Y负责… · X要会同Y…     X leads, Y co-responsible ('会同有关部门' names nobody)
  X牵头… · X要做好牵头统筹     X leads
  X负责…                     X leads when nobody 牵头s
  X要… · X将… · X应… · 由X确定 · 委托X办理     X co-responsible
A unit named in several clauses keeps its strongest role. Actors are public bodies only: the subject
must read as a unit name (a lexicon function, a collective such as 各地 / 各有关部门, or an official
body suffix); firms, people and the zones a policy is about ('国家级开发区要…') are not actors.
"""

from __future__ import annotations

import re

from .departments import _is_unit_name, make_refs
from .gazetteer import gazetteer, short_place_names
from .models import DepartmentRef
from .text import fold

# Units joined in one subject: 'A、B和C' · 'A及B' · 'A与B'.
_JOIN = re.compile(r"[、和及与]|以及")
# The verbs that make the clause head an actor.
_VERB = re.compile(
    r"^(?:要|应当|应|须|必须|需要|需|将|负责|牵头|会同|统筹|对|按照|按|遵照|汇总|建立|组织|做好|落实|加强|"
    r"积极|切实|认真|及时|进一步|加快|全力|抓紧|尽快|主动|依法|共同|分别|联合)"
)
# What a delegated unit does: '由各地因地制宜确定' · '委托X办理' · '由X限期整改'.
_DELEGATED_VERB = re.compile(r"^(?:因地制宜|限期|办理|确定|提供|实施|承担|审核|认定|执行|统一|制定|研究|组织|按)")
_VERB_ANY = re.compile(_VERB.pattern.lstrip("^"))
_DELEGATED_ANY = re.compile(_DELEGATED_VERB.pattern.lstrip("^"))
# The last character of a unit name: 部门 · 单位 · 局 · 厅 · 委 · 政府 · 各地 · 设区市 · 省财政 · 系统 · 省级 …
_UNIT_END = "门位局厅委办府地市县区州省院心处科站所队统级会团联政"
# Collectives the genre addresses: 各地 · 各部门 · 各有关部门 · 各责任单位 · 全省各级X部门 · 各级政府 · 省级.
_COLLECTIVE = re.compile(
    r"^(?:全省|全市|全县|全区|全州)?(?:各级|各)?(?:[\u4e00-\u9fff]{0,10})(?:部门|单位|系统|地区|政府)$|^[省市县区]级$"
    r"|^(?:省|市|县|区|州)(?:局|厅|委|院|政府)$"
)
# Bodies by their suffix, with an official prefix: 省计量院 · 省局综合规划处 · …国家质检中心.
_BODY = re.compile(r"(?:^[省市县区州]|国家).{0,12}(?:院|中心|站|所|处|科|队)$")
# The zones a development-zone policy reforms are its subject, not an actor.
_AREA = re.compile(r"(?:开发区|园区|监管区|保税区|综合保税区|示范区|试验区)$")
_GENERIC = re.compile(r"^(?:各|全省|全市)?(?:有关|相关)(?:部门|单位)$")


# A run holding a verb of the clause is not a name ('市财政局研究制定各地').
_VERBISH = re.compile(r"要|研究|制定|负责|推进|开展|加强|落实|建立|组织|做好|提供|实施|确定|按照|对于|通过|给予|提出|性地"
                      r"|^(?:指导|支持|鼓励|引导|督促|推动|帮助|要求|协调|允许|促进|依托)")


# Words that open a clause's predicate or a phrase, never a unit's name.
_NOT_SUBJECT_START = re.compile(
    r"^(?:聚焦|着眼|发挥|加快|改革|健全|强化|出台|满足|确保|谋划|立足|努力|更好|重视|积极|主动|继续|推动|推进|深化|"
    r"完善|提升|拓展|叠加|引进|打造|建设|反映|协助|以上|可以|保障|也是|是|服务|探索|全面|实现|加强|落实|坚持|围绕|"
    r"对|为|在|把|让|使|向|从|与|和|及|将|以|我|你|本|该|其|请|凡|若|如)")
# What a name never holds: a particle, quotes, digits, a title mark.
_NOT_NAME = re.compile(r"[的之“”\"《》\d]|所需|布局|格局|全会|会议")
# Lower governments named as a whole: 各市 · 各县（市、区） · 设区市 · 市县 · 县（区）政府.
_PLACE_COLLECTIVE = re.compile(r"^(?:各|全省各|各个)?(?:市|县|区|设区市|市县|县[（(][市区、]+[）)]|市[（(][州县区、]+[）)])$")
_STRONG_SUFFIX = re.compile(
    r"(?:部门|单位|局|厅|委|办|办公室|政府|院|中心|处|科|站|队|系统|管委会|委员会|会|联|团|团委|财政|海关|街道|乡镇|"
    r"社区|村|银行)$")


# How a unit's name opens: a level or collective word, a mass organisation, or a place name (below).
_UNIT_START = re.compile(
    r"^(?:各|全省|全市|全县|全区|全州|全盟|省|市|县|区|州|盟|旗|镇|乡|有关|相关|属地|当地|乡镇|街道|国家|中共|政府|"
    r"共青团|团|工会|妇联|残联|科协|文联|侨联|工商联|红十字会|海关|人行|人民银行|税务)")


def _opens_like_a_unit(name: str) -> bool:
    if _UNIT_START.match(name) or (name.endswith("地区") and len(name) <= 6):
        return True
    places, short = gazetteer(), short_place_names()
    return any(name[:k] in places or name[:k] in short for k in range(2, min(len(name), 10) + 1))


def _is_actor(name: str) -> bool:
    if name in gazetteer():  # a place named in full acts for its government ('和平区要…')
        return True
    if not 2 <= len(name) <= 20 or _NOT_NAME.search(name) or _NOT_SUBJECT_START.match(name) or _VERBISH.search(name):
        return False
    if not _opens_like_a_unit(name):
        return False
    if _AREA.search(name) and "管委会" not in name:
        return False
    if _COLLECTIVE.match(name) or _BODY.search(name) or _PLACE_COLLECTIVE.match(name):
        return True
    if re.search(r"[省市县区州盟旗]$", name):  # a place acts only as its government: a real place name
        return name in gazetteer() or name.replace("各", "") in ("地", "设区市")
    return bool(_STRONG_SUFFIX.search(name) or name in ("各地", "省级", "市级", "县级")) and _is_unit_name(name)


def _units(who: str) -> list[str] | None:
    """The units of a subject, a shared head distributed ('中、高风险地区' → 中风险地区, 高风险地区;
    '各设区市和省直管县（市）市场监管部门' → two bureaus); None when any part is not a unit."""
    parts = _JOIN.split(who)
    if not all(parts):  # '和平区' is no 'A和B'
        return [who] if _is_actor(who) else None
    last = parts[-1]
    head = re.search(r"(?<=[市县区省）)])([\u4e00-\u9fff]{2,8}(?:部门|局|厅|委))$", last)
    out = []
    for k, p in enumerate(parts[:-1]):
        listed = who[who.index(p) + len(p):][:1] == "、" if k == len(parts) - 2 else True
        if listed and len(p) < len(last) and len(p) <= 2 and not _is_actor(p):
            p = p + last[len(p):]  # '中、高风险地区': '中' + '风险地区'
        elif head and re.search(r"[市县区省）)]$", p) and not p.endswith(head.group(1)):
            p = p + head.group(1)
        out.append(p)
    out.append(last)
    if all(_is_actor(p) for p in out):
        return out
    return [who] if "、" not in who and _is_actor(who) else None  # '钨与稀土国家质检中心' is one body


def _head(clause: str) -> tuple[list[str], str] | None:
    """The units heading a clause and the rest of it: the shortest run of names that reads as units
    and is followed by an actor's verb ('由X因地制宜确定', '委托X办理' with a delegated one)."""
    delegated = re.match(r"^(?:由|委托)", clause)
    start = delegated.end() if delegated else 0
    window = clause[: start + 40]
    verbs = _VERB_ANY.finditer(window) if not delegated else \
        sorted([*_VERB_ANY.finditer(window), *_DELEGATED_ANY.finditer(window)], key=lambda v: v.start())
    for v in verbs:  # only where a verb follows a unit's last character can a subject end
        k = v.start()
        if k < start + 2 or clause[k - 1] not in _UNIT_END:
            continue
        units = _units(clause[start:k])
        if units:
            return units, clause[k:]
    return None


def _partners(text: str) -> list[str]:
    """The units after 会同: the longest run of names that reads as units ('会同市财政局、市人社局制定…')."""
    for k in range(min(len(text), 40), 1, -1):
        if text[k - 1] in _UNIT_END:
            units = _units(text[:k])
            if units:
                return units
    return []


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[。；;！!？?，,：:\n]", fold(text)) if c.strip()]


def prose_departments(text: str) -> list[DepartmentRef]:
    """Departments told to act in a measure's prose, lead before co-responsible."""
    roles: dict[str, str] = {}
    order: list[str] = []
    leads_named = "牵头" in text

    def put(name: str, role: str) -> None:
        if name not in roles:
            order.append(name)
        if role == "lead" or name not in roles:
            roles[name] = role

    for clause in _clauses(text):
        if clause.startswith("会同"):  # '由X牵头，会同Y、Z制定…'
            for u in _partners(clause[2:]):
                if not _GENERIC.match(u):
                    put(u, "co")
            continue
        head = _head(clause)
        if not head:
            continue
        units, rest = head
        partner = re.match(r"^要?会同", rest)
        if partner:
            for u in units:
                put(u, "lead")
            for u in _partners(rest[partner.end():]):
                if not _GENERIC.match(u):
                    put(u, "co")
            continue
        leads = rest.startswith("牵头") or "牵头" in rest[:6] or (rest.startswith("负责") and not leads_named) \
            or all(u.endswith(("牵头部门", "牵头单位")) for u in units)
        for u in units:
            put(u, "lead" if leads else "co")
    names = _drop_restated(order)
    if "（" in text:  # names were read on the folded text: give them back their printed brackets
        roles = {n.replace("(", "（").replace(")", "）"): r for n, r in roles.items()}
        names = [n.replace("(", "（").replace(")", "）") for n in names]
    refs = make_refs([n for n in names if roles[n] == "lead"], "lead")
    return refs + make_refs([n for n in names if roles[n] == "co"], "co", {r.name for r in refs})


def _drop_restated(names: list[str]) -> list[str]:
    """'有关部门' after '各有关部门' names the same set."""
    return [n for n in names if not ("各" + n in names or "全省" + n in names or "全市" + n in names)]
