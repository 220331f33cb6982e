"""Tenancy classification of the routes of the quality part « referentials »."""

ROUTES: dict = {}
