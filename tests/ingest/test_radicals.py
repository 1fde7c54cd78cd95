"""Radical code points from PDF extraction fold to ordinary characters; other content is untouched."""

from __future__ import annotations

import unicodedata

import pytest

from planwatch.ingest.radicals import RADICAL_TABLE, SUPPLEMENT_EQUIVALENTS, fold_radicals


@pytest.mark.parametrize(
    ("extracted", "expected"),
    [
        ("第⼀章", "第一章"),  # U+2F00 KANGXI RADICAL ONE
        ("“⼗四五”", "“十四五”"),  # U+2F17 KANGXI RADICAL TEN
        ("⼈⺠⽣活", "人民生活"),  # Kangxi MAN, supplement CIVILIAN, Kangxi LIFE
        ("⻓江", "长江"),  # U+2ED3 C-SIMPLIFIED LONG
        ("⻔户", "门户"),  # U+2ED4 C-SIMPLIFIED GATE
        ("⻋⻓", "车长"),
        ("⻅效", "见效"),
        ("⻚⾯", "页面"),  # supplement LEAF + Kangxi FACE
        ("⻛险", "风险"),
        ("⻜速", "飞速"),
        ("⻢上", "马上"),
        ("⻥⻦", "鱼鸟"),
        ("⻩⾦", "黄金"),
        ("⻰头", "龙头"),
        ("⻳", "龟"),
        ("⻬", "齐"),
        ("⻘年", "青年"),
        ("⾼质量发展", "高质量发展"),
    ],
)
def test_common_radicals_fold(extracted: str, expected: str) -> None:
    assert fold_radicals(extracted) == expected


def test_content_nfkc_would_change_is_kept() -> None:
    text = "①加强（一）１２％，万㎡　km²"
    assert fold_radicals(text) == text


def test_every_kangxi_radical_is_mapped_to_an_ideograph() -> None:
    for codepoint in range(0x2F00, 0x2FD6):
        target = RADICAL_TABLE[codepoint]
        assert len(target) == 1 and unicodedata.name(target).startswith("CJK UNIFIED IDEOGRAPH")


def test_supplement_table_targets_are_ideographs_and_names_match() -> None:
    assert 0x2E80 not in SUPPLEMENT_EQUIVALENTS  # CJK RADICAL REPEAT has no equivalent ideograph
    assert 0x2E9A not in SUPPLEMENT_EQUIVALENTS  # unassigned
    for source, target in SUPPLEMENT_EQUIVALENTS.items():
        assert unicodedata.name(chr(source)).startswith("CJK RADICAL ")
        assert unicodedata.name(chr(target)).startswith("CJK UNIFIED IDEOGRAPH")
    assert len(SUPPLEMENT_EQUIVALENTS) == 114
    # Where Unicode itself gives a compatibility mapping, the table agrees with it.
    assert chr(SUPPLEMENT_EQUIVALENTS[0x2E9F]) == unicodedata.normalize("NFKC", "\u2e9f")
    assert chr(SUPPLEMENT_EQUIVALENTS[0x2EF3]) == unicodedata.normalize("NFKC", "\u2ef3")


def test_compatibility_ideographs_fold() -> None:
    assert fold_radicals("\uf900") == "\u8c48"  # CJK COMPATIBILITY IDEOGRAPH-F900 → 豈
