import datetime

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.conftest import pinned_today
from tremplin.people.models import AccessEvent, Approval, Contract, Person
from tremplin.people.services import accompaniment, contracts, exits

from .conftest import make_approval, make_person

D = datetime.date
TODAY = pinned_today()  # the day every test is pinned to (tremplin/conftest.py)


def _person_post(**overrides):
    data = {
        "last_name": "Bernard",
        "first_names": "Inès",
        "sex": "F",
        "birth_date": "1988-02-03",
        "birth_country": "99100",
        "nir": "",
        "commune": "Lyon (69001)",
    }
    data.update(overrides)
    return data


def test_conseiller_creates_a_person_and_is_warned_of_a_duplicate(world, client):
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_create")
    response = client.post(url, _person_post())
    person = Person.objects.get()
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.commune_id == "69123"
    response = client.post(url, _person_post(first_names="Ines"))
    assert response.status_code == 200
    assert response.context["duplicates"] == [person]
    assert "allow_duplicate" in response.context["form"].fields
    assert Person.objects.count() == 1
    response = client.post(url, _person_post(first_names="Ines", allow_duplicate="on"))
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nir", "290057512301599", "clé"),
        ("birth_date", "31/02/1990", "date valide"),
        ("last_name", "", "obligatoire"),
        ("commune", "Zzyzx", "Commune inconnue"),
        ("sex", "X", "choix valide"),
    ],
)
def test_bad_input_on_the_person_form(world, client, field, value, message):
    client.force_login(world.user("conseiller"))
    response = client.post(reverse("people:person_create"), _person_post(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Person.objects.exists()


def test_opening_a_file_is_logged_and_the_page_has_a_fixed_query_count(world, client, person):
    make_approval(world, person, D(2025, 1, 6))
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 12, 31),
        weekly_hours=26,
    )
    accompaniment.barrier_create(
        actor=world.user("conseiller"),
        person=person,
        category="housing",
        identified_on=D(2025, 1, 10),
    )
    client.force_login(world.user("planner"))
    url = reverse("people:person_detail", args=[person.pk])
    # 20 to build the page, 1 to write its access-log row.
    with assert_query_count(21):
        response = client.get(url)
    assert response.status_code == 200
    assert AccessEvent.objects.about(person.pk).filter(user=world.user("planner")).count() == 1
    content = response.content.decode()
    assert "PASS IAE 999990000001" in content  # the timeline
    assert person.nir is None or person.nir not in content
    client.get(url)
    assert AccessEvent.objects.about(person.pk).count() == 2


def test_sensitive_fields_are_masked_for_planners(world, client):
    person = make_person(world, nir="190057512301575", sex="M", rqth=True)
    client.force_login(world.user("planner"))
    content = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "190057512301575" not in content and "75" in person.masked_nir
    client.force_login(world.user("conseiller"))
    content = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "190057512301575" in content


def test_person_list_query_count_does_not_grow_and_filters(world, client):
    for index in range(3):
        make_person(world, last_name=f"Nom{index}", birth_date=D(1980 + index, 1, 1))
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_list")
    # session, user, scope (2), navigation memberships, conseillers, count, page, access log.
    with assert_query_count(9):
        response = client.get(url)
    assert response.context["page"].paginator.count == 3
    for index in range(3, 9):
        make_person(world, last_name=f"Nom{index}", birth_date=D(1980 + index, 1, 1))
    with assert_query_count(9):
        response = client.get(url, {"q": "nom1"})
    assert [p.last_name for p in response.context["page"]] == ["Nom1"]


def test_step_form_errors_are_in_french_and_nothing_is_saved(world, client, person):
    client.force_login(world.user("conseiller"))
    response = client.post(
        reverse("people:approval_create", args=[person.pk]),
        {"number": "999990000001", "start_date": "2025-01-06"},
    )
    assert response.status_code == 200
    assert "Aucun diagnostic" in " ".join(response.context["form"].errors["start_date"])
    assert not Approval.objects.exists()


