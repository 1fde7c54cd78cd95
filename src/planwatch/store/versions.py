"""A cheap fingerprint of everything a read page shows, for caching read results until the data changes.

Every edit through the store writes `change_history` in the same transaction (observations, reports,
choices, accounts, tokens, departments, indicator owners), so its newest id moves with any edit or
deletion. Bulk writes that do not go row by row through the history — a plan import, a data-file
import, new progress reports — add rows with new ids, so the newest ids of those tables are part of the
fingerprint too. Each part is a primary-key max, answered from the index.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.store.models import (
    ChangeHistoryRow,
    DefinitionBreakRow,
    IndicatorDepartmentRow,
    ObservationChoiceRow,
    ObservationRow,
    PlanRevisionRow,
    ProgressReportRow,
)

_TRACKED = (
    ChangeHistoryRow.id,
    PlanRevisionRow.id,
    ObservationRow.id,
    ProgressReportRow.id,
    ObservationChoiceRow.id,
    DefinitionBreakRow.id,
    IndicatorDepartmentRow.id,
)


def data_version(session: Session) -> tuple[int, ...]:
    """The newest id of each tracked table (0 for an empty one), in one round trip."""
    row = session.execute(select(*(select(func.max(c)).scalar_subquery() for c in _TRACKED))).one()
    return tuple(int(v or 0) for v in row)
