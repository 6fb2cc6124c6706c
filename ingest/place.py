"""Where a document belongs: from its issuer or title, else from how the text speaks of itself.

A text names its own jurisdiction by its self-references, not by the place it mentions most:
'我代表市人民政府' / '我代表区人民政府' (a work report), '全市' / '全州' / '全盟' / '我省', '省政府各部门'. They give
the level and kind of place (a 市, a 自治州, a 区 …); among the places of that kind, the one whose name and
subordinate places the text mentions most is the document's. '我代表国务院' is a national document: no region.
"""

from __future__ import annotations

import re
from collections import Counter

from .gazetteer import Place, county_places, gazetteer, places_in, short_name, short_place_names
from .text import squash

_CONTENT_SAMPLE = 200_000  # enough to place any real document; bounds the cost of huge inputs
_NATIONAL = re.compile(r"我代表国务院|国务院各部委、各直属机构")
# '我代表常州市人民政府' · '我代表市人民政府' · '我代表区人民政府' · '我代表自治区人民政府'
_REPORTER = re.compile(r"我代表(?P<name>[\u4e00-\u9fff]{0,12}?)(?P<kind>自治区|自治州|省|市|州|盟|区|县|旗)人民政府")
# Whom a notice is addressed to: '各市、县（区）人民政府，省政府各部门' is the province's.
_ADDRESSEE = re.compile(r"(?P<kind>省|市|州|盟|区|县|旗)(?:政府|人民政府)各(?:部门|委办局|工作部门|直属机构)|(?P<direct>省|市|县|区)直各(?:部门|单位)")
# '全市' · '我州' · '全盟' …, counted to tell the kind when nobody reports
_SELF = re.compile(r"(?:全|我|本)(?P<kind>省|市|州|盟|区|县|旗)(?![长委级])")


def place_of(issuer: str | None, title: str | None, text: str) -> Place | None:
    """The document's place: its issuer's or title's, else the one its self-references point to."""
    return region_from(issuer, title) or region_from_content(text)


def region_from(*texts: str | None) -> Place | None:
    for text in texts:
        if not text:
            continue
        found = places_in(squash(text))
        if found:
            return _most_specific(found)
    return None


def _most_specific(found: list[tuple[int, Place]]) -> Place:
    """'杭州市拱墅区人民政府办公室' is the district's office, not the city's: from the first place named,
    follow the places written right after it, each inside the one before."""
    found = sorted(found, key=lambda f: f[0])
    pos, place = found[0]
    end = pos + len(place.name)
    for start, nxt in found[1:]:
        if start != end:
            break
        inside = [c for c in gazetteer()[nxt.name]
                  if c.parent == place.name or (place.level == "province" and c.province == place.name)]
        if not inside:
            break
        place, end = inside[0], start + len(nxt.name)
    return place


def region_from_content(text: str) -> Place | None:
    t = squash(text[:_CONTENT_SAMPLE])
    if _NATIONAL.search(t):
        return None
    reporter = _REPORTER.search(t)
    if reporter and reporter.group("name"):
        named = region_from(reporter.group("name") + reporter.group("kind"))
        if named:
            return named
    addressee = _ADDRESSEE.search(t[:3000])
    kind = reporter.group("kind") if reporter else \
        (addressee.group("kind") or addressee.group("direct")) if addressee else _self_kind(t)
    if kind is None:
        kind = _kind_from_units(t)
    return _best_of_kind(t, kind)


_SPECIFIC_FIRST = ("县", "旗", "区", "市", "州", "盟", "省")


def _self_kind(t: str) -> str | None:
    """The most specific '全X' the text uses often: a prefecture's report says '全省第一' as well as '全州'."""
    counts = Counter(m.group("kind") for m in _SELF.finditer(t))
    if not counts:
        return None
    floor = max(2, 0.15 * counts.most_common(1)[0][1])
    return next((k for k in _SPECIFIC_FIRST if counts[k] >= floor), None)


def _kind_from_units(t: str) -> str | None:
    """No self-reference: the level of the units it assigns tasks to (市X局 → a city, 省X厅 → a province)."""
    counts = Counter(m.group(1) for m in re.finditer(r"(省|市|县|区)(?:委|政府)?[\u4e00-\u9fff]{1,6}(?:局|厅|委|办)", t))
    return counts.most_common(1)[0][0] if counts else None


def _of_kind(p: Place, kind: str | None) -> bool:
    """Is the place one that calls itself '全<kind>'? A 市 is a prefecture city, a county-level city or a
    municipality; a 区 a district or an autonomous region; a 州 an autonomous prefecture."""
    if kind is None:
        return p.level != "county"
    n = p.name
    return {
        "省": p.level == "province" and n.endswith("省"),
        "自治区": p.level == "province" and n.endswith("自治区"),
        "市": n.endswith("市"),
        "州": p.level == "prefecture" and n.endswith("州"),
        "自治州": p.level == "prefecture" and n.endswith("自治州"),
        "盟": n.endswith("盟"),
        "区": (p.level == "county" and n.endswith("区")) or n.endswith("自治区"),
        "县": p.level == "county" and n.endswith("县"),
        "旗": p.level == "county" and n.endswith("旗"),
    }[kind]


def _best_of_kind(t: str, kind: str | None) -> Place | None:
    """Among places of the kind, the one the text names most, counting its subordinate places too."""
    mentioned = Counter(p.name for _, p in places_in(t))
    scores: Counter[Place] = Counter()
    subordinate: Counter[str] = Counter()
    for short, places in short_place_names().items():
        n = t.count(short)
        if n:
            for p in places:
                if _of_kind(p, kind):
                    scores[p] += n
                if p.level == "prefecture" and len(places) == 1:  # '南昌、赣州' speak of 江西省
                    subordinate[p.province] += n
    for name, n in mentioned.items():
        for p in gazetteer()[name]:
            if p.level == "county" and len(name) > 2 and _of_kind(p, kind):  # '城区' · '郊区' are words too
                scores[p] += 2 * n
    if kind in ("市", "县"):  # a county-level city or a county is written short too: 天门 for 天门市
        for p in county_places():
            short = short_name(p.name)
            if short != p.name and len(short) >= 2 and _of_kind(p, kind):
                scores[p] += t.count(short)
    for name, n in mentioned.items():
        for p in gazetteer()[name]:
            subordinate[p.parent or ""] += n if p.level == "county" else 0
            if p.level == "prefecture" or (p.level == "county" and p.parent == p.province):
                subordinate[p.province] += n
    for p in list(scores):
        scores[p] += subordinate.get(p.name, 0)
    for title in re.findall(r"《([^》]{2,60})》", t):  # a text cites its own jurisdiction's documents
        for p in list(scores):
            if title.startswith((p.name, short_name(p.name))):
                scores[p] += 3
    if not scores:
        return None
    best = scores.most_common(1)[0]
    return best[0] if best[1] >= 2 else None
