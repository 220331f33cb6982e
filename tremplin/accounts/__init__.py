"""Users, their roles, their memberships in structures and delegations, and the one
tenancy mechanism (`tenancy.py`) through which every scoped query passes.

Refers to network models by name only (string foreign keys): it sits below network."""
