"""Insertion paths: persons and their files, eligibility diagnoses, PASS IAE (approvals,
suspensions, prolongations), contracts, accompaniment (interviews, barriers, actions, the
reciprocal commitment contract), exits, work lists, imports and exports, the ASP employee
record.

Every person belongs to one structure; every read goes through `for_user` (personal data).
May call network, accounts, rules and common."""
