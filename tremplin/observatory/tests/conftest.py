import datetime
from decimal import Decimal

from tremplin.people.models import Contract, Exit, ExitReason, Person

D = datetime.date


def person(world, last_name, sex, birth, structure=None, **fields):
    return Person.objects.create(
        structure=structure or world.own,
        last_name=last_name,
        first_names="X",
        sex=sex,
        birth_date=birth,
        search_name=last_name.lower(),
        **fields,
    )


def contract(p, start, end, weekly, kind="cddi"):
    return Contract.objects.create(
        person=p,
        structure=p.structure,
        kind=kind,
        start_date=start,
        planned_end_date=end,
        weekly_hours=Decimal(weekly),
    )


def leave(p, day, category, counted, months):
    reason, _created = ExitReason.objects.get_or_create(
        code=f"test_{category}", defaults={"label": category, "category": category}
    )
    return Exit.objects.create(
        person=p,
        exit_date=day,
        reason=reason,
        counted=counted,
        worked_months=Decimal(months),
    )
