"""Text retrieval over measures: jieba tokens, BM25 for search, TF-IDF cosine for similarity.

jieba loads its dictionary once, lazily (≈0.8 s), and only for these queries; the ingest path never
segments. An index is built from the measure texts a store returns and cached by the store's fingerprint.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .models import MeasureText

_JIEBA_LOCK = threading.Lock()
_KEEP = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2,}|\d+[+＋][A-Za-z]")
_STOP = frozenset(
    ["的", "了", "和", "与", "及", "等", "在", "对", "将", "把", "为", "以", "是", "由", "按", "按照", "进一步", "加强", "推进", "推动", "支持", "鼓励", "建立", "健全", "完善", "开展", "实施", "落实", "提高", "提升", "全面", "积极", "加快", "大力", "深化", "相关", "有关", "各类", "一批", "工作", "方面", "机制", "体系", "建设", "发展", "服务", "全市", "全省", "我市", "我省", "各地", "要", "并", "或", "其", "中", "上", "下", "不", "可", "可以", "应", "应当", "到", "年", "月", "以上", "以下"]
)


@lru_cache(maxsize=1)
def _jieba():
    with _JIEBA_LOCK:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        return jieba


def tokenize(text: str) -> list[str]:
    """Content words of a text (jieba precise mode, HMM off: faster, and the dictionary covers the genre)."""
    words = _jieba().lcut(text, HMM=False)
    return [w for w in (w.strip().lower() for w in words) if w and w not in _STOP and _KEEP.search(w)]


@dataclass
class TextIndex:
    measures: list[MeasureText]
    tokens: list[Counter[str]] = field(default_factory=list)
    df: Counter[str] = field(default_factory=Counter)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    vectors: list[dict[str, float]] = field(default_factory=list)
    avg_len: float = 1.0

    @classmethod
    def build(cls, measures: list[MeasureText]) -> TextIndex:
        ix = cls(sorted(measures, key=lambda m: m.ref.id))
        cache: dict[str, Counter[str]] = {}  # identical texts (copied plans) are segmented once
        for k, m in enumerate(ix.measures):
            text = m.ref.title + "\n" + m.text
            bag = cache.get(text)
            if bag is None:
                bag = cache[text] = Counter(tokenize(text))
            ix.tokens.append(bag)
            ix.df.update(bag.keys())
            for word in bag:
                ix.postings[word].append(k)
        n = len(ix.measures) or 1
        ix.avg_len = sum(sum(b.values()) for b in ix.tokens) / n or 1.0
        ix.vectors = [ix._tfidf(bag) for bag in ix.tokens]
        return ix

    def idf(self, word: str) -> float:
        n = len(self.measures)
        return math.log(1 + (n - self.df.get(word, 0) + 0.5) / (self.df.get(word, 0) + 0.5))

    def _tfidf(self, bag: Counter[str]) -> dict[str, float]:
        vec = {w: (1 + math.log(c)) * self.idf(w) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def search(self, query: str, allowed: set[int] | None = None, k1: float = 1.5, b: float = 0.75) -> list[tuple[int, float]]:
        """BM25 over the query's tokens; ties broken by measure id."""
        terms = [t for t in dict.fromkeys(tokenize(query))] or [query.strip()]
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            idf = self.idf(term)
            for k in self.postings.get(term, []):
                if allowed is not None and k not in allowed:
                    continue
                tf = self.tokens[k][term]
                length = sum(self.tokens[k].values())
                scores[k] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / self.avg_len))
        if not scores and query.strip():  # words jieba splits differently: fall back to substring
            q = query.strip()
            for k, m in enumerate(self.measures):
                if (allowed is None or k in allowed) and q in m.ref.title + m.text:
                    scores[k] = 1.0
        return sorted(scores.items(), key=lambda kv: (-kv[1], self.measures[kv[0]].ref.id))

    def similar(self, k: int, candidates: set[int] | None = None, top_terms: int = 25) -> list[tuple[int, float]]:
        """Cosine similarity of measure k to others sharing its most informative words."""
        vec = self.vectors[k]
        terms = sorted(vec, key=lambda w: -vec[w])[:top_terms]
        pool = {j for w in terms for j in self.postings.get(w, [])}
        pool.discard(k)
        if candidates is not None:
            pool &= candidates
        scored = [(j, cosine(vec, self.vectors[j])) for j in pool]
        return sorted(((j, s) for j, s in scored if s > 0), key=lambda js: (-js[1], self.measures[js[0]].ref.id))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def snippet(text: str, query: str, width: int = 60) -> str:
    """The part of the text around the first query word found."""
    for term in [query.strip(), *tokenize(query)]:
        pos = text.find(term) if term else -1
        if pos >= 0:
            start = max(0, pos - width // 3)
            return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")
    return text[:width] + ("…" if len(text) > width else "")
