"""Observations: history of changes, the default choice rule, user overrides, definition breaks."""

from __future__ import annotations

from sqlalchemy.orm import Session
from store_builders import make_plan

from planwatch.domain.records import ObservationOrigin, ObservationStatus, Qualifier
from planwatch.store import (
    add_definition_break,
    add_observation,
    choose_observation,
    chosen_series,
    clear_choice,
    definition_breaks,
    delete_observation,
    history_for,
    list_indicators,
    observation_conflicts,
    resolve_observation,
    save_plan,
    update_observation,
)


def _indicator(session: Session, name: str = "湖北实验室数量") -> int:
    plan_id, _, _ = save_plan(session, make_plan())
    return next(i for i, n in list_indicators(session, plan_id).items() if n == name)


def test_add_update_delete_write_history(session: Session) -> None:
    ind = _indicator(session)
    obs = add_observation(session, ind, 2021, 7, "个", who="张", scope="武汉市", source="https://a")
    changed = update_observation(session, obs.id, who="李", value=8, status=ObservationStatus.PRELIMINARY)
    session.commit()
    assert (changed.value, changed.status) == (8, ObservationStatus.PRELIMINARY)
    history = history_for(session, "observations", obs.id)
    assert ("value", None, "7", "张") in {(c.field, c.old_value, c.new_value, c.changed_by) for c in history}
    assert ("value", "7", "8", "李") in {(c.field, c.old_value, c.new_value, c.changed_by) for c in history}
    assert ("status", "final", "preliminary", "李") in {
        (c.field, c.old_value, c.new_value, c.changed_by) for c in history
    }
    delete_observation(session, obs.id, who="李")
    session.commit()
    assert ("value", "8", None, "李") in {
        (c.field, c.old_value, c.new_value, c.changed_by)
        for c in history_for(session, "observations", obs.id)
    }


def test_default_rule_and_override(session: Session) -> None:
    ind = _indicator(session)
    est = add_observation(
        session, ind, 2022, 9, "个", who="u", scope="武汉市", status=ObservationStatus.ESTIMATE
    )
    prelim = add_observation(
        session, ind, 2022, 8, "个", who="u", scope="武汉市", status=ObservationStatus.PRELIMINARY
    )
    assert resolve_observation(session, ind, 2022).chosen == prelim
    bound = add_observation(
        session, ind, 2022, 7, "个", who="u", scope="武汉市", qualifier=Qualifier.LOWER_BOUND
    )
    assert resolve_observation(session, ind, 2022).chosen == bound  # final beats preliminary
    final = add_observation(session, ind, 2022, 7.5, "个", who="u", scope="武汉市")
    assert resolve_observation(session, ind, 2022).chosen == final  # exact beats a bound
    province = add_observation(session, ind, 2022, 10, "个", who="u", scope="湖北省")
    conflict = resolve_observation(session, ind, 2022)
    assert conflict.chosen == final and conflict.values_differ and not conflict.overridden
    assert conflict.observations[-1] == province  # a stand-in scope ranks last
    # without own-scope figures, the stand-in is what there is; with a different own scope it wins
    assert resolve_observation(session, ind, 2022, own_scope="湖北省").chosen == province

    overridden = choose_observation(session, est.id, who="审核员", note="统计局口头确认")
    assert overridden.chosen == est and overridden.overridden
    session.commit()
    assert chosen_series(session, ind)[2022] == est
    assert [c.year for c in observation_conflicts(session, ind)] == [2022]
    clear_choice(session, ind, 2022, who="审核员")
    session.commit()
    assert resolve_observation(session, ind, 2022).chosen == final
    assert history_for(session, "observation_choices", 1) or history_for(session, "observation_choices", 2)


def test_plan_figure_beats_an_equal_import(session: Session) -> None:
    ind = _indicator(session, "技术合同成交额（亿元）")
    add_observation(
        session, ind, 2020, 942.3, "亿元", who="u", scope="武汉市", origin=ObservationOrigin.IMPORT
    )
    chosen = resolve_observation(session, ind, 2020).chosen
    assert chosen is not None and chosen.origin == ObservationOrigin.PLAN


def test_definition_breaks_are_idempotent(session: Session) -> None:
    ind = _indicator(session)
    add_definition_break(session, ind, 2016, who="u", note="口径调整")
    add_definition_break(session, ind, 2016, who="u")
    session.commit()
    assert [(b.comparable_from, b.note) for b in definition_breaks(session, ind)] == [(2016, "口径调整")]
