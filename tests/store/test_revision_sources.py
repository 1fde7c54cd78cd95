"""The original lines of each revision are stored with it and read back exactly (line n is item n - 1)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planwatch.domain.plan import NodeKind, Plan
from planwatch.interchange.plan_json import plan_to_json
from planwatch.store import get_plan, save_plan
from planwatch.store.models import RevisionSourceRow
from planwatch.store.sources import revision_lines, revisions_with_source, save_revision_lines

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"


def file_lines(name: str) -> tuple[str, ...]:
    """The file's lines as an editor numbers them (split on newlines only; no empty line after the last)."""
    text = (PLANS / name).read_bytes().decode("utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    if lines[-1] == "":
        lines.pop()
    return tuple(lines)


def test_both_plans_keep_their_original_lines(session: Session, plan14: Plan, plan12: Plan) -> None:
    result14 = save_plan(session, plan14)
    result12 = save_plan(session, plan12)
    session.commit()

    stored14 = revision_lines(session, result14.revision_id)
    stored12 = revision_lines(session, result12.revision_id)
    assert stored14 == file_lines("wuhan-14th-sci-tech-2021-2025.txt")
    assert stored12 == file_lines("wuhan-12th-sci-tech-2011-2015.txt")
    assert stored14 is not None and len(stored14) == plan14.source.line_count
    assert revisions_with_source(session, [result14.revision_id, result12.revision_id]) == {
        result14.revision_id,
        result12.revision_id,
    }

    # line numbers are 1-based: every stored chapter heading sits on the line its node cites
    chapters = [n for n in get_plan(session, result14.plan_id).nodes if n.kind is NodeKind.CHAPTER]
    assert len(chapters) == 7
    for chapter in chapters:
        assert chapter.title in stored14[chapter.line_start - 1]
    assert stored14[10].strip() == "第一章 开启科技创新中心建设新征程"


def test_reimporting_the_same_document_adds_no_second_copy(session: Session, plan14: Plan) -> None:
    save_plan(session, plan14)
    assert save_plan(session, plan14).created is False
    session.commit()
    assert session.scalar(select(func.count()).select_from(RevisionSourceRow)) == 1


def test_a_plan_without_lines_stores_none_and_reads_as_missing(session: Session, plan14: Plan) -> None:
    """Revisions imported before the table existed (or built without lines) read back as None."""
    bare = dataclasses.replace(plan14, source=dataclasses.replace(plan14.source, lines=()))
    result = save_plan(session, bare)
    session.commit()
    assert revision_lines(session, result.revision_id) is None
    assert revisions_with_source(session, [result.revision_id]) == set()


def test_lines_are_replaced_and_nul_is_made_storable(session: Session, plan14: Plan) -> None:
    result = save_plan(session, plan14)
    save_revision_lines(session, result.revision_id, ["第一行", "", "含\x00空字符", "  末行 "])
    session.commit()
    assert revision_lines(session, result.revision_id) == ("第一行", "", "含\ufffd空字符", "  末行 ")
    session.execute(delete(RevisionSourceRow))
    session.commit()
    assert revision_lines(session, result.revision_id) is None


def test_lines_do_not_leak_into_the_plan_json(plan14: Plan) -> None:
    """The interchange format is a published contract: source lines are not part of it."""
    assert plan14.source.lines
    document = plan_to_json(plan14)
    assert set(document["source"]) == {"path", "sha256", "format", "encoding", "line_count"}  # type: ignore[arg-type]
    assert "lines" not in str(document["source"])
    bare = dataclasses.replace(plan14, source=dataclasses.replace(plan14.source, lines=()))
    assert plan_to_json(bare) == document
    assert bare == plan14  # lines take no part in comparisons
