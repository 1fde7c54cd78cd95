"""Property tests: the scanner never raises and keeps its offsets; numerals round-trip."""

from __future__ import annotations

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from planwatch.normalize.numbers import chinese_to_int, find_quantities, parse_number

# Text that looks like plan text: CJK numerals and units, digits of both widths, separators, Latin letters.
_PLAN_ALPHABET = (
    "0123456789０１２３４５６７８９.．,，%％‰-—～~至到 \u3000\n"
    "零〇○一二两三四五六七八九十百千万亿点百分之第每个家元亿件项人年月日号"
    "专栏表〔〕（）()“”+/:GTMWnmPFlopsabcXYZ余多"
)
plan_like_text = st.text(alphabet=_PLAN_ALPHABET, max_size=60) | st.text(max_size=60)


@given(plan_like_text)
def test_find_quantities_never_raises_and_keeps_offsets(text: str) -> None:
    previous_end = 0
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start >= previous_end
        assert quantity.high is None or quantity.high >= quantity.value
        previous_end = quantity.end


@given(plan_like_text)
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_parse_number_reads_what_cn2an_writes(number: int) -> None:
    assert parse_number(cn2an.an2cn(number)) == number
    assert chinese_to_int(cn2an.an2cn(number)) == number


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_parse_number_reads_decimals(hundredths: int) -> None:
    value = hundredths / 100
    assert parse_number(f"{value}") == value


@given(st.integers(min_value=0, max_value=10**9))
def test_parse_number_reads_thousands_separators(number: int) -> None:
    assert parse_number(f"{number:,}") == number
