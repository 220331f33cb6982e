"""Tenancy classification of the routes of the training part « money »."""

ROUTES: dict = {}
