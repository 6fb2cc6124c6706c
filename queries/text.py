"""Text retrieval over measures: jieba tokens, BM25 for search, TF-IDF cosine for similarity.

jieba loads its dictionary once, lazily (≈0.8 s), and only for these queries; the ingest path never
segments. An index is built from the measure texts a store returns and cached by the store's fingerprint.
Scores are sparse matrix products (scipy), so a query touches C loops, not Python ones, at any corpus size.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse

from .models import MeasureText

_JIEBA_LOCK = threading.Lock()
_KEEP = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2,}|\d+[+＋][A-Za-z]")
_STOP = frozenset(
    ["的", "了", "和", "与", "及", "等", "在", "对", "将", "把", "为", "以", "是", "由", "按", "按照", "进一步", "加强", "推进", "推动", "支持", "鼓励", "建立", "健全", "完善", "开展", "实施", "落实", "提高", "提升", "全面", "积极", "加快", "大力", "深化", "相关", "有关", "各类", "一批", "工作", "方面", "机制", "体系", "建设", "发展", "服务", "全市", "全省", "我市", "我省", "各地", "要", "并", "或", "其", "中", "上", "下", "不", "可", "可以", "应", "应当", "到", "年", "月", "以上", "以下"]
)
_K1, _B = 1.5, 0.75


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


def full_text(m: MeasureText) -> str:
    """Title and text as one reads them: task rows' text already opens with their title."""
    return m.text if m.text.startswith(m.ref.title) else m.ref.title + "。" + m.text


