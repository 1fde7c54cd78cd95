"""Tasks and named projects carried over from plan A to plan B.

Each clause (or project) is cut into words with rjieba (which ships its dictionary, so nothing is
downloaded), common policy verbs are left out, and each is weighted by TF-IDF over both plans; two
clauses are compared by the cosine of their vectors, by the fuzzy similarity of their titles and by
the responsible units they share. Pairs are taken best first, one to one:

* **carried** — titles at least `CARRIED_TITLE` similar and texts related;
* **reworded** — combined score at least `MIN_SCORE`;
* what is left is **dropped** (only in A) or **new** (only in B).

Candidates come from an inverted index: for each A clause, the `TOP_CANDIDATES` B clauses closest by
text (each word's postings cut to the `MAX_POSTINGS` clauses where it weighs most), plus those sharing
a title word or the whole title; only they are scored in full, so the work grows with the plans' size,
not with its square.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import rjieba
from rapidfuzz import fuzz

from planwatch.compare.model import CarryLabel, CarryRow, ClauseFacts

CARRIED_TITLE = 90.0
MAX_POSTINGS = 64  # per word, the clauses where it weighs most: bounds the work on very common words
TOP_CANDIDATES = 12  # per clause, the closest by text, scored in full with the clauses sharing a title word
MIN_SCORE = 0.22
WEIGHTS = (
    0.45,
    0.2,
    0.15,
    0.1,
    0.1,
)  # text cosine, title similarity, shared title words, title named in the other text, shared units

# Words every clause uses: they say how, not what.
STOPWORDS = frozenset(
    [
        "加快",
        "推进",
        "推动",
        "建设",
        "加强",
        "重点",
        "发展",
        "支持",
        "提升",
        "一批",
        "进一步",
        "全面",
        "积极",
        "大力",
        "着力",
        "实施",
        "完善",
        "提高",
        "促进",
        "强化",
        "开展",
        "深化",
        "构建",
        "打造",
        "形成",
        "实现",
        "加大",
        "围绕",
        "依托",
        "以及",
        "我市",
        "全市",
        "研发",
        "技术",
        "产业化",
        "研究",
        "开发",
        "领域",
        "关键",
        "重大",
        "相关",
        "方面",
        "能力",
        "体系",
        "水平",
        "机制",
        "工作",
        "主要",
        "培育",
        "创新",
        "科技",
    ]
)
_MARKER = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*")
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,}$")


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """The content words of a text (rjieba), lower-cased, without stopwords, numbers or punctuation."""
    return tuple(w.lower() for w in rjieba.cut(text) if _WORD.match(w) and w not in STOPWORDS)


def clean_title(title: str) -> str:
    text = _MARKER.sub("", title.strip())
    return re.sub(r"[\s“”\"。．.，,：:；;]", "", text)


def _vectors(docs: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    vectors: list[dict[str, float]] = []
    for doc in docs:
        counts = Counter(doc)
        vec = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _named(title: frozenset[str], doc: frozenset[str]) -> float:
    """The share of a title's words that the other clause's text uses (it names the same thing)."""
    if not title:
        return 0.0
    return len(title & doc) / len(title)


def align(
    a_items: Sequence[ClauseFacts], b_items: Sequence[ClauseFacts], *, min_score: float = MIN_SCORE
) -> list[CarryRow]:
    """Carry-over rows: pairs in A order, then A items dropped, then B items new (B order)."""
    docs = [tokens(f"{c.title} {c.title} {c.text}") for c in (*a_items, *b_items)]
    vectors = _vectors(docs)
    a_vecs, b_vecs = vectors[: len(a_items)], vectors[len(a_items) :]
    index: dict[str, list[tuple[int, float]]] = {}
    for j, vec in enumerate(b_vecs):
        for term, weight in vec.items():
            index.setdefault(term, []).append((j, weight))
    for postings in index.values():  # impact order: a common word only counts where it weighs most
        postings.sort(key=lambda p: -p[1])
        del postings[MAX_POSTINGS:]
    a_titles = [clean_title(c.title) for c in a_items]
    b_titles = [clean_title(c.title) for c in b_items]
    a_words = [frozenset(tokens(t)) for t in a_titles]
    b_words = [frozenset(tokens(t)) for t in b_titles]
    a_docs = [frozenset(d) for d in docs[: len(a_items)]]
    b_docs = [frozenset(d) for d in docs[len(a_items) :]]
    by_title: dict[str, list[int]] = {}
    for j, b_title in enumerate(b_titles):
        by_title.setdefault(b_title, []).append(j)
    by_title_word: dict[str, list[int]] = {}
    for j, words_b in enumerate(b_words):
        for word in words_b:
            by_title_word.setdefault(word, []).append(j)
    candidates: list[tuple[float, float, float, int, int, tuple[str, ...]]] = []
    for i, vec in enumerate(a_vecs):
        approx: dict[int, float] = {}
        for term, weight in vec.items():
            for j, other in index.get(term, ()):
                approx[j] = approx.get(j, 0.0) + weight * other
        rough = {j: WEIGHTS[0] * v for j, v in approx.items()}
        for j in {j for word in a_words[i] for j in by_title_word.get(word, ())[:MAX_POSTINGS]}:
            rough[j] = rough.get(j, 0.0) + WEIGHTS[2] * _dice(a_words[i], b_words[j])
        shortlist = set(sorted(rough, key=lambda j: -rough[j])[:TOP_CANDIDATES])
        shortlist.update(by_title.get(a_titles[i], ()))
        dots = {j: _dot(vec, b_vecs[j]) for j in shortlist}
        units_a = set(a_items[i].units)
        for j, cosine in dots.items():
            title = float(fuzz.ratio(a_titles[i], b_titles[j])) if a_titles[i] and b_titles[j] else 0.0
            shared = tuple(u for u in b_items[j].units if u in units_a)
            words = _dice(a_words[i], b_words[j])
            named = max(_named(b_words[j], a_docs[i]), _named(a_words[i], b_docs[j]))
            score = (
                WEIGHTS[0] * cosine
                + WEIGHTS[1] * title / 100
                + WEIGHTS[2] * words
                + WEIGHTS[3] * named
                + WEIGHTS[4] * (1.0 if shared else 0.0)
            )
            if score >= min_score:
                candidates.append((score, title, cosine, i, j, shared))
    candidates.sort(key=lambda c: (-c[0], c[3], c[4]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, CarryRow]] = []
    for score, title, cosine, i, j, shared in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        a, b = a_items[i], b_items[j]
        label = CarryLabel.CARRIED if title >= CARRIED_TITLE and cosine > 0 else CarryLabel.REWORDED
        pairs.append(
            (
                i,
                CarryRow(
                    label,
                    a,
                    b,
                    round(score, 3),
                    round(title, 1),
                    round(cosine, 3),
                    shared,
                    was_lagging=a.lagging or a.overdue,
                ),
            )
        )
    pairs.sort(key=lambda p: p[0])
    rows = [row for _, row in pairs]
    rows += [
        CarryRow(CarryLabel.DROPPED, a, None, 0.0, 0.0, 0.0) for i, a in enumerate(a_items) if i not in used_a
    ]
    rows += [
        CarryRow(CarryLabel.NEW, None, b, 0.0, 0.0, 0.0) for j, b in enumerate(b_items) if j not in used_b
    ]
    return rows


def chapter_terms(texts: Sequence[str], top: int = 8) -> list[list[tuple[str, float]]]:
    """The heaviest TF-IDF terms of each text (a chapter), for the emphasis view."""
    vectors = _vectors([tokens(t) for t in texts])
    return [sorted(v.items(), key=lambda kv: -kv[1])[:top] for v in vectors]
