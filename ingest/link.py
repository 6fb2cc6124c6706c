"""Link: task rows to the body measure they restate; one record per target per document."""

from __future__ import annotations

from .models import Measure, Target
from .text import squash

_RESTATE_MIN = 0.35


def bigrams(s: str) -> set[str]:
    s = squash(s)
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


def containment(a: str, b: str) -> float:
    """Share of the smaller text's character bigrams found in the other (robust to rewording)."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def link_restatements(body: list[Measure], tasks: list[Measure]) -> None:
    parents = {c.parent_id for c in body}  # a set: a check per measure over all others is quadratic
    leaves = [m for m in body if m.kind == "body" and m.id not in parents]
    if not leaves:
        return
    grams = {m.id: bigrams(m.title + m.text) for m in leaves}
    for task in tasks:
        t = bigrams(task.text)
        best, score = None, 0.0
        for m in leaves:
            s = len(t & grams[m.id]) / len(t) if t else 0.0
            if s > score:
                best, score = m, s
        if best is not None and score >= _RESTATE_MIN:
            task.restates = best.id


def same_target(a: Target, b: Target) -> bool:
    if a.unit != b.unit or str(a.value) != str(b.value):
        return False
    if a.year is not None and b.year is not None and a.year != b.year:
        return False  # the same level by different years: a milestone and the final goal
    if a.indicator != b.indicator and (a.span == b.span or _one_statement(a, b)):
        # one statement setting several quantities at one level ('…率、…率均达到100%'), or the same
        # value twice in a sentence ('地区生产总值增长7%、…、城镇居民人均可支配收入增长7%')
        return False
    return a.indicator == b.indicator or containment(a.evidence, b.evidence) >= 0.6


def _one_statement(a: Target, b: Target) -> bool:
    return a.span != b.span and (a.evidence in b.evidence or b.evidence in a.evidence)


def merge_duplicate_targets(measures: list[Measure]) -> None:
    """A target stated twice (body and task list, or twice in the body) is kept once, on its first
    statement, completed with what the other statement adds (a year, a comparator)."""
    kept: list[Target] = []
    for m in measures:
        mine: list[Target] = []
        for t in m.targets:
            first = next((k for k in kept if same_target(k, t)), None)
            if first is None:
                kept.append(t)
                mine.append(t)
                continue
            if first.year is None and t.year is not None and not first.recurring:
                first.year = t.year
            if first.comparator == "=" and t.comparator != "=":
                first.comparator = t.comparator
        m.targets = mine
