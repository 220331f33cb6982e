"""Test helpers shared by every app: a small network with one account per role, built
through the real services, and a query counter."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextlib.contextmanager
def assert_query_count(expected: int):
    """Fail when a block runs a different number of queries: a new query on a list is an
    N+1 in waiting, and a test that counts says why the number changed."""
    with CaptureQueriesContext(connection) as context:
        yield context
    executed = len(context.captured_queries)
    if executed != expected:
        queries = "\n".join(f"  {q['sql']}" for q in context.captured_queries)
        raise AssertionError(f"{executed} queries run, {expected} expected:\n{queries}")


@dataclass
class World:
    """Two structures in two delegations, and one user of each role attached to the first.

    `own` is the users' structure; `other` belongs to another delegation: no role but
    federation staff may see its private side."""

    own: object
    other: object
    own_delegation: object
    other_delegation: object
    group: object
    users: dict  # role name -> User (or None for anonymous)

    def user(self, role: str):
        return self.users[role]
