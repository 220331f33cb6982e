"""Writes of insertion paths, one module per part of the path. Every function is atomic,
keyword-only, checks who may act (rules.py) and the legal rule (calculations.py), and
raises ValidationError with a French message saying what to fix."""
