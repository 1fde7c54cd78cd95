"""The subject a metric name leaves implicit, taken from the clause before, the sentence's lead or the heading.

Chinese drops the subject once it is known: "全市高新技术产业实现产值超过7500亿元，年增长24%左右" means
高新技术产业产值年增长; under the heading "生物产业", "到2015年，实现年产值达到400亿元" means 生物产业年产值;
"企业R&D投入经费占销售收入的比例，大中型企业达到4%以上" names the measure first and the group after
(大中型企业R&D投入经费占销售收入的比例).
A planner (and observation mapping) needs the whole name, so a bare attribute (年产值, 增长, 比重 …) gets
its subject back, and a group named against a measure keeps the measure as the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from planwatch.domain.plan import HEADING_KINDS, Node

# Names that say what is measured but not of what.
_BARE = re.compile(
    r"^(年|全年|年度)?(总产值|产值|销售收入|营业收入|主营业务收入|收入|增加值|规模|产业规模|总规模|"
    r"增长|增速|增幅|年均增长|年均增速|比重|占比|提高|增加|下降|减少|总量)$"
)
# A lead clause that names a measure with no figure of its own: "企业R&D投入经费占销售收入的比例".
_MEASURE = re.compile(r"(比例|比重|占比|强度|比率|覆盖率|普及率)$")
# A group of units measured against the lead measure.
_GROUP = re.compile(r"^.{1,10}(企业|单位|机构|高校|院所|地区|城市|区县|园区)$")
_CLAUSE = re.compile(r"[，,；;：:]")
_HEADS = ("企业", "单位", "机构", "高校", "地区", "城市")
# Bare words that speak of the figure named just before (its growth, share or total); a bare level word
# (产值, 收入, 规模) is more often a new figure of what the heading names.
_RELATIVE_WORD = re.compile(
    r"^(年|年度)?(增长|增速|增幅|年均增长|年均增速|比重|占比|提高|增加|下降|减少|总量)$"
)
_CHANGE_END = re.compile(r"(增长|增速|增幅|增加|提高|下降|减少)$")
# "城镇常住人口占总人口比重(常住人口城镇化率)": the bracketed official name is the name
_ALIAS = re.compile(r"^.+?[（(](?P<name>[^（）()]{2,14}(率|比重|指数|比例))[）)]$")
_NOUN_HEADING = re.compile(r"^[\u4e00-\u9fffA-Za-z&]{2,12}$")
_VERB_START = re.compile(
    r"^(加快|推进|推动|实施|加强|深化|提升|强化|构建|建设|打造|促进|完善|培育|发展|坚持|着力|聚焦)"
)


def lead_measure(sentence: str) -> str:
    """The sentence's first clause when it is a figure-less measure name ending in 比例/比重/强度 …."""
    first = _CLAUSE.split(sentence, maxsplit=1)[0].strip()
    if 4 <= len(first) <= 30 and not re.search(r"\d", first) and _MEASURE.search(first):
        return first
    return ""


def heading_subject(node: Node, by_id: Mapping[str, Node]) -> str:
    """The nearest heading's title when it is a short noun phrase ("生物产业"), else ""."""
    current: Node | None = node
    while current is not None:
        if current.kind in HEADING_KINDS and current.title:
            title = current.title.strip()
            if _NOUN_HEADING.match(title) and not _VERB_START.match(title):
                return title
            return ""
        current = by_id.get(current.parent) if current.parent else None
    return ""


def carried_subject(metric: str, last_metric: str, subject: str, lead: str) -> str:
    """`metric` with the subject it leaves implicit put back (see the module docstring)."""
    alias = _ALIAS.match(metric)
    if alias:
        return alias.group("name")
    if lead and _GROUP.match(metric) and not _MEASURE.search(metric):
        # the group measured, then the measure: 大中型企业 + 企业R&D投入经费占销售收入的比例 →
        # 大中型企业R&D投入经费占销售收入的比例 (each group its own series, the measure's name kept)
        head = next((h for h in _HEADS if lead.startswith(h) and metric.endswith(h)), "")
        return metric + lead[len(head) :]
    if metric.startswith("总量占") and last_metric:
        return _CHANGE_END.sub("", last_metric) + metric[2:]  # 民营经济增加值…总量占地区生产总值
    if not _BARE.match(metric):
        return metric
    base = ""
    if last_metric and not _BARE.match(last_metric) and _RELATIVE_WORD.match(metric):
        base = _CHANGE_END.sub("", last_metric)  # 年增长, 比重: of the figure named just before
    elif subject:
        base = subject  # 年产值, 规模: of what the heading names
    if not base:
        return metric
    return base if metric == "总量" else base + metric


_SUBJECT_END = re.compile(
    r"(连续|迈上|实现|达到|达|突破|超过|增长|增加|提高|保持|稳定|位居|居|跃居|首次|在|比|较|同比|分别|由|从)"
)


_SCOPE = re.compile(r"^(全市|全省|全区|全县|全国|我市|我省|其中)")
_DIGITS = re.compile(r"\d")


def sentence_subject(text: str) -> str:
    """The noun phrase a clause opens with, before its first verb or frame ("地区生产总值连续迈上…")."""
    first = _CLAUSE.split(text, maxsplit=1)[0]
    m = _SUBJECT_END.search(first)
    head = first[: m.start()] if m else ""
    head = _SCOPE.sub("", head.strip())
    if 2 <= len(head) <= 24 and not _DIGITS.search(head):
        return head
    return ""


def level_name(name: str) -> str:
    """The level series of a growth name: 高新技术产业产值年增长 → 高新技术产业产值 (for "占…的比重")."""
    return re.sub(r"(年均增长|年均增速|年增长|增长|增速|增幅)$", "", name) or name
