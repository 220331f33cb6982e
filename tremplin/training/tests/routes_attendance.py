"""Tenancy classification of the routes of the training part « attendance »."""

ROUTES: dict = {}
