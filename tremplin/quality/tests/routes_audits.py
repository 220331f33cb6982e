"""Tenancy classification of the routes of the quality part « audits »."""

ROUTES: dict = {}
