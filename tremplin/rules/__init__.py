"""The dated table of legal figures (durations, thresholds, caps, amounts) with their
sources. Every app reads its figures here, never from literals, so that a new decree is
one new row. Depends on nothing but the standard library."""

from .table import RULES, Rule, rule, rules_in_force

__all__ = ["RULES", "Rule", "rule", "rules_in_force"]
