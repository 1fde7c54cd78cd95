"""When two indicator names mean the same series, and which level series a growth indicator is measured on.

Documented rules (each one small, so a wrong match can be traced to a line here):

1. **Same series.** Two names denote the same series when their *series keys* are equal. The key is
   the matching form of `planwatch.datasets.indicator_matching.normalize_name` (widths folded, spaces,
   quotes and a trailing unit in brackets dropped, R&D spelled 研发, 数量/个数 dropped), with the
   particle 的 dropped and 每万人口 written 每万人, because plans and statistics vary exactly there:
   公民具备科学素质的比例 = 公民具备科学素质比例, 每万人口高价值发明专利拥有量 = 每万人高价值发明专利拥有量.
2. **Statistical synonyms.** A few concepts have several official names; each is folded to one key by a
   pattern in `_CONCEPTS`. R&D经费投入强度 is by definition R&D expenditure as a share of GDP, so
   全社会R&D经费支出占GDP比重 and 全社会R&D投入费用占GDP的比重 are the same concept.
3. **Growth indicators.** A growth indicator named “X增长”, “X增速”, “X年均增速”, “X年均增长” or
   “X年均增长率” is measured on the level series “X” (全社会研发经费投入增长 → 全社会研发经费投入),
   because a 年均增速 is a CAGR of the level series, never an average of yearly rates.
"""

from __future__ import annotations

import re
import unicodedata

from planwatch.datasets.indicator_matching import normalize_name

_FOLDS = (("每万人口", "每万人"), ("的", ""))
_CONCEPTS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 研发经费投入强度 = R&D expenditure / GDP, whatever the wording of the expenditure part.
    (re.compile(r"(全社会)?研发.{0,8}?(占gdp比重|投入强度|强度)"), "研发经费投入强度"),
)
_GROWTH_SUFFIX = re.compile(r"^(?P<level>.{2,}?)(年均增长率|年均增速|年均增长|增长率|增速|增长)$")
_TRAILING_UNIT = re.compile(r"[（(][^）)]*[）)]$")


def series_key(name: str) -> str:
    """The key under which names of the same series compare equal (rules 1 and 2)."""
    key = normalize_name(name)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    for pattern, concept in _CONCEPTS:
        if pattern.fullmatch(key):
            return concept
    return key


def level_series_name(name: str) -> str | None:
    """The level series a growth indicator is measured on (rule 3), or None for other names."""
    folded = unicodedata.normalize("NFKC", name).strip()
    folded = _TRAILING_UNIT.sub("", folded).strip()
    match = _GROWTH_SUFFIX.match(folded)
    return match.group("level") if match else None


def is_rate_unit(unit: str) -> bool:
    """True for a percentage unit: such a figure of a growth indicator is a rate, not a level."""
    return unicodedata.normalize("NFKC", unit).strip() in {"%", "百分比", "个百分点"}


_COUNT_UNITS = frozenset({"个", "家", "所", "座", "项", "处"})


def units_compatible(a: str, b: str) -> bool:
    """Whether figures in units `a` and `b` measure the same quantity.

    Equal after width folding, or both Chinese count classifiers (个/家/所/座/项/处 count the same
    things: 国家重点实验室 are counted in 家 in one table and 个 in another). An empty unit is
    compatible with anything, since many data rows omit it.
    """
    left = unicodedata.normalize("NFKC", a).strip()
    right = unicodedata.normalize("NFKC", b).strip()
    if not left or not right or left == right:
        return True
    return left in _COUNT_UNITS and right in _COUNT_UNITS
