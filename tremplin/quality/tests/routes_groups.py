"""Tenancy classification of the routes of the quality part « groups »."""

ROUTES: dict = {}
