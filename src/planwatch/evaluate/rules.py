"""Every threshold and weight the evaluation report uses, in one place, each with its reason.

The planning office can change them with a TOML file (`planwatch evaluate --rules FILE` or the
environment variable PLANWATCH_EVALUATION_RULES); `docs/evaluation-rules.toml` lists every key with
its default, and a test keeps that file equal to the defaults below. The 序时进度 thresholds of the
mid-term review (快于预期 ≥ 1.10, 基本符合预期 ≥ 0.90 of the expected path) are the monitor's
(`planwatch.monitor.thresholds`), so the report and `planwatch status` always agree.

Final evaluation (总结评估) — `FinalRules`
-----------------------------------------
EXCEED_MARGIN = 0.10
    超额完成 when the target-year figure passes the target by at least 10 % of the planned change
    (|target − baseline|), or, without a baseline, by 10 % of the target (for growth targets: 10 % of
    the target rate). A figure at or a hair above the target is 完成; 10 % of the planned change is
    the smallest excess that survives the usual revision between 快报 and 年报 figures.
EARLIER_YEAR_COUNTS_WHEN_MET = false
    Without a target-year figure the indicator is 无法评价（缺目标年数据）, even when an earlier
    year already met the target (the figure may have fallen since; the report mentions the earlier
    year). Set it to true to count a target met in an earlier year as 完成, with a note.

Department scorecards (部门考评) — `ScoreWeights`
-----------------------------------------------
The overall score is 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components a department has data for:
  reporting  (0.30)  share of due reports on its led tasks filed on time (a late one counts LATE_CREDIT)
  completion (0.20)  weighted share of its tasks whose latest report says 已完成
  punctuality(0.20)  1 − weighted share of its tasks overdue
  indicators (0.30)  share of its judged indicators that are met (final) or on track (mid-term)
Supported tasks weigh SUPPORT_WEIGHT (0.5) against led tasks (1.0): the lead answers for the task.
A report for year Y is on time when written by REPORT_DUE (01-31) of year Y+1, the usual deadline of
annual 督办 reports.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from typing import TypeVar

from planwatch.domain.errors import InputError


@dataclass(frozen=True, slots=True)
class FinalRules:
    exceed_margin: float = 0.10
    earlier_year_counts_when_met: bool = False


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    reporting: float = 0.30
    completion: float = 0.20
    punctuality: float = 0.20
    indicators: float = 0.30
    late_credit: float = 0.5
    support_weight: float = 0.5
    report_due: str = "01-31"  # month-day of the following year

    @property
    def due_month_day(self) -> tuple[int, int]:
        month, day = self.report_due.split("-")
        return int(month), int(day)


@dataclass(frozen=True, slots=True)
class EvaluationRules:
    final: FinalRules = field(default_factory=FinalRules)
    scorecard: ScoreWeights = field(default_factory=ScoreWeights)

    def described(self) -> tuple[tuple[str, str], ...]:
        """(name, value) of every rule, as the report records them."""
        rows = [(f"final.{f.name}", _show(getattr(self.final, f.name))) for f in fields(self.final)]
        rows += [
            (f"scorecard.{f.name}", _show(getattr(self.scorecard, f.name))) for f in fields(self.scorecard)
        ]
        return tuple(rows)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_R = TypeVar("_R", "FinalRules", "ScoreWeights")


def rules_from_toml(text: str, origin: str = "评估规则文件") -> EvaluationRules:
    """Rules from TOML text: [final] and [scorecard] tables; keys left out keep their defaults."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{origin}不是有效的 TOML：{exc}；请对照 docs/evaluation-rules.toml 修改。"
        ) from None
    rules = EvaluationRules()
    unknown = set(data) - {"final", "scorecard"}
    if unknown:
        raise InputError(
            f"{origin}中有无法识别的部分：{'、'.join(sorted(unknown))}；只能有 [final] 和 [scorecard]。"
        )
    final = _apply(rules.final, data.get("final", {}), origin, "final")
    scorecard = _apply(rules.scorecard, data.get("scorecard", {}), origin, "scorecard")
    try:
        month, day = scorecard.due_month_day
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError
    except ValueError:
        raise InputError(f"{origin}中 scorecard.report_due 应写作“月-日”，如 01-31。") from None
    weights = (scorecard.reporting, scorecard.completion, scorecard.punctuality, scorecard.indicators)
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise InputError(f"{origin}中的考评权重不能为负数，且至少有一项大于 0。")
    return EvaluationRules(final, scorecard)


def _apply(current: _R, values: object, origin: str, name: str) -> _R:
    if not isinstance(values, dict):
        raise InputError(f"{origin}中 [{name}] 应是一个表。")
    known = {f.name: type(getattr(current, f.name)) for f in fields(current)}
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key not in known:
            raise InputError(f"{origin}中 [{name}] 没有“{key}”这一项，可用：{'、'.join(known)}。")
        wanted = known[key]
        if wanted is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, wanted) or (wanted is not bool and isinstance(value, bool)):
            raise InputError(f"{origin}中 {name}.{key} 的值类型不对（应为 {wanted.__name__}）。")
        changes[key] = value
    return replace(current, **changes)  # type: ignore[arg-type]
