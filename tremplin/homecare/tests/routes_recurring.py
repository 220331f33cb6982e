"""Tenancy classification of the routes of the homecare part « recurring »."""

ROUTES: dict = {}
