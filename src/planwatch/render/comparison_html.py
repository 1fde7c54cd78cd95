"""A comparison as one self-contained HTML page (print or e-mail it): crosswalk, carry-over, emphasis.

Every text is escaped; the page loads nothing from outside.
"""

from __future__ import annotations

from html import escape

from planwatch.compare.model import CarryRow, Comparison

STYLE = """body{font-family:"Noto Sans SC",sans-serif;margin:2em;color:#222}table{border-collapse:collapse;
width:100%;margin:1em 0}th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;font-size:13px}
th{background:#f0f0f0}.label{font-weight:bold}.muted{color:#777}"""


def _td(value: object) -> str:
    return f"<td>{escape('' if value is None else str(value))}</td>"


def _carry(title: str, rows: tuple[CarryRow, ...]) -> str:
    body = "".join(
        "<tr>"
        + _td(r.label_name)
        + _td(f"{r.a.path}（第{r.a.line_start}-{r.a.line_end}行）" if r.a else "")
        + _td(f"{r.b.path}（第{r.b.line_start}-{r.b.line_end}行）" if r.b else "")
        + _td(f"{r.score:.2f}" if r.a and r.b else "")
        + _td("是" if r.was_lagging else "")
        + "</tr>"
        for r in rows
    )
    return (
        f"<h2>{escape(title)}</h2><table><tr><th>对应关系</th><th>上期</th><th>本期</th><th>相似度</th>"
        f"<th>上期滞后</th></tr>{body}</table>"
    )


def comparison_html(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    rows = []
    for r in comparison.crosswalk:
        check = r.continuity
        rows.append(
            "<tr>"
            + _td(r.a.name if r.a else "")
            + f'<td class="label">{escape(r.label_name)}</td>'
            + _td(r.b.name if r.b else "")
            + _td(r.evidence.rule if r.evidence else "")
            + _td("".join(check.sentences) if check else "")
            + _td(f"已确认（{r.confirmed_by}）" if r.confirmed else "建议")
            + "</tr>"
        )
    notes = "".join(f"<p class='muted'>{escape(n)}</p>" for n in comparison.notes)
    emphasis = "".join(
        "<tr>"
        + _td(c.a_title or "")
        + _td(c.b_title or "")
        + _td("、".join(f"{t}（+{v}%）" for t, v in c.grew))
        + _td("、".join(f"{t}（{v}%）" for t, v in c.shrank))
        + "</tr>"
        for c in comparison.chapters
    )
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>规划对比 · {escape(a.title)} → {escape(b.title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>规划对比</h1><p>上期：《{escape(a.title)}》　本期：《{escape(b.title)}》</p>{notes}"
        "<h2>指标对应</h2><table><tr><th>上期指标</th><th>对应关系</th><th>本期指标</th><th>依据</th>"
        f"<th>衔接与雄心</th><th>状态</th></tr>{''.join(rows)}</table>"
        + _carry("任务延续", comparison.tasks)
        + _carry("专栏项目延续", comparison.projects)
        + "<h2>章节与重点变化</h2><table><tr><th>上期章节</th><th>本期章节</th><th>加强的主题</th>"
        f"<th>减弱的主题</th></tr>{emphasis}</table></body></html>"
    )
