"""Conflicting figures prefer official sources (issue 8 item 3): gov.cn sites, plan text, named bulletins."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from planwatch.domain.provenance import Provenance, provenance
from planwatch.domain.records import ObservationOrigin, ObservationStatus, Qualifier
from planwatch.store.observations import default_choice
from planwatch.store.views import ObservationOut


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("http://kjj.wuhan.gov.cn/zwgk_8/t20200107_619084.html", Provenance.OFFICIAL),
        ("https://www.gov.cn/zhengce/2024.htm", Provenance.OFFICIAL),
        ("https://bkwk.cn/article/whjcjmzzcsdcxllywlql-a19764877.html", Provenance.UNOFFICIAL),
        ("https://news.example.com/gov.cn/page", Provenance.UNOFFICIAL),  # gov.cn in the path, not the host
        ("https://fakegov.cn/a", Provenance.UNOFFICIAL),
        ("《武汉市科技创新发展“十四五”规划》第31行", Provenance.OFFICIAL),
        ("武汉市2023年国民经济和社会发展统计公报", Provenance.OFFICIAL),
        ("file:shared/seeds/000_6d58e259aa89691f.txt", Provenance.UNKNOWN),
        ("", Provenance.UNKNOWN),
        (None, Provenance.UNKNOWN),
    ],
)
def test_provenance_of_sources(source: str | None, expected: Provenance) -> None:
    assert provenance(source) is expected


def _observation(id_: int, source: str, status: ObservationStatus) -> ObservationOut:
    return ObservationOut(
        id=id_,
        indicator_id=1,
        year=2023,
        value=100.0 + id_,
        unit="亿元",
        scope="武汉市",
        source=source,
        source_quote=None,
        status=status,
        qualifier=Qualifier.EXACT,
        note=None,
        origin=ObservationOrigin.IMPORT,
        created_by="test",
        created_at=datetime(2026, 1, 1),
    )


def test_an_official_preliminary_figure_beats_a_final_one_from_a_news_mirror() -> None:
    news = _observation(1, "https://bkwk.cn/article/1.html", ObservationStatus.FINAL)
    bulletin = _observation(2, "https://tjj.wuhan.gov.cn/tjfw/tjgb/1.html", ObservationStatus.PRELIMINARY)
    chosen = default_choice([news, bulletin], "武汉市")
    assert chosen is not None and chosen.id == 2


def test_the_plans_own_area_still_comes_first() -> None:
    """A stand-in area's official figure measures another quantity: scope stays the first criterion."""
    news = _observation(1, "https://bkwk.cn/article/1.html", ObservationStatus.FINAL)
    official = _observation(2, "https://tjj.hubei.gov.cn/1.html", ObservationStatus.FINAL)
    province = replace(official, scope="湖北省")
    chosen = default_choice([province, news], "武汉市")
    assert chosen is not None and chosen.id == 1
