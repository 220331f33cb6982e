"""Tenancy classification of the routes of the homecare part « money »."""

ROUTES: dict = {}
