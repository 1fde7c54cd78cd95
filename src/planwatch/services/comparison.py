"""Use case: compare two stored plans, remember the user's confirmations, link successive plans.

`compare(factory, a, b)` reads both plans (`comparison_facts`), the confirmed pairs and runs the pure
comparison (`compare.comparison`). Confirming or correcting a pair is the planning office's decision
(admins only); it is stored with history, so the audit log shows who said which indicators are the
same series. Confirmed continued/renamed pairs join the two series for monitoring (`status`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from planwatch.compare.comparison import compare_plans
from planwatch.compare.crosswalk import Confirmation
from planwatch.compare.draft import NextPlanDraft, next_plan_draft
from planwatch.compare.model import ClauseFacts, Comparison, IndicatorFacts, PairLabel, PlanFacts, parse_label
from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.plan import NodeKind
from planwatch.services.comparison_facts import plan_facts
from planwatch.services.permissions import require_admin
from planwatch.services.plans import resolve_plan
from planwatch.store import list_plans, transaction
from planwatch.store.comparisons import (
    IndicatorLinkOut,
    PlanLinkOut,
    indicator_links,
    link_plans,
    plan_neighbours,
    save_indicator_link,
)
from planwatch.store.outline import choose_revision, revision_nodes
from planwatch.store.views import NodeOut, PlanSummary

_CHAPTER_KINDS = (NodeKind.CHAPTER, NodeKind.SECTION)


@dataclass(frozen=True, slots=True)
class ComparisonResult:
    comparison: Comparison
    plan_a: PlanSummary
    plan_b: PlanSummary
    links: tuple[IndicatorLinkOut, ...]


def _chapters(session: Session, plan_id: int) -> list[ClauseFacts]:
    """Top-level headings with the text of everything under them."""
    choice = choose_revision(session, plan_id)
    nodes = revision_nodes(session, choice.revision.id)
    children: dict[int, list[NodeOut]] = {}
    for node in nodes:
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node)
    tops = [n for n in nodes if n.parent_id is None and n.kind in _CHAPTER_KINDS]
    result: list[ClauseFacts] = []
    for top in tops:
        texts = [top.title, top.text]
        stack = list(children.get(top.id, []))
        end = top.line_end
        while stack:
            node = stack.pop()
            texts.extend((node.title, node.text))
            end = max(end, node.line_end)
            stack.extend(children.get(node.id, []))
        result.append(
            ClauseFacts(
                node_id=top.id,
                title=f"{top.marker} {top.title}".strip(),
                text="\n".join(t for t in texts if t),
                path=top.title,
                line_start=top.line_start,
                line_end=end,
            )
        )
    return result


def _confirmations(links: Sequence[IndicatorLinkOut]) -> list[Confirmation]:
    return [Confirmation(x.a_ref or None, x.b_ref or None, x.label, x.confirmed_by, x.note) for x in links]


def _pair_plans(session: Session, a_id: int, b_id: int) -> tuple[PlanSummary, PlanSummary, list[PlanSummary]]:
    if a_id == b_id:
        raise InputError("请选择两个不同的规划进行对比。")
    plan_a = resolve_plan(session, a_id)
    plan_b = resolve_plan(session, b_id)
    return plan_a, plan_b, list_plans(session)


def compare(factory: sessionmaker[Session], a_id: int, b_id: int) -> ComparisonResult:
    """Compare plan `a_id` (older) with plan `b_id` (newer), with the confirmations made so far."""
    with transaction(factory, read_only=True) as session:
        plan_a, plan_b, plans = _pair_plans(session, a_id, b_id)
        facts_a = plan_facts(session, plan_a, plans)
        facts_b = plan_facts(session, plan_b, plans, year=plan_b.period_start)
        links = indicator_links(session, plan_a.id, plan_b.id)
        comparison = compare_plans(
            facts_a,
            facts_b,
            _confirmations(links),
            a_chapters=_chapters(session, plan_a.id),
            b_chapters=_chapters(session, plan_b.id),
        )
    return ComparisonResult(comparison, plan_a, plan_b, tuple(links))


def _find(facts: PlanFacts, ref: str | None, side: str) -> IndicatorFacts | None:
    if not ref:
        return None
    found = next((i for i in facts.indicators if i.ref == ref), None)
    if found is None:
        raise InputError(f"{side}规划中没有这个指标（{ref}），请刷新对比页后重试。")
    return found


def confirm_pair(
    factory: sessionmaker[Session],
    principal: Principal,
    a_id: int,
    b_id: int,
    *,
    a_ref: str | None,
    b_ref: str | None,
    label: str,
    note: str | None = None,
) -> IndicatorLinkOut:
    """Confirm or correct one crosswalk row (admins only); the decision is kept with history.

    A lone indicator is confirmed as dropped (A only) or added (B only); a pair needs a pairing label.
    """
    require_admin(principal)
    try:
        chosen = parse_label(label)
    except ValueError:
        raise InputError(
            f"对应关系“{label}”无法识别，请选择延续、更名、口径调整、替代、拆分、合并、新增或删除。"
        ) from None
    a_ref = (a_ref or "").strip() or None
    b_ref = (b_ref or "").strip() or None
    if a_ref and b_ref and chosen in (PairLabel.ADDED, PairLabel.DROPPED):
        raise InputError(
            "新增或删除只用于单个指标；两个指标之间请选择延续、更名、口径调整、替代、拆分或合并。"
        )
    if not (a_ref and b_ref) and chosen not in (PairLabel.ADDED, PairLabel.DROPPED):
        raise InputError("只选了一个指标时，对应关系只能是新增（本期）或删除（上期）。")
    if a_ref and not b_ref and chosen is not PairLabel.DROPPED:
        raise InputError("上期指标单独确认时，对应关系应为删除。")
    if b_ref and not a_ref and chosen is not PairLabel.ADDED:
        raise InputError("本期指标单独确认时，对应关系应为新增。")
    clean_note = (note or "").strip()[:1000] or None
    with transaction(factory) as session:
        plan_a, plan_b, plans = _pair_plans(session, a_id, b_id)
        facts_a = plan_facts(session, plan_a, plans)
        facts_b = plan_facts(session, plan_b, plans, year=plan_b.period_start)
        a = _find(facts_a, a_ref, "上期")
        b = _find(facts_b, b_ref, "本期")
        return save_indicator_link(
            session,
            plan_a.id,
            plan_b.id,
            a_ref=a_ref or "",
            b_ref=b_ref or "",
            a_indicator_id=a.indicator_id if a else None,
            b_indicator_id=b.indicator_id if b else None,
            a_name=a.name if a else "",
            b_name=b.name if b else "",
            label=chosen,
            note=clean_note,
            who=principal.username,
        )


def link_successor(factory: sessionmaker[Session], a_id: int, b_id: int, who: str) -> PlanLinkOut:
    """Mark plan `b_id` as the successor of plan `a_id` (上期规划/下期规划)."""
    with transaction(factory) as session:
        plan_a, plan_b, _plans = _pair_plans(session, a_id, b_id)
        if (
            plan_a.period_start is not None
            and plan_b.period_start is not None
            and plan_b.period_start <= plan_a.period_start
        ):
            raise InputError(
                f"《{plan_b.title}》的规划期不晚于《{plan_a.title}》，不能作为它的下期规划；请交换两个编号。"
            )
        return link_plans(session, plan_a.id, plan_b.id, who)


def neighbours(factory: sessionmaker[Session], plan_id: int) -> tuple[PlanSummary | None, PlanSummary | None]:
    """The linked predecessor and successor of a plan."""
    with transaction(factory, read_only=True) as session:
        before, after = plan_neighbours(session, plan_id)
        plans = {p.id: p for p in list_plans(session)}
    return (plans.get(before) if before else None, plans.get(after) if after else None)


def default_pair(factory: sessionmaker[Session]) -> tuple[int, int] | None:
    """The pair a comparison page opens with: a linked pair, else the two latest plans of one area."""
    with transaction(factory, read_only=True) as session:
        plans = sorted(list_plans(session), key=lambda p: (p.period_start or 0, p.id))
        for plan in reversed(plans):
            before, _after = plan_neighbours(session, plan.id)
            if before is not None:
                return before, plan.id
    for later in reversed(plans):
        earlier = [
            p for p in plans if p.scope == later.scope and (p.period_start or 0) < (later.period_start or 0)
        ]
        if earlier:
            return earlier[-1].id, later.id
    return None


def draft_next_plan(factory: sessionmaker[Session], plan_id: int | None) -> NextPlanDraft:
    """下一期指标建议 for a plan (default: the latest), from its indicators and their actual figures."""
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
        facts = plan_facts(session, plan, list_plans(session))
    return next_plan_draft(facts)
