"""Use cases: the only place that combines layers (ingest → extract → store → monitor) and owns transactions.

One module per use case. Entry points (cli, later api and web) call the use cases exported here
rather than repository functions or monitor arithmetic, so the rules of a use case live in one place;
the result types they render are re-exported too.
"""

from planwatch.services.database import (
    Database,
    DatabaseBusyError,
    DatabaseUnavailableError,
    DiskFullError,
    SchemaOutdatedError,
    connect_database,
    open_database,
    upgrade_database,
)
from planwatch.services.observation_import import (
    AUTO_ACCEPT_SCORE,
    Candidate,
    MappingProposal,
    NameProposal,
    import_observation_file,
    propose_mappings,
    read_observations,
)
from planwatch.services.parsing import PLAN_SUFFIXES, parse_plan_file, parse_plan_files, plan_files
from planwatch.services.plans import (
    PlanImport,
    import_plan_file,
    import_plan_files,
    newest_first,
    stored_plans,
)
from planwatch.services.status import IndicatorStatus, LatestValue, PlanStatus, plan_status
from planwatch.services.tasks import TaskListing, find_tasks
from planwatch.store.views import ImportSummary, PlanSummary, TaskOut

__all__ = [
    "AUTO_ACCEPT_SCORE",
    "PLAN_SUFFIXES",
    "Candidate",
    "Database",
    "DatabaseBusyError",
    "DatabaseUnavailableError",
    "DiskFullError",
    "ImportSummary",
    "IndicatorStatus",
    "LatestValue",
    "MappingProposal",
    "NameProposal",
    "PlanImport",
    "PlanStatus",
    "PlanSummary",
    "SchemaOutdatedError",
    "TaskListing",
    "TaskOut",
    "connect_database",
    "find_tasks",
    "import_observation_file",
    "import_plan_file",
    "import_plan_files",
    "newest_first",
    "open_database",
    "parse_plan_file",
    "parse_plan_files",
    "plan_files",
    "plan_status",
    "propose_mappings",
    "read_observations",
    "stored_plans",
    "upgrade_database",
]
