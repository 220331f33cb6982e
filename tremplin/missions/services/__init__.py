"""Writes of missions: atomic, keyword-only, checking who acts and the legal rules."""
