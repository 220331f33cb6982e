"""Tenancy classification of the routes of the homecare part « households »."""

ROUTES: dict = {}
