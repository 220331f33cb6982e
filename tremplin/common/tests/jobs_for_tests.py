"""Jobs the queue's tests run (module level: the worker imports them by path)."""

from django.db import OperationalError

from tremplin.common import jobs
from tremplin.common.models import JobKey

CALLS: list = []  # what the jobs did, in this process


@jobs.job(max_attempts=3)
def flaky(fail_times: int, tag: str) -> int:
    """Fails `fail_times` times with a database hiccup, then succeeds."""
    CALLS.append(tag)
    if CALLS.count(tag) <= fail_times:
        raise OperationalError("the database went away")
    return CALLS.count(tag)


@jobs.job()
def broken(tag: str) -> None:
    CALLS.append(tag)
    raise ValueError("a bug: not worth retrying")


@jobs.job(once=True)
def effect(tag: str) -> int:
    """A job with an effect that must happen once per argument."""
    CALLS.append(tag)
    JobKey.objects.create(key=f"effect-for-test:{tag}:{len(CALLS)}")
    return len(CALLS)


@jobs.job(once=True)
def daily_for_test(day: str) -> str:
    CALLS.append(day)
    return day
