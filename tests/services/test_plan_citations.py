"""A data file's `file:` source quoting a stored plan is cited by the plan's title and line (issue 8 item 3)."""

from __future__ import annotations

from service_samples import OBSERVATIONS
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import import_observation_file, propose_mappings, read_observations
from planwatch.services.plan_citations import quote_line
from planwatch.store.models import ObservationRow

TITLE_14 = "武汉市科技创新发展“十四五”规划"


def test_quote_line_ignores_whitespace_and_line_breaks() -> None:
    text = "第一行\n\n全社会 R&D 经费支出占\n\nGDP 比重从 3.02%上升"
    assert quote_line(text, "全社会R&D经费支出占GDP 比重从 3.02%") == 3
    assert quote_line(text, "不在文中") is None
    assert quote_line(text, "   ") is None


def test_plan_file_sources_are_cited_by_title_and_line(
    factory: sessionmaker[Session], plan_ids: dict[str, int]
) -> None:
    file = read_observations(OBSERVATIONS)
    assert any((r.source or "").startswith("file:") for r in file.records)
    proposal = propose_mappings(factory, plan_ids["14"], file)
    mapping = {n.external_name: c.indicator_id for n in proposal.names if (c := n.auto_choice()) is not None}
    import_observation_file(factory, plan_ids["14"], file, mapping, who="test")
    with factory() as session:
        sources = {
            (row.source_quote, row.source)
            for row in session.scalars(select(ObservationRow))
            if row.source_quote
        }
    by_quote = dict(sources)
    # Lines checked by hand in examples/plans/wuhan-14th-sci-tech-2021-2025.txt: the sentence starts at
    # the end of line 31 ("…全社会 R&D 经费支出占") and 国家级创新平台累计达 138 家 is on line 64.
    assert by_quote["全社会 R&D 经费支出占GDP 比重从 3.02%上升到 3.51%"] == f"《{TITLE_14}》第31行"
    assert by_quote["国家级创新平台累计达 138 家"] == f"《{TITLE_14}》第64行"
    assert not any(source.startswith("file:") and "000_" in source for _, source in sources if source)
    # Web sources are left alone.
    assert any(source.startswith("http") for _, source in sources if source)
