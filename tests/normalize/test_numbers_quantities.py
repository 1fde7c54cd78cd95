"""find_quantities: numbers with units in plan sentences, with hand-written expected values.

Each case lists (value, high, unit, text) in order of appearance; offsets are checked for every case.
"""

from __future__ import annotations

import pytest

from planwatch.domain.quantity import Quantity
from planwatch.normalize.numbers import find_quantities

Row = tuple[float, float | None, str, str]


def rows(sentence: str) -> list[Row]:
    found = find_quantities(sentence)
    for quantity in found:
        assert sentence[quantity.start : quantity.end] == quantity.text
    return [(q.value, q.high, q.unit, q.text) for q in found]


# Sentences from real plans (武汉市科技创新发展“十四五”规划, 武汉市科技发展“十二五”规划) as the text cleaner
# leaves them, PDF spaces included.
REAL_SENTENCES: list[tuple[str, list[Row]]] = [
    (
        "地方财政科学技术支出从 2015 年的68.19 亿元提高到 2020 年的 152.67 亿元",
        [(68.19, None, "亿元", "68.19 亿元"), (152.67, None, "亿元", "152.67 亿元")],
    ),
    ("到2025年，技术合同成交额突破1300亿元", [(1300.0, None, "亿元", "1300亿元")]),
    ("高新技术企业数量突破 12000 家", [(12000.0, None, "家", "12000 家")]),
    (
        "全市高新技术产业实现产值超过7500亿元，年增长24%左右，占工业总产值的比重",
        [(7500.0, None, "亿元", "7500亿元"), (24.0, None, "%", "24%")],
    ),
    ("武汉位列全球城市科研指数排名全国第 4、全球第 13", []),
    ("出台《武汉市产业创新能力倍增计划（2016-2020 年）》（武办发〔2016〕27 号）", []),
    ("建成峰值性能 200PFlops 以上的武汉超算中心", [(200.0, None, "PFlops", "200PFlops")]),
    ("比 2015 年增长 5.79 个百分点", [(5.79, None, "个百分点", "5.79 个百分点")]),
    ("每万人发明专利拥有量达 51.87 件", [(51.87, None, "件", "51.87 件")]),
    ("重点支持3—6MW风电机组", [(3.0, 6.0, "MW", "3—6MW")]),
    (
        "全社会 R&D 经费支出占 GDP 比重从 3.02%上升到 3.51%。",
        [(3.02, None, "%", "3.02%"), (3.51, None, "%", "3.51%")],
    ),
    (
        "涌现出 9纳米光刻试验样机、中国首款 128 层三维闪存芯片、中国首条 5G 智能制造生产线",
        [(9.0, None, "纳米", "9纳米"), (128.0, None, "层", "128 层")],
    ),
    (
        "全市新增国家产业创新中心 1个、国家制造业创新中心 2个、国家重点实验室 1家",
        [(1.0, None, "个", "1个"), (2.0, None, "个", "2个"), (1.0, None, "家", "1家")],
    ),
    ("形成 20 万例以上大型人群队列", [(200000.0, None, "例", "20 万例")]),
    (
        "在校大学生达到98万人；拥有两院院士56人",
        [(980000.0, None, "人", "98万人"), (56.0, None, "人", "56人")],
    ),
    ("为全市600多家科技型中小企业提供融资", [(600.0, None, "家", "600多家")]),
    ("业务已从试点期的2—3个区扩大到", [(2.0, 3.0, "个", "2—3个")]),
    (
        "全市形成6—10家年销售收入超过100亿元的高新技术企业",
        [(6.0, 10.0, "家", "6—10家"), (100.0, None, "亿元", "100亿元")],
    ),
    ("到2015年，我市GDP将超过1万亿元", [(1.0, None, "万亿元", "1万亿元")]),
    ("以80万吨乙烯等重大项目为依托", [(800000.0, None, "吨", "80万吨")]),
    ("重点发展十五个新兴产业", [(15.0, None, "个", "十五个")]),
    ("市委市政府关于印发《武汉市国民经济和社会发展第十四个五年规划和 2035 年远景目标纲要》", []),
    ("二○一二年二月三日", []),
    ("（武发〔2016〕19号）、《武汉市全域推进自主创新行动方案》（武改委发〔2019〕4 号）", []),
    ("围绕“965”产业体系和“1+5+10”战略布局", []),
]


