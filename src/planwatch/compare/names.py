"""How two indicator names relate: the rules the crosswalk applies, each small and named.

Built on the naming rules of `services.indicator_names` (series keys, synonyms, growth → level series)
and adds what a comparison across plans needs:

* **qualifiers** that narrow or widen a series (高价值, 国家级, 规模以上, 每万人 …): the same name
  with a qualifier added or removed is the same concept under another definition (口径);
* **shares** “X占Y比重”: the same numerator over another denominator is a redefinition;
* **umbrella terms**: an aggregate named by a general term (国家级创新平台) counts kinds of things that
  older plans listed one by one (国家重点实验室, 工程技术研究中心, 企业技术中心) — the statistical
  usage of these terms, not a list of any plan's indicators;
* **topic**: what a measure is about (a share's numerator, a growth rate's level series), so that a
  different measure of the same thing (强度 → 增速) is recognised as a replacement.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from planwatch.datasets.indicator_matching import normalize_name
from planwatch.domain.plan import IndicatorKind
from planwatch.services.indicator_names import level_series_name, series_key

# Words that narrow or widen what is counted; adding or dropping one changes the definition.
QUALIFIERS: tuple[str, ...] = (
    "每万人口",
    "每万人",
    "人均",
    "高价值",
    "国家级",
    "省级以上",
    "市级以上",
    "省级",
    "市级",
    "规模以上",
    "规上",
    "(含在建)",
    "含在建",
    "国家认定",
    "国家",
    "重点",
)
# Words that change nothing about what is counted.
FILLERS: tuple[str, ...] = ("全市", "我市", "总量", "总额", "累计", "实现", "达到")
PER_CAPITA = ("每万人口", "每万人", "人均")

# General term → the kinds of things it aggregates (Chinese statistical usage).
UMBRELLAS: dict[str, tuple[str, ...]] = {
    "创新平台": ("实验室", "研究中心", "技术中心", "工程中心", "创新中心", "研发机构", "研究院"),
    "孵化载体": ("孵化器", "众创空间", "加速器"),
}

_RATIO = re.compile(r"^(?P<num>.+?)占(?P<den>.+?)的?(比重|比例|比率)$")
_SHARE_END = re.compile(r"(比重|比例|比率|占比|率|强度|依存度|贡献率)$")


class Measure(StrEnum):
    LEVEL = "level"
    SHARE = "share"
    GROWTH = "growth"
    PER_CAPITA = "per_capita"


class UnitFamily(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    MONEY = "money"
    OTHER = "other"
    NONE = "none"


_COUNT_UNITS = frozenset({"个", "家", "所", "座", "项", "处", "件", "人", "名", "辆", "户", "套", "台"})


def unit_family(unit: str) -> UnitFamily:
    text = unicodedata.normalize("NFKC", unit).strip()
    if not text:
        return UnitFamily.NONE
    if text in {"%", "百分比", "个百分点", "‰"}:
        return UnitFamily.PERCENT
    if text.endswith("元"):
        return UnitFamily.MONEY
    if text in _COUNT_UNITS:
        return UnitFamily.COUNT
    return UnitFamily.OTHER


def families_clash(a: str, b: str) -> bool:
    """A percentage is never a count or an amount of the same thing, whatever the names say."""
    fa, fb = unit_family(a), unit_family(b)
    if UnitFamily.NONE in (fa, fb) or fa == fb:
        return False
    return UnitFamily.PERCENT in (fa, fb)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name taken apart for comparison."""

    key: str  # series key (naming rules 1 and 2)
    plain: str  # normalised name, growth suffix removed (the level series for a growth indicator)
    stem: str  # `plain` without qualifiers and fillers
    qualifiers: frozenset[str]
    measure: Measure
    numerator: str | None
    denominator: str | None
    topic: str  # what the measure is about: numerator, level series or the name


def _strip(text: str, words: tuple[str, ...]) -> tuple[str, set[str]]:
    found: set[str] = set()
    for word in words:
        if word in text:
            found.add(word.strip("()").replace("每万人口", "每万人"))
            text = text.replace(word, "")
    return text, found


def name_parts(name: str, kind: IndicatorKind = IndicatorKind.LEVEL, unit: str = "") -> NameParts:
    level = level_series_name(name)
    growth = kind is IndicatorKind.GROWTH or (level is not None and unit_family(unit) is UnitFamily.PERCENT)
    base = normalize_name(level if (growth and level) else name).replace("的", "")
    ratio = _RATIO.match(base)
    numerator = ratio.group("num") if ratio else None
    denominator = ratio.group("den") if ratio else None
    plain, _ = _strip(base, FILLERS)
    stem, qualifiers = _strip(plain, QUALIFIERS)
    if growth:
        measure = Measure.GROWTH
    elif ratio or (_SHARE_END.search(base) and unit_family(unit) is UnitFamily.PERCENT):
        measure = Measure.SHARE
    elif qualifiers & {"每万人口", "每万人", "人均"}:
        measure = Measure.PER_CAPITA
    else:
        measure = Measure.LEVEL
    topic = _strip(numerator, FILLERS)[0] if numerator else plain
    return NameParts(
        key=series_key(name),
        plain=plain,
        stem=stem,
        qualifiers=frozenset(qualifiers),
        measure=measure,
        numerator=numerator,
        denominator=denominator,
        topic=topic,
    )


def similarity(a: str, b: str) -> float:
    """0–100 similarity of two normalised names (rapidfuzz ratio)."""
    return float(fuzz.ratio(a, b))


def umbrella_of(text: str) -> str | None:
    """The general term a name is counted under (…创新平台 → 创新平台), if it names one."""
    return next((term for term in UMBRELLAS if term in text), None)


def member_of(text: str, umbrella: str) -> str | None:
    """The kind of thing under `umbrella` that a name counts (国家重点实验室 → 实验室), if any."""
    return next((kind for kind in UMBRELLAS[umbrella] if kind in text), None)


def shown(text: str) -> str:
    """A normalised name part for display: Latin letters upper-cased again (gdp → GDP), 研发 as written."""
    return re.sub(r"[a-z]+", lambda m: m.group().upper(), text)
