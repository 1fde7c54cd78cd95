"""Evaluation reports as content (pure): facts in, sections of sourced sentences and tables out."""

from planwatch.evaluate.content import Number, Paragraph, Report, Section, SourceKind, SourceRef, Table, Text
from planwatch.evaluate.facts import Cutoff, EvaluationFacts, EvaluationKind
from planwatch.evaluate.report import Evaluation, EvaluationOptions, build_report
from planwatch.evaluate.rules import EvaluationRules, rules_from_toml
from planwatch.evaluate.scorecard import Scorecard

__all__ = [
    "Cutoff",
    "Evaluation",
    "EvaluationFacts",
    "EvaluationKind",
    "EvaluationOptions",
    "EvaluationRules",
    "Number",
    "Paragraph",
    "Report",
    "Scorecard",
    "Section",
    "SourceKind",
    "SourceRef",
    "Table",
    "Text",
    "build_report",
    "rules_from_toml",
]
