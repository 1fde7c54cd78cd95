"""Mapping a data file's indicator names to plan indicators: rules, threshold, remembered mappings."""

from __future__ import annotations

from service_samples import OBSERVATIONS, load_observations
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import (
    AUTO_ACCEPT_SCORE,
    NameProposal,
    import_observation_file,
    propose_mappings,
    read_observations,
)


def _by_name(factory: sessionmaker[Session], plan_id: int) -> dict[str, NameProposal]:
    proposal = propose_mappings(factory, plan_id, read_observations(OBSERVATIONS))
    return {n.external_name: n for n in proposal.names}


def test_growth_indicator_takes_its_level_series_not_the_rate(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    names = _by_name(factory, plan_ids["14"])
    level = names["全社会研发经费投入"].auto_choice()
    assert level is not None
    assert level.indicator_name == "全社会研发经费投入增长"
    assert level.why == "增速指标的水平序列"
    rate = names["全社会研发经费投入增长"]
    assert rate.auto_choice() is None
    assert all(c.indicator_name != "全社会研发经费投入增长" for c in rate.candidates)
    assert rate.note is not None and "增速值" in rate.note


def test_statistical_synonyms_score_100(factory: sessionmaker[Session], plan_ids: dict[str, int]) -> None:
    twelfth = _by_name(factory, plan_ids["12"])["R&D经费投入强度"].auto_choice()
    fourteenth = _by_name(factory, plan_ids["14"])["R&D经费投入强度"].auto_choice()
    assert twelfth is not None and twelfth.indicator_name == "全社会R&D投入费用占GDP的比重"
    assert fourteenth is not None and fourteenth.indicator_name == "全社会R&D经费支出占GDP比重"


def test_a_name_inside_a_longer_one_is_not_accepted(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    """WRatio gives 90 to 高新技术产业增加值 inside 高新技术产业增加值占GDP比重: a different series."""
    proposal = _by_name(factory, plan_ids["12"])["高新技术产业增加值占GDP比重"]
    assert proposal.candidates and proposal.candidates[0].score < AUTO_ACCEPT_SCORE
    assert proposal.auto_choice() is None


def test_defined_indicator_wins_a_tie(factory: sessionmaker[Session], plan_ids: dict[str, int]) -> None:
    """国家级创新平台数量 (table row) and 国家级创新平台 (past figures only) are the same series key."""
    chosen = _by_name(factory, plan_ids["14"])["国家级创新平台数量"].auto_choice()
    assert chosen is not None and chosen.defined and chosen.indicator_name == "国家级创新平台数量"


def test_import_twice_adds_nothing_and_mappings_are_remembered(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    plan_id = plan_ids["14"]
    load_observations(factory, plan_id)
    names = _by_name(factory, plan_id)
    remembered = {n for n, p in names.items() if p.remembered is not None}
    assert {"技术合同成交额", "全社会研发经费投入", "R&D经费投入强度"} <= remembered
    assert "全社会研发经费投入增长" not in remembered
    again = import_observation_file(factory, plan_id, read_observations(OBSERVATIONS), {}, who="测试")
    assert again.added == 0 and again.skipped_duplicates > 0
    assert "全社会研发经费投入增长" in again.unmapped