def test_htmx_step_form_redirects_the_client(world, client, person):
    client.force_login(world.user("conseiller"))
    url = reverse("people:interview_create", args=[person.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in response.content  # a fragment for the panel
    response = client.post(
        url,
        {"date": "2025-02-01", "kind": "follow_up", "notes": "Point d'étape"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse("people:person_detail", args=[person.pk])
    assert person.interviews.get().notes == "Point d'étape"


def test_work_list_shows_what_needs_doing(world, client, person):
    approval = make_approval(world, person, TODAY - datetime.timedelta(days=700))
    assert 0 <= (approval.end_date - TODAY).days <= 30
    other = make_person(world, last_name="Sans", birth_date=D(1970, 1, 1))
    exits.exit_record(actor=world.user("conseiller"), person=other, exit_date=TODAY, reason=None)
    client.force_login(world.user("conseiller"))
    work = client.get(reverse("people:work_list")).context["work"]
    assert [item.person for item in work.passes_30] == [person]
    assert [item.person for item in work.exits_without_reason] == [other]


def test_employee_record_lists_what_to_complete_then_exports(world, client):
    person = make_person(world, nir="190057512301575", sex="M", address="12 rue de la Paix")
    make_approval(world, person, D(2025, 1, 6))
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 12, 31),
        weekly_hours=26,
    )
    client.force_login(world.user("conseiller"))
    url = reverse("people:employee_record", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.context["problems"]
    from tremplin.network.models import Commune
    from tremplin.people.services import persons

    persons.person_update(
        actor=world.user("conseiller"),
        person=person,
        commune=Commune.objects.get(pk="69123"),
        birth_commune=Commune.objects.get(pk="75056"),
        education_level="50",
        job_seeker_since=D(2023, 1, 1),
    )
    response = client.get(url)
    if response.get("Content-Type", "").startswith("application/json"):
        record = response.json()
        assert record["passIae"] == "999990000001" or "999990000001" in response.content.decode()
    else:  # the remaining problems are listed, each in French
        assert all(message for _field, message in response.context["problems"])


def test_api_create_returns_french_errors_and_lists_are_scoped(world, client, person):
    client.force_login(world.user("conseiller"))
    response = client.post(
        reverse("api:approval-list"),
        {"person": person.pk, "number": "999990000001", "start_date": "2025-01-06"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Aucun diagnostic" in response.json()["start_date"][0]
    response = client.post(
        reverse("api:diagnosis-list"),
        {
            "person": person.pk,
            "author_kind": "employer",
            "author_name": "Karim",
            "made_on": "2025-01-02",
            "criteria": ["l1_rsa"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    client.force_login(world.user("federation"))
    assert client.get(reverse("api:person-list")).json()["count"] == 0
    response = client.post(
        reverse("api:diagnosis-list"),
        {
            "person": person.pk,
            "author_kind": "employer",
            "author_name": "X",
            "made_on": "2025-01-02",
            "criteria": ["l1_rsa"],
        },
        content_type="application/json",
    )
    assert response.status_code == 400  # the person is not visible: "invalid pk"
    assert Contract.objects.count() == 0


def test_history_shows_who_changed_which_fields(world, client, person):
    from tremplin.people.services import persons

    persons.person_update(actor=world.user("conseiller"), person=person, phone="06 12 34 56 78")
    client.force_login(world.user("director"))
    changes = client.get(reverse("people:person_history", args=[person.pk])).context["changes"]
    assert [c.kind for c in changes] == ["~", "+"]
    assert len(changes[0].fields) == 1


def test_import_page_runs_a_job_and_shows_its_result(
    world, client, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tremplin.people.models import ImportJob

    example = (Path(__file__).parent.parent / "data" / "import_exemple.csv").read_bytes()
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_import")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"file": SimpleUploadedFile("gens.csv", example), "dry_run": "on"}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("people:import_job", args=[job.pk])
    assert job.status == "done" and job.created == 0 and not Person.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("gens.csv", example)})
    assert Person.objects.count() == 5
    bad = example.replace(b"17/05/1990", b"31/02/1990")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("gens.csv", bad)})
    page = client.get(response["Location"], headers={"HX-Request": "true"})
    assert page.context["job"].status == "failed"
    assert Person.objects.count() == 5


def test_export_is_the_current_structure_only(world, client, person, aci):
    from tremplin.people.services import persons

    persons.person_create(
        actor=world.user("conseiller"),
        structure=aci,
        last_name="Ailleurs",
        first_names="Jo",
        sex="M",
        birth_date=D(1990, 1, 1),
    )
    client.force_login(world.user("conseiller"))
    client.post(reverse("accounts:switch_structure"), {"structure": world.own.pk})
    response = client.get(reverse("people:person_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Martin" in body and "Ailleurs" not in body
    response = client.get(reverse("people:person_export"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_import_progress_is_read_from_the_cache_while_the_job_runs(world, client):
    from django.core.cache import cache
    from django.core.files.base import ContentFile

    from tremplin.people.models import ImportJob
    from tremplin.people.services.import_jobs import progress_key

    job = ImportJob(
        structure=world.own, user=world.user("conseiller"), original_name="a.csv", status="running"
    )
    job.file.save("a.csv", ContentFile(b"nom"), save=False)
    job.save()
    cache.set(progress_key(job.pk), {"stage": "save", "done": 250, "total": 1000})
    client.force_login(world.user("conseiller"))
    response = client.get(
        reverse("people:import_job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.context["job"].percent == 25
    assert 'hx-trigger="every 1s"' in response.content.decode()
    cache.delete(progress_key(job.pk))


def test_work_list_forgets_barriers_of_people_who_left(world, person):
    from tremplin.people.selectors import work_list

    conseiller = world.user("conseiller")
    accompaniment.barrier_create(
        actor=conseiller,
        person=person,
        category="housing",
        identified_on=TODAY - datetime.timedelta(days=90),
    )
    assert len(work_list(actor=conseiller, structure_id=world.own.pk).idle_barriers) == 1
    exits.exit_record(actor=conseiller, person=person, exit_date=TODAY, reason=None)
    assert work_list(actor=conseiller, structure_id=world.own.pk).idle_barriers == []


def test_work_list_names_a_health_barrier_only_to_who_may_see_it(world, person):
    from tremplin.people.selectors import work_list

    accompaniment.barrier_create(
        actor=world.user("conseiller"),
        person=person,
        category="health",
        identified_on=TODAY - datetime.timedelta(days=90),
    )
    (seen,) = work_list(actor=world.user("conseiller"), structure_id=world.own.pk).idle_barriers
    (hidden,) = work_list(actor=world.user("planner"), structure_id=world.own.pk).idle_barriers
    assert seen.detail == "Health" or seen.detail == "Santé"
    assert hidden.detail in ("confidential", "confidentiel")


def test_file_shows_each_pass_state(world, client, person):
    make_approval(world, person, TODAY - datetime.timedelta(days=800))
    client.force_login(world.user("conseiller"))
    response = client.get(reverse("people:person_detail", args=[person.pk]))
    assert [a.state for a in response.context["file"].approvals] == ["expired"]
    assert "expiré" in response.content.decode()


STEP_URLS = [
    ("people:diagnosis_create", "person"),
    ("people:approval_create", "person"),
    ("people:contract_create", "person"),
    ("people:interview_create", "person"),
    ("people:barrier_create", "person"),
    ("people:action_create", "person"),
    ("people:commitment_create", "person"),
    ("people:exit_create", "person"),
    ("people:suspension_create", "approval"),
    ("people:prolongation_create", "approval"),
    ("people:prolongation_request_create", "approval"),
    ("people:contract_renew", "contract"),
    ("people:contract_end", "contract"),
]


@pytest.mark.parametrize(("name", "target"), STEP_URLS)
def test_every_step_form_refuses_empty_input_in_french_and_saves_nothing(
    world, client, person, name, target
):
    from django.apps import apps

    approval = make_approval(world, person, D(2025, 1, 6))
    contract = contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 12, 31),
        weekly_hours=26,
    )
    objects = {"person": person, "approval": approval, "contract": contract}
    models = [
        m
        for m in apps.get_app_config("people").get_models()
        if not m.__name__.startswith("Historical")
    ]
    counts = {m: m.objects.count() for m in models if m.__name__ != "AccessEvent"}
    client.force_login(world.user("conseiller"))
    # A browser always posts something (the CSRF token): an empty form is not "no form".
    response = client.post(reverse(name, args=[objects[target].pk]), {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors and all("obligatoire" in " ".join(e) for e in errors.values())
    assert {m: m.objects.count() for m in counts} == counts


@pytest.mark.parametrize(
    "name", ["api:person-list", "api:approval-list", "api:contract-list", "api:exit-list"]
)
def test_api_lists_have_a_fixed_query_count(world, client, name):
    client.force_login(world.user("conseiller"))
    url = reverse(name)
    for index in range(2):
        make_approval(
            world,
            make_person(world, last_name=f"Api{index}"),
            D(2025, 1, 6),
            number=f"99999000010{index}",
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The count measured on 2 rows must hold on 6: no query per row.
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for index in range(2, 6):
        make_approval(
            world,
            make_person(world, last_name=f"Api{index}"),
            D(2025, 1, 6),
            number=f"99999000010{index}",
        )
    with assert_query_count(len(before.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_person_edit_page_saves(world, client, person):
    """It answered 500: the duplicate confirmation was passed to `person_update`."""
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_edit", args=[person.pk])
    response = client.post(url, _person_post(last_name="Martin-Durand", allow_duplicate="on"))
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    person.refresh_from_db()
    assert person.last_name == "Martin-Durand"


def _signed_contract(world, person, start, end):
    make_approval(world, person, start)
    return contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=start,
        planned_end_date=end,
        weekly_hours=26,
    )


@pytest.mark.parametrize(
    ("days_to_end", "offered"), [(-1, False), (0, True), (1, True)], ids=["ended", "last", "runs"]
)
def test_renew_is_offered_while_the_contract_runs_only(world, client, person, days_to_end, offered):
    end = TODAY + datetime.timedelta(days=days_to_end)
    contract = _signed_contract(world, person, end - datetime.timedelta(days=200), end)
    client.force_login(world.user("conseiller"))
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert (reverse("people:contract_renew", args=[contract.pk]) in page) is offered
    # The service says the same: renewed by an amendment signed today, or refused.
    renew = reverse("people:contract_renew", args=[contract.pk])
    new_end = (end + datetime.timedelta(days=90)).isoformat()
    client.post(renew, {"new_end_date": new_end, "signed_on": TODAY.isoformat()})
    contract.refresh_from_db()
    assert (contract.planned_end_date != end) is offered


def test_an_ended_contract_is_not_ended_again(world, person):
    from django.core.exceptions import ValidationError

    contract = _signed_contract(world, person, TODAY, TODAY + datetime.timedelta(days=180))
    end = {"end_date": TODAY + datetime.timedelta(days=10), "reason": "resignation"}
    contracts.contract_end_early(actor=world.user("conseiller"), contract=contract, **end)
    with pytest.raises(ValidationError, match="déjà pris fin"):
        contracts.contract_end_early(actor=world.user("conseiller"), contract=contract, **end)


def test_history_shows_every_recorded_step(world, client, person):
    """It said « Aucune modification » right after an interview: interviews keep no change
    history of their own, and files made without one (an import, the demo) showed nothing."""
    from django.utils import translation

    person.history.all().delete()  # a file made without a history (bulk import, demo)
    accompaniment.interview_create(
        actor=world.user("conseiller"), person=person, date=TODAY, kind="review"
    )
    client.force_login(world.user("director"))
    with translation.override("fr"):
        response = client.get(reverse("people:person_history", args=[person.pk]))
    whats = [c.what for c in response.context["changes"]]
    assert whats == ["entretien", "dossier"]
    assert "Aucune modification" not in response.content.decode()
    assert response.context["changes"][0].user == world.user("conseiller")


def test_every_widget_of_the_new_person_form_is_styled(world, client):
    import lxml.html

    client.force_login(world.user("conseiller"))
    html = client.get(reverse("people:person_create")).content.decode()
    form = lxml.html.document_fromstring(html).xpath("//main//form[@method='post']")[0]
    widgets = form.xpath(".//input[not(@type='hidden')] | .//select | .//textarea")
    assert len(widgets) > 20
    unstyled = [
        w.get("name")
        for w in widgets
        if not {"form-control", "form-select", "form-check-input"} & set(w.classes)
    ]
    assert not unstyled


def test_the_list_and_the_file_show_labels_and_french_hours(world, client, person):
    """« CDD_USAGE » (the code, upper-cased) and `26.00 h` (a Decimal in an f-string) were
    read on these pages."""
    from django.utils import translation

    make_approval(world, person, TODAY)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cdd_usage",
        start_date=TODAY,
        planned_end_date=TODAY + datetime.timedelta(days=30),
        weekly_hours=26,
    )
    client.force_login(world.user("conseiller"))
    with translation.override("fr"):
        listing = client.get(reverse("people:person_list")).content.decode()
        file = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    import lxml.html

    read = lxml.html.document_fromstring(listing).text_content()  # not the options' values
    assert "CDD d'usage (mises à disposition en AI)" in read
    assert "CDD_USAGE" not in read and "cdd_usage" not in read
    assert "26,00 h" in file and "26.00" not in file and "26 h" not in file
