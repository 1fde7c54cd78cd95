"""Terminal renderings of a plan: the outline tree and a summary with the indicator table."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from planwatch.domain.plan import NodeKind, Plan

_ATTRIBUTE_LABEL = {"expected": "预期性", "binding": "约束性"}
_KIND_LABEL = {"level": "总量", "growth": "年均增速"}


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def render_tree(console: Console, plan: Plan) -> None:
    root = Tree(f"[bold]{plan.title or '（无标题）'}[/bold]")
    branches: dict[str | None, Tree] = {None: root}
    for node in plan.nodes:
        if node.kind is NodeKind.PARAGRAPH:
            continue
        parent = branches.get(node.parent, root)
        label = (
            f"{node.marker} {node.title}".strip() if node.kind is not NodeKind.TABLE else f"[表] {node.title}"
        )
        if node.kind is NodeKind.BOX_ENTRY:
            label = f"· {node.title}"
        branches[node.id] = parent.add(f"{label}  [dim]L{node.lines.start}[/dim]")
    console.print(root)


def render_summary(console: Console, plan: Plan) -> None:
    period = f"{plan.period.start}—{plan.period.end}" if plan.period else "未识别"
    console.print(f"[bold]{plan.title or '（无标题）'}[/bold]  规划期：{period}")
    if plan.notice is not None:
        console.print(f"印发通知：{plan.notice.doc_number or '—'}  {plan.notice.date or ''}")
    kinds = Counter(n.kind for n in plan.nodes)
    counts = "  ".join(
        f"{label} {kinds[kind]}"
        for kind, label in (
            (NodeKind.CHAPTER, "章"),
            (NodeKind.SECTION, "节"),
            (NodeKind.SUBSECTION, "小节"),
            (NodeKind.ITEM, "条"),
            (NodeKind.BOX, "专栏"),
            (NodeKind.BOX_ENTRY, "专栏条目"),
            (NodeKind.TABLE, "表格"),
        )
    )
    console.print(counts)
    console.print(
        f"指标 {len(plan.indicators)}  文中目标 {len(plan.targets)}  历史数据 {len(plan.observations)}  "
        f"责任分工 {len(plan.responsibilities)}"
    )
    if plan.indicators:
        table = Table(title="指标表", show_lines=False)
        table.add_column("指标", overflow="fold", min_width=14)
        for col in ("单位", "属性", "类型", "基期", "基期值", "目标年", "目标值"):
            table.add_column(col, no_wrap=True)
        for ind in plan.indicators:
            table.add_row(
                ind.name,
                ind.unit,
                _ATTRIBUTE_LABEL.get(ind.attribute.value, "") if ind.attribute else "",
                _KIND_LABEL[ind.kind.value],
                str(ind.baseline.year or ""),
                _fmt(ind.baseline.value),
                str(ind.target.year or ""),
                f"{ind.comparator.value} {_fmt(ind.target.value)}",
            )
        console.print(table)
    for warning in plan.warnings:
        console.print(f"[yellow]提示：{warning}[/yellow]")
    console.print()
