"""Tenancy classification of the routes of the homecare part « sap »."""

ROUTES: dict = {}
