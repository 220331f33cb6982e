"""Tenancy classification of the routes of the training part « catalogue »."""

ROUTES: dict = {}