@dataclass
class TextIndex:
    measures: list[MeasureText]  # sorted by id: row k of every matrix
    fingerprint: str = ""
    vocab: dict[str, int] = field(default_factory=dict)
    tfidf: sparse.csr_matrix | None = None  # rows L2-normalised: X @ X.T is cosine
    bm25: sparse.csc_matrix | None = None  # BM25 weight of each word in each measure
    text_group: np.ndarray | None = None  # rows with identical text share a group number
    position: dict[str, int] = field(default_factory=dict)  # measure id → row
    region_code: np.ndarray | None = None  # row → index into region_names
    region_names: list[str | None] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # row → measure id
    texts: list[str] = field(default_factory=list)  # row → title and text, for substring fallback
    rows_of: dict[str | None, np.ndarray] = field(default_factory=dict)  # region → its rows
    leaves_of: dict[str | None, np.ndarray] = field(default_factory=dict)  # region → its body/task rows

    @classmethod
    def build(cls, measures: list[MeasureText], fingerprint: str = "") -> TextIndex:
        ix = cls(sorted(measures, key=lambda m: m.ref.id), fingerprint)
        bags: list[Counter[str]] = []
        cache: dict[str, tuple[int, Counter[str]]] = {}  # identical texts (copied plans) are segmented once
        groups = []
        for m in ix.measures:
            text = full_text(m)
            ix.texts.append(text)
            if text not in cache:
                cache[text] = (len(cache), Counter(tokenize(text)))
            group, bag = cache[text]
            groups.append(group)
            bags.append(bag)
        ix.text_group = np.array(groups, dtype=np.int64)
        ix.position = {m.ref.id: k for k, m in enumerate(ix.measures)}
        ix.region_names = sorted({m.ref.region for m in ix.measures}, key=lambda r: r or "")
        codes = {r: c for c, r in enumerate(ix.region_names)}
        ix.region_code = np.array([codes[m.ref.region] for m in ix.measures], dtype=np.int64)
        ix.ids = [m.ref.id for m in ix.measures]
        acting = np.array([m.ref.kind in ("body", "task") for m in ix.measures], dtype=bool)
        for region, code in codes.items():
            mine = ix.region_code == code
            ix.rows_of[region] = np.nonzero(mine)[0]
            ix.leaves_of[region] = np.nonzero(mine & acting)[0]
        ix._matrices(bags)
        return ix

    def rows_outside_region(self, k: int) -> np.ndarray:
        return np.nonzero(self.region_code != self.region_code[k])[0]

    def _matrices(self, bags: list[Counter[str]]) -> None:
        rows, cols, counts = [], [], []
        for k, bag in enumerate(bags):
            for word, c in bag.items():
                rows.append(k)
                cols.append(self.vocab.setdefault(word, len(self.vocab)))
                counts.append(c)
        n, v = len(bags), max(len(self.vocab), 1)
        tf = sparse.csr_matrix((np.array(counts, dtype=np.float64), (rows, cols)), shape=(n, v))
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=v).astype(np.float64)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        weighted = tf.copy()
        weighted.data = 1 + np.log(weighted.data)
        weighted = weighted.multiply(idf[np.newaxis, :]).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.tfidf = sparse.csr_matrix(sparse.diags(1 / norms) @ weighted)
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avg = lengths.mean() if n else 1.0
        bm = tf.tocoo()
        denom = bm.data + _K1 * (1 - _B + _B * lengths[bm.row] / (avg or 1.0))
        self.bm25 = sparse.csc_matrix((idf[bm.col] * bm.data * (_K1 + 1) / denom, (bm.row, bm.col)), shape=(n, v))

    def search(self, query: str, allowed: np.ndarray | None = None,
               top: int | None = None) -> tuple[list[tuple[int, float]], int]:
        """BM25 over the query's words, best first (ties by measure id), at most `top`, and how many
        measures match in all; substring match as a fallback for words jieba splits differently."""
        cols = [self.vocab[t] for t in dict.fromkeys(tokenize(query)) if t in self.vocab]
        scores = np.asarray(self.bm25[:, cols].sum(axis=1)).ravel() if cols else np.zeros(len(self.measures))
        if not scores.any() and query.strip():
            q = query.strip()
            scores = np.fromiter((q in t for t in self.texts), dtype=np.float64, count=len(self.texts))
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            mask[allowed] = True
            scores = np.where(mask, scores, 0.0)
        return _ranked(scores, None, top), int(np.count_nonzero(scores > 0))

    def similar(self, k: int, allowed: np.ndarray | None = None, top: int | None = None) -> list[tuple[int, float]]:
        """Cosine similarity of measure k to every other, best first."""
        scores = (self.tfidf @ self.tfidf[k].T).toarray().ravel()
        scores[k] = 0.0
        return _ranked(scores, allowed, top)

    def best_matches(self, sources: np.ndarray, targets: np.ndarray) -> dict[int, tuple[int, float]]:
        """For each source row, its most similar target row (ties: smallest id). Texts repeated across
        documents are scored once."""
        if not len(sources) or not len(targets):
            return {}
        src_groups, src_first = np.unique(self.text_group[sources], return_index=True)
        tgt_groups, tgt_first = np.unique(self.text_group[targets], return_index=True)
        src_rows, tgt_rows = sources[src_first], targets[tgt_first]
        best: dict[int, tuple[int, float]] = {}
        target_matrix = self.tfidf[tgt_rows].T.tocsc()
        for start in range(0, len(src_rows), 512):
            block = (self.tfidf[src_rows[start : start + 512]] @ target_matrix).toarray()
            for r, row in enumerate(block):
                same = tgt_groups == src_groups[start + r]
                row[same & (tgt_rows == src_rows[start + r])] = 0.0
                j = int(np.argmax(row))
                if row[j] > 0:
                    best[int(src_groups[start + r])] = (int(tgt_rows[j]), float(row[j]))
        return {int(k): best[int(g)] for k, g in zip(sources, self.text_group[sources], strict=True) if int(g) in best}


def _ranked(scores: np.ndarray, allowed: np.ndarray | None, top: int | None = None) -> list[tuple[int, float]]:
    if allowed is not None:
        mask = np.zeros(len(scores), dtype=bool)
        mask[allowed] = True
        scores = np.where(mask, scores, 0.0)
    hits = np.nonzero(scores > 0)[0]
    if top is not None and len(hits) > top:  # keep every hit tied with the top-th, then order exactly
        threshold = np.partition(scores[hits], len(hits) - top)[len(hits) - top]
        hits = hits[scores[hits] >= threshold]
    order = hits[np.lexsort((hits, -scores[hits]))]  # score desc, then row (= id order)
    return [(int(k), float(scores[k])) for k in order[:top]]


def snippet(text: str, query: str, width: int = 60) -> str:
    """The part of the text around the first query word found."""
    for term in [query.strip(), *tokenize(query)]:
        pos = text.find(term) if term else -1
        if pos >= 0:
            start = max(0, pos - width // 3)
            return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")
    return text[:width] + ("…" if len(text) > width else "")

