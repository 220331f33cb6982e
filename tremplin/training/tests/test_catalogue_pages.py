"""The public catalogue and the training service's pages."""

import datetime

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.training.models import Course, HalfDay, TrainingSession

from .catalogue_builders import INDICATOR_1, make_course, make_session

DAY = datetime.timedelta(days=1)


def test_anybody_reads_the_catalogue_and_every_indicator_1_field(world, client, today):
    course = make_course()
    make_course(code="brouillon", title="Formation en préparation", is_published=False)
    for index in range(3):
        make_course(code=f"c{index}", title=f"Savoirs de base {index}")
    make_session(world.user("federation"), course, today + 5 * DAY, capacity=8)
    with assert_query_count(1):  # the courses with their next session
        response = client.get(reverse("training:catalogue"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Accompagner vers l&#x27;emploi" in body and "Savoirs de base 2" in body
    assert "Formation en préparation" not in body
    with assert_query_count(3):  # the course, its sessions with their places, half-days
        response = client.get(reverse("training:course_detail", args=[course.pk]))
    body = response.content.decode()
    for name, value in INDICATOR_1.items():
        shown = {"duration_hours": "14 heures", "price_per_trainee_excl_vat": "420,00 € HT"}
        assert shown.get(name, str(value)).replace("'", "&#x27;") in body, name
    assert "8 places restantes" in body
    # Not published: not found, except for the training service.
    draft = Course.objects.get(code="brouillon")
    assert client.get(reverse("training:course_detail", args=[draft.pk])).status_code == 404
    client.force_login(world.user("federation"))
    assert client.get(reverse("training:course_detail", args=[draft.pk])).status_code == 200


def _course_post(**changes):
    data = {
        "code": "sst",
        "title": "Sauveteur secouriste du travail",
        "audience": "both",
        **{k: str(v).replace(".", ",") for k, v in INDICATOR_1.items()},
        "is_published": "on",
    }
    data.update(changes)
    return data


def test_the_service_creates_a_course_with_every_field_qualiopi_asks(world, client):
    client.force_login(world.user("federation"))
    url = reverse("training:course_create")
    response = client.post(url, _course_post(accessibility="", prerequisites=""))
    assert response.status_code == 200
    assert response.content.decode().count("Qualiopi (indicateur 1) demande") == 2
    assert not Course.objects.exists()
    response = client.post(url, _course_post())
    assert response.status_code == 302, response.context["form"].errors
    course = Course.objects.get()
    assert response.status_code == 302 and course.is_published
    assert course.price_per_trainee_excl_vat == INDICATOR_1["price_per_trainee_excl_vat"]


def _session_post(course, *rows, **fields):
    data = {
        "course": course.pk,
        "capacity": "12",
        "place": "Salle Jean Moulin",
        "commune": "69123",
        "half_days-TOTAL_FORMS": str(len(rows) + 1),
        "half_days-INITIAL_FORMS": "0",
        "half_days-MIN_NUM_FORMS": "0",
        "half_days-MAX_NUM_FORMS": "40",
    }
    for index, (day, part, start, end) in enumerate(rows):
        data.update(
            {
                f"half_days-{index}-date": day.isoformat(),
                f"half_days-{index}-part": part,
                f"half_days-{index}-starts_at": start,
                f"half_days-{index}-ends_at": end,
            }
        )
    data.update(fields)
    return data


def test_a_session_in_half_days_keeps_its_dates_in_step(world, client, today):
    course = make_course()
    client.force_login(world.user("federation"))
    first, last = today + 7 * DAY, today + 9 * DAY
    rows = [(last, "am", "09:00", "12:00"), (first, "pm", "13:30", "17:00")]
    response = client.post(reverse("training:session_create"), _session_post(course, *rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    session = TrainingSession.objects.get()
    assert (session.starts_on, session.ends_on) == (first, last)
    assert HalfDay.objects.filter(session=session).count() == 2
    assert sum(h.hours for h in session.half_days.all()) == 6.5
    # Remote without its link: a French error, nothing saved.
    response = client.post(
        reverse("training:session_create"), _session_post(course, *rows, is_remote="on")
    )
    assert "du lien par lequel les stagiaires" in response.content.decode()
    assert TrainingSession.objects.count() == 1


def test_a_session_without_half_days_is_refused(world, client):
    client.force_login(world.user("federation"))
    response = client.post(reverse("training:session_create"), _session_post(make_course()))
    assert "au moins une demi-journée" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_the_session_list_counts_in_a_fixed_number_of_queries(world, client, today):
    course = make_course()
    for index in range(4):
        make_session(world.user("federation"), course, today + (index + 1) * DAY)
    client.force_login(world.user("federation"))
    with assert_query_count(6):  # session, user, scope (2), the sessions, the switcher
        response = client.get(reverse("training:session_list"))
    assert response.content.decode().count("0 / 10") == 4


@pytest.mark.parametrize("role", ["director", "conseiller"])
def test_a_structure_sees_the_register_button(world, client, today, role):
    course = make_course()
    session = make_session(world.user("federation"), course, today + 5 * DAY)
    client.force_login(world.user(role))
    body = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert reverse("training:registration_create", args=[session.pk]) in body


def test_editing_a_session_keeps_its_half_days_and_removes_the_one_ticked(world, client, today):
    course = make_course()
    session = make_session(world.user("federation"), course, today + 7 * DAY, today + 8 * DAY)
    kept = {(h.date, h.part): h.pk for h in session.half_days.all()}
    client.force_login(world.user("federation"))
    url = reverse("training:session_edit", args=[session.pk])
    form = client.get(url).context["half_days"]
    assert [f.initial["date"] for f in form.forms[:4]] == [today + 7 * DAY] * 2 + [
        today + 8 * DAY
    ] * 2
    rows = [
        (h.date, h.part, h.starts_at.strftime("%H:%M"), h.ends_at.strftime("%H:%M"))
        for h in session.half_days.all()
    ]
    data = _session_post(
        course, *rows, **{"half_days-INITIAL_FORMS": "4", "half_days-3-DELETE": "on"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    session.refresh_from_db()
    left = {(h.date, h.part): h.pk for h in session.half_days.all()}
    assert len(left) == 3 and all(kept[key] == pk for key, pk in left.items())
    assert (session.starts_on, session.ends_on) == (today + 7 * DAY, today + 8 * DAY)