@pytest.mark.parametrize(("sentence", "expected"), REAL_SENTENCES)
def test_real_plan_sentences(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # magnitude words multiply counts
        ("1.45万家", [(14500.0, None, "家", "1.45万家")]),
        ("突破1.6万家", [(16000.0, None, "家", "1.6万家")]),
        ("20 万例", [(200000.0, None, "例", "20 万例")]),
        ("3万多家", [(30000.0, None, "家", "3万多家")]),
        ("1000余人", [(1000.0, None, "人", "1000余人")]),
        ("5000万千瓦", [(5e7, None, "千瓦", "5000万千瓦")]),
        # …and stay in the unit for money
        ("1300亿元", [(1300.0, None, "亿元", "1300亿元")]),
        ("68.19 亿元", [(68.19, None, "亿元", "68.19 亿元")]),
        ("1.2万亿元", [(1.2, None, "万亿元", "1.2万亿元")]),
        ("3千万元", [(3000.0, None, "万元", "3千万元")]),
        ("7500 亿美元", [(7500.0, None, "亿美元", "7500 亿美元")]),
        ("2000元", [(2000.0, None, "元", "2000元")]),
        ("人均10万元/人", [(10.0, None, "万元/人", "10万元/人")]),
        # units that start with a magnitude character keep it
        ("3千瓦", [(3.0, None, "千瓦", "3千瓦")]),
        ("600亿千瓦时", [(6e10, None, "千瓦时", "600亿千瓦时")]),
        # per-units
        ("50-100 万株/年", [(500000.0, 1000000.0, "株/年", "50-100 万株/年")]),
        ("每万人发明专利拥有量达到15件/万人", [(15.0, None, "件/万人", "15件/万人")]),
        ("35微克/立方米", [(35.0, None, "微克/立方米", "35微克/立方米")]),
        ("12件／万人", [(12.0, None, "件/万人", "12件／万人")]),
    ],
)
def test_magnitude_and_money(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("6—10家", [(6.0, 10.0, "家", "6—10家")]),
        ("6-10家", [(6.0, 10.0, "家", "6-10家")]),
        ("6～10家", [(6.0, 10.0, "家", "6～10家")]),
        ("6~10家", [(6.0, 10.0, "家", "6~10家")]),
        ("6 - 10 家", [(6.0, 10.0, "家", "6 - 10 家")]),
        ("3至5个", [(3.0, 5.0, "个", "3至5个")]),
        ("3到5个", [(3.0, 5.0, "个", "3到5个")]),
        ("百分之十到十五", [(10.0, 15.0, "%", "百分之十到十五")]),
        ("百分之十至百分之十五", [(10.0, 15.0, "%", "百分之十至百分之十五")]),
        ("10%-15%", [(10.0, 15.0, "%", "10%-15%")]),
        ("10-15%", [(10.0, 15.0, "%", "10-15%")]),
        ("1—2个百分点", [(1.0, 2.0, "个百分点", "1—2个百分点")]),
        ("5万-10万家", [(50000.0, 100000.0, "家", "5万-10万家")]),
        ("6—10亿元", [(6.0, 10.0, "亿元", "6—10亿元")]),
        ("三至五个", [(3.0, 5.0, "个", "三至五个")]),
        ("三至五万元", [(3.0, 5.0, "万元", "三至五万元")]),
        ("一万至两万家", [(10000.0, 20000.0, "家", "一万至两万家")]),
        # 从…到… is a change, not a range
        ("从3.02%到3.51%", [(3.02, None, "%", "3.02%"), (3.51, None, "%", "3.51%")]),
        ("由 3 家至 5 家", [(3.0, None, "家", "3 家"), (5.0, None, "家", "5 家")]),
        # a descending pair is no range
        ("10-5家", []),
    ],
)
def test_ranges(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("28%", [(28.0, None, "%", "28%")]),
        ("28％", [(28.0, None, "%", "28％")]),
        ("3.51%", [(3.51, None, "%", "3.51%")]),
        ("28 %", [(28.0, None, "%", "28 %")]),
        ("百分之二十", [(20.0, None, "%", "百分之二十")]),
        ("百分之三点五一", [(3.51, None, "%", "百分之三点五一")]),
        ("百分之百", [(100.0, None, "%", "百分之百")]),
        ("千分之五", [(5.0, None, "‰", "千分之五")]),
        ("提高两个百分点", [(2.0, None, "个百分点", "两个百分点")]),
        ("提高2百分点", [(2.0, None, "个百分点", "2百分点")]),
        ("增长2倍", [(2.0, None, "倍", "2倍")]),
        ("增长一倍", [(1.0, None, "倍", "一倍")]),
    ],
)
def test_percentages_and_ratios(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("200PFlops", [(200.0, None, "PFlops", "200PFlops")]),
        ("3.5 GW", [(3.5, None, "GW", "3.5 GW")]),
        ("28 nm", [(28.0, None, "nm", "28 nm")]),
        ("14nm及以下", [(14.0, None, "nm", "14nm")]),
        ("磁场强度达 90T。", [(90.0, None, "T", "90T")]),
        ("400G光模块", [(400.0, None, "G", "400G")]),
        ("10Gbps", [(10.0, None, "Gbps", "10Gbps")]),
        # model numbers and identifiers
        ("5G", []),
        ("中国首条 5G 智能制造生产线", []),
        ("6G 研发", []),
        ("3D打印", []),
        ("4K/8K超高清", []),
        ("V-NAND", []),
        ("H7N9", []),
        ("COVID-19", []),
        ("PM2.5浓度", []),
        ("5A级景区", []),
    ],
)
def test_latin_units_and_model_numbers(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("１２．５家", [(12.5, None, "家", "１２．５家")]),
        ("１２家", [(12.0, None, "家", "１２家")]),
        ("１，２５３项", [(1253.0, None, "项", "１，２５３项")]),
        ("1,253项", [(1253.0, None, "项", "1,253项")]),
        ("两万家", [(20000.0, None, "家", "两万家")]),
        ("一千三百家", [(1300.0, None, "家", "一千三百家")]),
        ("一点四五万家", [(14500.0, None, "家", "一点四五万家")]),
        ("一点四五万元", [(1.45, None, "万元", "一点四五万元")]),
        ("两万元", [(2.0, None, "万元", "两万元")]),
        ("十项行动", [(10.0, None, "项", "十项")]),
        ("一万千瓦", [(10000.0, None, "千瓦", "一万千瓦")]),
    ],
)
def test_full_width_and_chinese_numerals(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # years and dates
        "2025年",
        "2035 年远景目标",
        "2021-2025年",
        "2016-2020 年",
        "（2016—2020年）",
        "2012年2月3日",
        "12月31日",
        "到2025，",
        "“十四五”时期",
        "“十三五”期间",
        # ordinals
        "第4",
        "第一",
        "第 13",
        "第十二个五年规划",
        "党的十九届五中全会",
        # document numbers
        "〔2016〕27 号",
        "武发〔2016〕19号",
        "[2019]12号",
        # section, table and list markers
        "专栏 2-1 湖北实验室",
        "3-9",
        "表 12 主要指标",
        "1.加快建设",
        "12.加快建设",
        "12、加快建设",
        "（12）强化",
        # denominators
        "每万人",
        "每10万人口",
        # words and slogans made of Chinese digits
        "一批重点实验室",
        "两个一百年",
        "四个面向",
        "五个中心",
        "唯一一家",
        "三五家",
        # codes, versions, times, phone numbers
        "1.2.3版",
        "2.0版",
        "10:30",
        "2021/05",
        "电话027-87654321",
        "iPhone 12",
        "一",
        "",
    ],
)
def test_not_quantities(sentence: str) -> None:
    assert rows(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("达到 12.3", [(12.3, None, "", "12.3")]),
        ("数量（家） 6259 12000", [(6259.0, None, "", "6259"), (12000.0, None, "", "12000")]),
        ("用户规模达到500万以上", [(5e6, None, "", "500万")]),
        ("世界 500 强", [(500.0, None, "", "500")]),
        # one digit and no decimal point: not clearly a figure
        ("增长 5 以上", []),
    ],
)
def test_unitless_figures(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


def test_quantities_carry_offsets_into_the_sentence() -> None:
    sentence = "地方财政科学技术支出从 2015 年的68.19 亿元提高到 2020 年的 152.67 亿元"
    assert find_quantities(sentence) == [
        Quantity(value=68.19, unit="亿元", text="68.19 亿元", start=19, end=27),
        Quantity(value=152.67, unit="亿元", text="152.67 亿元", start=39, end=48),
    ]


def test_range_is_reported_as_range() -> None:
    (quantity,) = find_quantities("6—10家")
    assert quantity.is_range
    assert (quantity.value, quantity.high) == (6.0, 10.0)
