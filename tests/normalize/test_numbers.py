"""parse_number / chinese_to_int: numeral spans to values, with hand-written expected values."""

from __future__ import annotations

import pytest

from planwatch.normalize.numbers import chinese_to_int, parse_number


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # Arabic
        ("0", 0.0),
        ("1253", 1253.0),
        ("1,253", 1253.0),
        ("12,345,678", 12345678.0),
        ("68.19", 68.19),
        ("１２", 12.0),
        ("１２．５", 12.5),
        ("１，２５３", 1253.0),
        (" 152.67 ", 152.67),
        # Arabic with a magnitude word
        ("1.45万", 14500.0),
        ("3千", 3000.0),
        ("1万亿", 1e12),
        ("1.2万亿", 1.2e12),
        ("20 万", 200000.0),
        ("3千万", 3e7),
        ("5百万", 5e6),
        ("1300亿", 1.3e11),
        # Chinese positional
        ("一千三百", 1300.0),
        ("两万", 20000.0),
        ("十四", 14.0),
        ("十", 10.0),
        ("一百零五", 105.0),
        ("三万五千", 35000.0),
        ("一千三", 1300.0),  # colloquial: 一千三 is 1300, not 1003
        ("一万五", 15000.0),
        ("一亿五", 1.5e8),  # cn2an raises on this one
        ("两亿两千万", 2.2e8),
        ("一万亿", 1e12),
        ("六千零四十七亿九千三百零二", 604700009302.0),  # cn2an.an2cn writes it; cn2an.cn2an raises
        ("壹万贰仟", 12000.0),
        ("百", 100.0),
        # Chinese digit by digit
        ("二〇二五", 2025.0),
        ("二○二五", 2025.0),  # ○ is U+25CB, often typed for 〇 (U+3007)
        ("二零二五", 2025.0),
        ("零", 0.0),
        ("〇", 0.0),
        ("五", 5.0),
        # Chinese decimals
        ("一点四五", 1.45),
        ("零点五", 0.5),
        ("一点零五", 1.05),
        ("十四点五", 14.5),
        ("一点四五万", 14500.0),
        ("三点五亿", 3.5e8),
        # Percentages and per-mille: the figure before the mark
        ("百分之三点五一", 3.51),
        ("百分之二十", 20.0),
        ("百分之百", 100.0),
        ("百分之 12.5", 12.5),
        ("28%", 28.0),
        ("28％", 28.0),
        ("千分之五", 5.0),
        # Signs
        ("-5", -5.0),
        ("负五", -5.0),
        ("-2.5万", -25000.0),
    ],
)
def test_parse_number_reads(span: str, expected: float) -> None:
    assert parse_number(span) == expected


@pytest.mark.parametrize(
    "span",
    [
        "",
        "   ",
        "abc",
        "万",
        "亿",
        "万亿",
        "点五",
        "一点",
        "十四五",  # the 14th five-year plan, not a number (chinese2digits reads 55)
        "十三五",
        "第三章",
        "二百百二",  # cn2an reads 220
        "百七两千六",  # cn2an reads 9700
        "一亿亿",
        "一千零",
        "1,2345",
        "1.2.3",
        "12a",
        "%",
        "百分之",
        "5G",
        "٣",  # Arabic-Indic digit: not a plan's digit
        "1.45万家",  # a quantity, not a numeral span
    ],
)
def test_parse_number_rejects(span: str) -> None:
    assert parse_number(span) is None


def test_parse_number_is_exact_after_scaling() -> None:
    # 1.45 * 10000 in binary floating point is fine, but 1.15 * 100 is 114.99999999999999
    assert parse_number("1.15百") == 115.0
    assert parse_number("0.07万") == 700.0


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("一千三百", 1300),
        ("二〇二五", 2025),
        ("十四", 14),
        ("一十", 10),
        ("两", 2),
        ("千", 1000),
        ("九千九百九十九亿九千九百九十九万九千九百九十九", 999999999999),
        ("十亿零一十", 1000000010),
        ("一亿零五", 100000005),
    ],
)
def test_chinese_to_int_reads(span: str, expected: int) -> None:
    assert chinese_to_int(span) == expected


@pytest.mark.parametrize("span", ["", "一点四五", "12", "万", "十四五", "百分之五", "第一"])
def test_chinese_to_int_rejects(span: str) -> None:
    assert chinese_to_int(span) is None
