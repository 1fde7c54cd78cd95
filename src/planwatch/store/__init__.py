"""Storage: SQLAlchemy tables, packaged Alembic migrations and repository functions.

Repository functions take a `Session` and never commit: the caller (services) owns the transaction,
typically with `transaction(factory)`, so an import either lands completely or not at all.
"""

from planwatch.store.departments import (
    add_alias,
    create_department,
    delete_department,
    get_department,
    list_departments,
    merge_departments,
    remove_alias,
    rename_department,
)
from planwatch.store.engine import default_database_url, make_engine, make_session_factory, transaction
from planwatch.store.errors import ConflictError, NotFoundError, StoreError
from planwatch.store.history import history_for, recent_changes
from planwatch.store.indicator_owners import (
    indicator_department_ids,
    indicator_departments,
    indicators_of_departments,
    set_indicator_departments,
)
from planwatch.store.migrate import upgrade
from planwatch.store.observations import (
    add_definition_break,
    add_observation,
    choose_observation,
    chosen_series,
    clear_choice,
    confirm_mapping,
    definition_breaks,
    delete_observation,
    forget_mapping,
    import_observations,
    observation_conflicts,
    observations_for,
    remembered_mappings,
    resolve_observation,
    review_observation,
    update_observation,
)
from planwatch.store.plans import get_plan, list_indicators, list_plans, save_plan, scope_from_title
from planwatch.store.tasks import (
    add_progress_report,
    get_task,
    list_tasks,
    overdue_tasks,
    reports_for_task,
    task_state,
    tasks_for_department,
    update_progress_report,
)

__all__ = [
    "ConflictError",
    "NotFoundError",
    "StoreError",
    "add_alias",
    "add_definition_break",
    "add_observation",
    "add_progress_report",
    "choose_observation",
    "chosen_series",
    "clear_choice",
    "confirm_mapping",
    "create_department",
    "default_database_url",
    "definition_breaks",
    "delete_department",
    "delete_observation",
    "forget_mapping",
    "get_department",
    "get_plan",
    "get_task",
    "history_for",
    "import_observations",
    "indicator_department_ids",
    "indicator_departments",
    "indicators_of_departments",
    "list_departments",
    "list_indicators",
    "list_plans",
    "list_tasks",
    "make_engine",
    "make_session_factory",
    "merge_departments",
    "observation_conflicts",
    "observations_for",
    "overdue_tasks",
    "recent_changes",
    "remembered_mappings",
    "remove_alias",
    "rename_department",
    "reports_for_task",
    "resolve_observation",
    "review_observation",
    "save_plan",
    "scope_from_title",
    "set_indicator_departments",
    "task_state",
    "tasks_for_department",
    "transaction",
    "update_observation",
    "update_progress_report",
    "upgrade",
]
