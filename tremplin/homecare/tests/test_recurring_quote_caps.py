"""Before the first service: an accepted quote from 100 € TTC a month (arrêté du 17 mars
2015) or when the household asked for one; the yearly sub-caps of D7233-5 warn the staff;
the 2-hour limit of small DIY holds for a date booked straight from the missions planning."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.homecare.models import Quote, RecurringPattern
from tremplin.homecare.services.recurring import recurring_pattern_create
from tremplin.missions.models import MissionRequest
from tremplin.missions.services.assignments import assignment_create

from .recurring_builders import DAY, T, hire, make_household, make_service, next_weekday


def _flat(world, price, *, activity="menage", name="Forfait"):
    service = make_service(world, activity=activity, name=name)
    service.pricing, service.price_excl_vat = "flat", Decimal(price)
    service.save()
    return service


MORNING = (T(9), T(11))


def _plan(world, household, service, start, *, weeks=1, times=MORNING, person=None):
    return recurring_pattern_create(
        actor=world.user("planner"),
        household=household,
        service=service,
        person=person,
        weekdays=[start.weekday()],
        start_time=times[0],
        end_time=times[1],
        starts_on=start,
        ends_on=start + (weeks * 7 - 1) * DAY,
        skip_holidays=False,
    )


@pytest.mark.parametrize(("price", "refused"), [("99.99", False), ("100.00", True)])
def test_a_quote_is_mandatory_from_100_euros_a_month(world, today, price, refused):
    household = make_household(world, quoted=False)
    start = next_weekday(today + DAY, 2)
    service = _flat(world, price)
    if not refused:
        pattern, _done = _plan(world, household, service, start)
        assert pattern.occurrences.count() == 1
        return
    with pytest.raises(ValidationError) as caught:
        _plan(world, household, service, start)
    assert "Un devis accepté est obligatoire" in " ".join(caught.value.messages)
    assert "100,00 €" in " ".join(caught.value.messages)
    assert not RecurringPattern.objects.exists() and not MissionRequest.objects.exists()
    # Once the household accepted a quote, the same service is planned.
    Quote.objects.create(household=household, number=1, status="accepted", accepted_via="paper")
    pattern, _done = _plan(world, household, service, start)
    assert pattern.occurrences.count() == 1


def test_the_month_counts_the_households_other_interventions(world, today):
    household = make_household(world, quoted=False)
    start = next_weekday(today + DAY, 2)
    _plan(world, household, _flat(world, "60.00"), start)
    # 60 + 40 = 100 € in the month: a second pattern cannot dodge the threshold.
    with pytest.raises(ValidationError, match="Un devis accepté est obligatoire"):
        _plan(world, household, _flat(world, "40.00", name="Repassage"), start + DAY)


def test_the_month_counts_an_intervention_later_in_the_month_too(world, today):
    household = make_household(world, quoted=False)
    start = next_weekday(today + DAY, 2)
    _plan(world, household, _flat(world, "60.00"), start + DAY)
    # The new date comes first in the month; the later one still adds up to 100 €.
    with pytest.raises(ValidationError, match="Un devis accepté est obligatoire"):
        _plan(world, household, _flat(world, "40.00", name="Repassage"), start)


def test_a_quote_the_household_asked_for_comes_first_whatever_the_amount(world, today):
    household = make_household(world, quoted=False)
    Quote.objects.create(household=household, asked_by_household=True)
    start = next_weekday(today + DAY, 2)
    with pytest.raises(ValidationError, match="le foyer en a demandé un"):
        _plan(world, household, _flat(world, "20.00"), start)


def test_the_planners_page_says_in_french_what_to_do(world, client, today):
    household = make_household(world, quoted=False)
    service = _flat(world, "150.00")
    client.force_login(world.user("planner"))
    start = next_weekday(today + DAY, 2)
    response = client.post(
        reverse("homecare:recurring_create"),
        {
            "household": household.pk,
            "service": service.pk,
            "frequency": "weekly",
            "weekdays": [start.weekday()],
            "start_time": "09:00",
            "end_time": "11:00",
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Un devis accepté est obligatoire" in response.content.decode()
    assert not RecurringPattern.objects.exists()


# --- The yearly sub-caps -------------------------------------------------------------


@pytest.mark.parametrize(("price", "warned"), [("250.00", False), ("250.01", True)])
def test_the_staff_are_warned_past_the_small_diy_yearly_cap(world, client, today, price, warned):
    household = make_household(world)
    service = _flat(world, price, activity="bricolage", name="Petit bricolage")
    client.force_login(world.user("planner"))
    start = next_weekday(today + DAY, 2)
    response = client.post(
        reverse("homecare:recurring_create"),
        {
            "household": household.pk,
            "service": service.pk,
            "frequency": "weekly",
            "weekdays": [start.weekday()],
            "start_time": "09:00",
            "end_time": "11:00",
            "starts_on": start.isoformat(),
            "ends_on": (start + 13 * DAY).isoformat(),
        },
        follow=True,
    )
    # Two dates: 500,00 € is the cap, not past it; 500,02 € is past it — and still planned.
    assert RecurringPattern.objects.get().occurrences.count() == 2
    page = response.content.decode()
    words = "plafond annuel de 500 €"
    assert (words in page) is warned
    detail = client.get(reverse("homecare:household_detail", args=[household.pk])).content
    detail = detail.decode()
    if start.year == today.year:  # the household page warns of the current year
        assert (words in detail) is warned
    if warned:
        assert "500,02 €" in page and "sans avantage fiscal" in page
    # The API says it too, with the figures.
    pattern = RecurringPattern.objects.get()
    api = client.get(reverse("api:homecare-recurring-detail", args=[pattern.pk])).json()
    expected = [("diy", start.year, "500.02", "500.00")] if warned else []
    assert [
        (w["family"], w["year"], w["total"], w["cap"]) for w in api["sub_cap_warnings"]
    ] == expected
    assert all("sans avantage fiscal" in w["message"] for w in api["sub_cap_warnings"])


def test_the_it_help_cap_is_its_own(world, client, today):
    household = make_household(world)
    start = next_weekday(today + DAY, 2)
    _plan(world, household, _flat(world, "1500.00", activity="informatique"), start, weeks=2)
    _plan(world, household, _flat(world, "0.01", activity="informatique", name="Aide"), start)
    client.force_login(world.user("planner"))
    detail = client.get(reverse("homecare:household_detail", args=[household.pk])).content
    if start.year == today.year:
        plain = detail.decode().replace("\xa0", " ").replace("\u202f", " ")
        assert "plafond annuel de 3 000 €" in plain


# --- Small DIY booked from the missions planning ---------------------------------------


@pytest.mark.parametrize(("end", "refused"), [(T(11), False), (T(11, 15), True)])
def test_small_diy_booked_from_the_missions_planning_lasts_2_hours(world, today, end, refused):
    household = make_household(world)
    person = hire(world, today)
    service = make_service(world, activity="bricolage", name="Petit bricolage")
    start = next_weekday(today + DAY, 2)
    pattern, _done = _plan(world, household, service, start, weeks=2)
    request = MissionRequest.objects.get(pk=pattern.request_id)
    day = start + 7 * DAY

    def book():
        return assignment_create(
            actor=world.user("planner"),
            request=request,
            person=person,
            day=day,
            start=T(9),
            end=end,
        )

    if refused:
        with pytest.raises(ValidationError, match="2 h au plus"):
            book()
    else:
        assert book().hours == Decimal(2)


def test_carrying_a_pattern_on_cannot_pass_the_threshold_without_a_quote(world, today):
    from tremplin.homecare.services.recurring import recurring_pattern_extend

    household = make_household(world, quoted=False)
    first_of_next = (today.replace(day=1) + 32 * DAY).replace(day=1)
    start = next_weekday(first_of_next, 2)  # the first Wednesday: a week later is the month
    pattern, _done = _plan(world, household, _flat(world, "60.00"), start)
    with pytest.raises(ValidationError, match="Un devis accepté est obligatoire"):
        recurring_pattern_extend(
            actor=world.user("planner"), pattern=pattern, ends_on=start + 7 * DAY
        )
    assert pattern.occurrences.count() == 1
