"""Number formats of Word lists, Chinese counting in particular."""

from __future__ import annotations

import pytest

from planwatch.ingest.numbering import chinese_counting, format_number


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
    ],
)
def test_chinese_counting(number: int, expected: str) -> None:
    assert chinese_counting(number) == expected


@pytest.mark.parametrize(
    ("number", "fmt", "expected"),
    [
        (3, "decimal", "3"),
        (3, "decimalZero", "03"),
        (12, "chineseCountingThousand", "十二"),
        (11, "chineseLegalSimplified", "壹拾壹"),
        (3, "ideographTraditional", "丙"),
        (10, "ideographTraditional", "癸"),
        (11, "ideographTraditional", "11"),
        (1, "decimalEnclosedCircle", "①"),
        (20, "decimalEnclosedCircleChinese", "⑳"),
        (21, "decimalEnclosedCircle", "㉑"),
        (2, "decimalEnclosedParen", "⑵"),
        (2, "decimalEnclosedFullstop", "⒉"),
        (28, "lowerLetter", "bb"),
        (3, "upperLetter", "C"),
        (14, "lowerRoman", "xiv"),
        (2024, "upperRoman", "MMXXIV"),
        (10, "ideographDigital", "一〇"),
        (5, "none", ""),
        (7, "someFutureFormat", "7"),
    ],
)
def test_format_number(number: int, fmt: str, expected: str) -> None:
    assert format_number(number, fmt) == expected
