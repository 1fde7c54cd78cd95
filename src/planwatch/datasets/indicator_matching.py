"""Suggesting which plan indicator a name in a data file means, by fuzzy matching (rapidfuzz).

Suggestions only: a wrong automatic match would put figures on the wrong indicator without anyone
noticing, so the user confirms each mapping and `planwatch.store` remembers it for the next import.
Names are compared after folding widths (NFKC), dropping spaces, quotes and a trailing unit in
brackets, and spelling R&D as 研发, since plans and statistics write both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

DEFAULT_LIMIT = 3
DEFAULT_CUTOFF = 50.0

_SYNONYMS = (("r&d", "研发"), ("研究与试验发展", "研发"), ("数量", ""), ("个数", ""))


@dataclass(frozen=True, slots=True)
class MappingSuggestion:
    """A candidate indicator for a file name; `confirmed` marks a mapping the user already made."""

    external_name: str
    indicator_id: int
    indicator_name: str
    score: float  # 0–100
    confirmed: bool = False


def normalize_name(name: str) -> str:
    """The comparable form of an indicator name (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", name).lower().strip()
    folded = re.sub(r"[（(][^）)]*[）)]$", "", folded)
    folded = re.sub(r"[\s“”\"'：:、*]", "", folded)
    for old, new in _SYNONYMS:
        folded = folded.replace(old, new)
    return folded


def suggest_mappings(
    names: Iterable[str],
    candidates: Mapping[int, str],
    *,
    remembered: Mapping[str, int] | None = None,
    limit: int = DEFAULT_LIMIT,
    cutoff: float = DEFAULT_CUTOFF,
) -> dict[str, list[MappingSuggestion]]:
    """For each file name, the best `limit` plan indicators scoring at least `cutoff`, best first.

    A name with a remembered mapping gets just that indicator, marked confirmed, with score 100.
    `candidates` is indicator id → name, e.g. from `planwatch.store.list_indicators`.
    """
    known = remembered or {}
    choices = {indicator_id: normalize_name(name) for indicator_id, name in candidates.items()}
    result: dict[str, list[MappingSuggestion]] = {}
    for name in dict.fromkeys(names):
        if name in known and known[name] in candidates:
            indicator_id = known[name]
            result[name] = [MappingSuggestion(name, indicator_id, candidates[indicator_id], 100.0, True)]
            continue
        matches = process.extract(
            normalize_name(name), choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
        )
        result[name] = [
            MappingSuggestion(name, int(key), candidates[int(key)], round(float(score), 1))
            for _choice, score, key in matches
        ]
    return result
