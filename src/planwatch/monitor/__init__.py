"""Progress arithmetic: expected paths, 序时进度 status, SDG comparisons, growth and forecasts.

Pure functions over `planwatch.domain.progress` types; no I/O. Start with `assess`.
"""

from planwatch.monitor.assess import assess
from planwatch.monitor.status import judge_status, status_history

__all__ = ["assess", "judge_status", "status_history"]
