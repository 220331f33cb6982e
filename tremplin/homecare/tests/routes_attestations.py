"""Tenancy classification of the routes of the homecare part « attestations »."""

ROUTES: dict = {}
