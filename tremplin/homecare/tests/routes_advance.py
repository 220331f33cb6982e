"""Tenancy classification of the routes of the homecare part « advance »."""

ROUTES: dict = {}
