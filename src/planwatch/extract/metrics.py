"""The name of the measured quantity in a clause: "技术合同成交额突破1300亿元" → 技术合同成交额.

The metric is the noun phrase before the number, once time phrases (到2025年), "from … to" frames
(从2015年的), verbs (达到, 突破, 提高到) and scope words (全市, 其中) are peeled off. When nothing is
left ("从2015年的1656家增加到…"), the caller falls back on the subject of the previous clause.
"""

from __future__ import annotations

import re

_TIME = re.compile(
    r"(到|至|截至|截止|在)?\s*((19|20)\d\d\s*年(底|末|前)?|“?[十一二三四五六七八九]{1,3}五”?\s*(末|期末|时期末|期间|时期))[，,]?"
)
_FROM = re.compile(r"[从由].*$")
_TRAILING = re.compile(
    r"(年均增速达到|年均增速达|累计达到|累计达|分别达到|分别为|提高到|提升到|增加到|增长到|上升到|扩大到|达到|达|突破|超过|"
    r"保持在|控制在|稳定在|提高至|提升至|增加至|增长至|上升至|不低于|不超过|高于|低于|实现|为|是|约|近|逾|共|总计|合计|"
    r"连续倍增|实现翻番|翻番|持续增长|大幅增长|快速增长|稳步增长|显著提升|不断提高|稳步提升|持续提升|大幅提升|"
    r"显著增强|进一步提高|进一步提升|力争|要|将|超|的)$"
)
_LEADING = re.compile(
    r"^(全市|全省|全区|全县|全国|其中|并|使|力争|推动|实现|我市|我省|我区|武汉地区|本市|以及|和|及|同时|另外|此外|"
    r"年末|年初|全年|今年|去年|上年|过去一年|一年来|比上年末|比上年|较上年|同比|"
    r"累计培育|累计|新增|净增|建成|形成|培育|组织实施并完成|组织实施|完成|建设|拥有|共有|共|有)"
)
_INNER = re.compile(r"实现(?=年?(产值|收入|增加值|销售|营业))")
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|［\d{1,2}］")
_PLAN_BASIS = re.compile(r"按(?=(年均)?增长$)")
_ACRONYM = re.compile(r"[（(][A-Za-z0-9.&]{2,8}[）)]")
_TOTAL = re.compile(r"(?<=[值额])总量$")
_VALUE_THEN_NOTE = re.compile(r"^(?P<name>[^\d]{2,}?)\d[\d.]*\s*[\u4e00-\u9fff%％]{0,3}[（(]")
_HAS_VALUE = re.compile(r"^[\d.]|\d[\d.]*\s*[%％‰]\s*[和及与、]?$")
_PUNCT = re.compile(r"^[，,、；;：:\s“”\"]+|[，,、；;：:\s“”\"]+$")


def metric_before(segment: str) -> str:
    """The metric phrase at the end of `segment` (the text between a clause start and a number)."""
    text = re.sub(r"[（(][^（）()]*(下同|简称|以下)[^（）()]*[）)]", "", segment)
    text = _FROM.sub("", text)
    text = _TIME.sub("", text)
    text = _PUNCT.sub("", text)
    for _ in range(4):
        stripped = _TRAILING.sub("", text)
        stripped = _PUNCT.sub("", stripped)
        if stripped == text:
            break
        text = stripped
    for _ in range(3):
        stripped = _PUNCT.sub("", _LEADING.sub("", text))
        if stripped == text:
            break
        text = stripped
    text = _INNER.sub("", text)
    text = _ACRONYM.sub("", text)  # 地区生产总值(GDP) → 地区生产总值
    text = _FOOTNOTE.sub("", text)  # 地区生产总值[2] → 地区生产总值 (a bulletin's note mark)
    text = _PLAN_BASIS.sub("", text)  # 地区生产总值按增长 → 地区生产总值增长
    text = _TOTAL.sub("", text)  # 地区生产总值总量 → 地区生产总值
    if _HAS_VALUE.search(text):
        return ""  # "34.4%和": the rest of a list of values, not a name
    inner = _VALUE_THEN_NOTE.match(text)
    if inner:
        text = inner.group("name")  # "人均生产总值103007元(按年平均汇率折": the name before the first value
    return text if len(text) >= 2 else ""


def metric_after(segment: str) -> str:
    """For number-first phrasing ("建成3个国家重大科技基础设施"): the noun phrase after the unit."""
    text = re.split(r"[，,；;。、（(]", segment, maxsplit=1)[0]
    text = re.sub(r"^(以上|以下|左右)", "", text)
    text = _AFTER_VERB.split(text, maxsplit=1)[0]
    return text.strip() if 2 <= len(text.strip()) <= 30 else ""


# The verb that ends a number-first noun phrase; 建设 before 示范/试点/项目… is part of the noun
# ("100个嵌入式服务设施建设示范社区全面建成").
_AFTER_VERB = re.compile(
    r"(?:建设(?!示范|试点|项目|工程|任务|单位|用地|规模)|建成|投入|取得|实现|达到|突破|基本|初步|全面|加快|形成)"
)
# "50%的城市社区建成完备的社区嵌入式服务综合体": the share of a noun that does something.
_SHARE_OF = re.compile(
    r"^的([\u4e00-\u9fff]{2,10}?)(建成|实现|达到|完成|具备|开展|配备|拥有|覆盖|接入|通过)"
    r"([^，,；;。、]{2,30}?)(?=[（(，,；;。]|$)"
)


def share_after(tail: str) -> str:
    """For "50%的城市社区建成X" (the text after the percentage): the metric 建成X的城市社区比例."""
    m = _SHARE_OF.match(tail)
    if not m:
        return ""
    return f"{m.group(2)}{m.group(3)}的{m.group(1)}比例"
