"""Every edit form of every page, opened on a demo object and posted back exactly as the
browser would, answers a success and changes nothing — dates included.

Found from the pages themselves: every page of the routes classification (the tenancy
test's `tests/routes.py`) is opened, and every form that posts back to its own page must be
either an edit form round-tripped here (EDIT_FORMS) or a form that adds or does something
(ADDING_FORMS). A form that posts to another address (the team's role selector posts to
`/equipe/<pk>/role/`) is classified by that address: an edit round-tripped from the page
that shows it (EDIT_ELSEWHERE), or an action listed with its reason (ACTIONS_ELSEWHERE).
A new edit page nobody listed fails `test_every_form_page_is_classified`.
It lives in the highest app: it opens the pages of every app on the `seed_demo` network."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.urls import Resolver404, resolve, reverse

from tremplin.accounts.models import User
from tremplin.common.routes import Access
from tremplin.common.tests.test_tenancy import ROUTES, _request
from tremplin.network import services as network_services
from tremplin.network.demo import DEMO_DOMAIN
from tremplin.network.models import Structure, StructureGroup
from tremplin.people.models import Person

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A number with a decimal point before its unit: `10.00 h` where `10,00 h` is read.
ENGLISH_NUMBER = re.compile(r"\b\d+\.\d+\s?(h|€|%)(?![\w-])")


# --- The browser's side ------------------------------------------------------------------


def post_forms(html: str, url: str) -> list:
    """The forms of a page that post back to the page itself (not the menu's logout…)."""
    document = lxml.html.document_fromstring(html)
    return [
        form
        for form in document.forms
        if (form.method or "get").lower() == "post"
        and urlsplit(urljoin(url, form.get("action") or url)).path == urlsplit(url).path
    ]


def post_forms_elsewhere(html: str, url: str) -> list[tuple[str, str, object]]:
    """The forms of a page that post to another address (their `action`, an `hx-post`, or
    a submit button's `formaction`): (the route name of that address, its path, the form)."""
    document = lxml.html.document_fromstring(html)
    found = []
    for form in document.forms:
        htmx = form.get("hx-post")
        if (form.method or "get").lower() != "post" and not htmx:
            continue
        targets = {htmx or form.get("action") or url}
        targets |= {b.get("formaction") for b in form.xpath(".//*[@formaction]")}
        for target in sorted(targets):
            path = urlsplit(urljoin(url, target)).path  # `?month=…` is the page itself
            if path == urlsplit(url).path:
                continue
            try:
                name = resolve(path).view_name
            except Resolver404:
                name = path
            found.append((name, path, form))
    return found


def browser_data(form) -> list[tuple[str, str]]:
    """What the browser posts for `form` submitted with its first submit button: every
    named input (checked boxes only), the selected options (the first one when none is),
    the textareas; disabled fields left out (lxml's `form_values`)."""
    data = list(form.form_values())
    for button in form.xpath(".//button[@type='submit' or not(@type)] | .//input[@type='submit']"):
        if button.get("name"):
            data.append((button.get("name"), button.get("value", "")))
        break
    return data


def date_inputs_not_iso(html: str) -> list[str]:
    document = lxml.html.document_fromstring(html)
    return [
        f"{field.get('name')}={field.get('value')!r}"
        for field in document.xpath("//input[@type='date']")
        if field.get("value") and not ISO_DATE.match(field.get("value"))
    ]


def error_messages(html: str) -> list[str]:
    document = lxml.html.document_fromstring(html)
    found = document.xpath(
        "//*[contains(concat(' ', @class, ' '), ' invalid-feedback ')"
        " or contains(concat(' ', @class, ' '), ' alert-danger ')"
        " or contains(concat(' ', @class, ' '), ' errorlist ')]"
    )
    return [" ".join(element.text_content().split()) for element in found]


# --- What must not change ----------------------------------------------------------------


def row(instance) -> dict:
    """Every stored field of the row, `updated_at` included, and its many-to-many links."""
    fresh = type(instance).objects.get(pk=instance.pk)
    values = {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}
    for field in fresh._meta.many_to_many:
        values[field.name] = sorted(getattr(fresh, field.name).values_list("pk", flat=True))
    return values


# Rows that opening a page writes by design: who consulted a file (the access log), the
# session, the login's throttling.
WRITTEN_BY_READING = {"people.accessevent", "sessions.session", "axes.accessattempt"}


def table_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in WRITTEN_BY_READING and not model._meta.proxy
    }


# --- The edit forms ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class EditForm:
    role: str  # the demo login that edits (network.demo.DEMO_ACCOUNTS)
    # The demo object the page edits, found for that user.
    target: Callable[[User], object]
    # A field that identifies the edit form when the page holds several forms.
    field: str | None = None
    # Other rows that belong to the object (its groups' members…).
    related: Callable[[object], object] = lambda obj: None

    def kwargs(self, obj) -> dict:
        return {"pk": obj.pk}


def _richest_person(user):
    """The person of the user's structure with the most fields filled, dates included."""
    people = Person.objects.filter(structure__memberships__user=user)

    def filled(person):
        return sum(1 for v in row(person).values() if v not in (None, "", False, []))

    return max(people, key=filled)


def _member_structure(user):
    """A member structure, of a GES if the demo drew one: a date and a group to keep."""
    return (
        Structure.objects.exclude(member_since=None)
        .order_by(F("group").asc(nulls_last=True), "pk")
        .first()
    )


def _own_structure(user):
    return Structure.objects.filter(memberships__user=user).order_by("pk").first()


def _company_client(user):
    """A company client of the accountant's structure, with agreed payment terms to keep."""
    from tremplin.missions.models import Client
    from tremplin.missions.services.invoices import client_payment_terms_set

    client = (
        Client.objects.filter(structure__memberships__user=user, kind="company")
        .order_by("pk")
        .first()
    )
    return client_payment_terms_set(
        actor=user, client=client, payment_terms="days", payment_days=45
    )


def _planned_client(user):
    """A company client of the planner's structure: its SIRET and address to keep."""
    from tremplin.missions.models import Client

    return (
        Client.objects.filter(structure__memberships__user=user, kind="company")
        .order_by("pk")
        .first()
    )


def _group(user):
    group = StructureGroup.objects.exclude(structures=None).order_by("pk").first()
    if group is None:  # a small demo may draw no GES: group two of its structures
        group = network_services.group_save(
            actor=user,
            name="GES de démonstration",
            siren="732829320",
            structures=Structure.objects.order_by("pk")[:2],
        )
    return group


def _household(user):
    """A demo household of the user's structure, with its encrypted door code and notes."""
    from tremplin.homecare.models import Household

    return Household.objects.filter(structure__memberships__user=user).order_by("pk").first()


def _sap_service(user):
    from tremplin.homecare.models import Service

    return Service.objects.filter(structure__memberships__user=user).order_by("pk").first()


def _licence(user):
    from tremplin.homecare.models import BrandLicence

    return BrandLicence.objects.order_by("pk").first()


def _declaration(user):
    from tremplin.homecare.models import SapDeclaration

    return SapDeclaration.objects.filter(structure__memberships__user=user).order_by("pk").first()


def _open_audit(user):
    from tremplin.quality.models import Audit

    return Audit.objects.filter(status="in_progress").order_by("pk").first()


def _audited_site(user):
    from tremplin.quality.models import AuditSite

    return (
        AuditSite.objects.filter(audit__auditor=user, audit__status="in_progress")
        .order_by("pk")
        .first()
    )


@dataclasses.dataclass(frozen=True)
class SiteChecklistForm(EditForm):
    """The checklist of an audited site: the audit's key and the site's."""

    def kwargs(self, obj) -> dict:
        return {"pk": obj.audit_id, "site_pk": obj.pk}


def _course(user):
    from tremplin.training.models import Course

    return Course.objects.order_by("pk").first()


def _training_session(user):
    """A coming session of the demo catalogue: its half-days and trainers to keep."""
    from tremplin.training.models import TrainingSession

    return TrainingSession.objects.filter(status="planned").order_by("pk").first()


@dataclasses.dataclass(frozen=True)
class OwnEditForm(EditForm):
    """A page that edits the user's own structure's object: no key in its address."""

    def kwargs(self, obj) -> dict:
        return {}


def _planned_action(user):
    from tremplin.quality.models import PlannedAction

    return (
        PlannedAction.objects.filter(assessment__structure__memberships__user=user)
        .order_by("pk")
        .first()
    )


def _answer(user):
    from tremplin.quality.models import AssessmentAnswer

    return (
        AssessmentAnswer.objects.filter(assessment__structure__memberships__user=user)
        .exclude(comment="")
        .order_by("pk")
        .first()
    )


@dataclasses.dataclass(frozen=True)
class AnswerEditForm(EditForm):
    """A requirement of a self-assessment: the answer's page is keyed by both."""

    def kwargs(self, obj) -> dict:
        return {"pk": obj.assessment_id, "requirement_pk": obj.requirement_id}


EDIT_FORMS: dict[str, list[EditForm]] = {
    "quality:assessment_requirement": [AnswerEditForm("direction", _answer, field="level")],
    "quality:action_edit": [EditForm("direction", _planned_action)],
    "homecare:household_edit": [EditForm("planning", _household)],
    "homecare:service_edit": [EditForm("direction", _sap_service)],
    "homecare:licence_edit": [EditForm("federation", _licence)],
    "homecare:sap_declaration": [OwnEditForm("direction", _declaration)],
    "quality:audit_edit": [EditForm("federation", _open_audit)],
    "quality:audit_checklist": [
        SiteChecklistForm(
            "auditeur",
            _audited_site,
            related=lambda site: sorted(site.checklist.values_list("pk", "result", "notes")),
        )
    ],
    "training:course_edit": [EditForm("federation", _course)],
    "training:session_edit": [
        EditForm("federation", _training_session, related=lambda s: list(s.half_days.values()))
    ],
    "people:person_edit": [
        EditForm(
            "conseiller",
            _richest_person,
            related=lambda p: sorted(p.history.values_list("history_id", flat=True)),
        )
    ],
    "network:structure_edit": [
        EditForm("federation", _member_structure),  # every field
        EditForm("direction", _own_structure),  # the profile only
    ],
    "network:structure_membership": [
        EditForm("federation", _member_structure, field="member_since"),
    ],
    "missions:client_payment_terms": [EditForm("compta", _company_client)],
    "missions:client_edit": [EditForm("planning", _planned_client)],
    "network:group_edit": [
        EditForm(
            "federation",
            _group,
            related=lambda g: sorted(g.structures.values_list("pk", flat=True)),
        )
    ],
}

# Pages whose form posting back to the page adds something or acts (a step on a file, a
# search, a login): not edit forms, so not round-tripped unchanged.
ADDING_FORMS = {
    # quality « certify »: the committee's decision and the answer about the other sites are
    # acts recorded once; training « money »: a complaint and a funding added.
    "quality:certification_decide",
    "quality:finding_other_sites",
    "training:complaint_list",
    "training:registration_funding",
    # quality « referentials »: a new version of a référentiel is loaded, never edited.
    "quality:referential_upload",
    # homecare: creations, and actions on a row (an enrolment sent, a request asked again,
    # a message, a quote accepted or contested): nothing to round-trip.
    "homecare:advance_detail",
    "homecare:advance_enrol",
    "homecare:contract_sign",
    "homecare:household_create",
    "homecare:household_financing_add",
    "homecare:household_member_add",
    "homecare:licence_create",
    "homecare:my_advance_detail",
    "homecare:my_message",
    "homecare:my_occurrence_change_ask",  # the household asks for another time: a message
    "homecare:my_quote_ask",  # the household asks for a quote: a new draft
    "homecare:quote_create",
    "homecare:recurring_create",
    "homecare:service_create",
    # Starts a run (the year's attestations): nothing to round-trip.
    "homecare:attestation_staff",
    # homecare « money »: a batch, a mandate, the creditor's details (its page shows the
    # IBAN it holds, typed again), the collection of a batch: actions, not edits.
    "homecare:money_batch_detail",
    "homecare:money_creditor",
    "homecare:money_debits",
    "homecare:money_mandate_create",
    # training « attendance »: answers to a questionnaire, a correction of a sheet (with its
    # reason, kept as a trace): actions, not edits.
    "training:attendance_correct",
    "training:my_satisfaction",
    "training:my_self_assessment",
    "accounts:login",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:two_factor_recovery_codes",
    "accounts:api_tokens",
    "accounts:password_reset",
    "accounts:switch_structure",
    "network:structure_create",
    "network:group_create",
    "people:person_create",
    "people:person_import",
    "people:diagnosis_create",
    "people:approval_create",
    "people:contract_create",
    "people:interview_create",
    "people:barrier_create",
    "people:action_create",
    "people:commitment_create",
    "people:exit_create",
    "people:suspension_create",
    "people:prolongation_create",
    "people:prolongation_request_create",
    "people:prolongation_request_decide",
    "people:contract_renew",
    "people:contract_end",
    "people:barrier_status",
    "people:commitment_review",
    "people:exit_reason",
    "missions:client_create",
    "missions:request_create",
    "missions:week_proposal",
    # « Prepare » and « issue the month »: its forms post to `?month=…`, the page itself.
    "missions:invoice_list",
    "missions:hours",
    "missions:price_list",
    "observatory:publish",
    # quality « audits »: an audit planned, a finding, the report sent, a corrective action,
    # its check, a document attached: creations and actions, nothing to round-trip.
    "quality:audit_create",
    "quality:finding_create",
    "quality:audit_report",
    "quality:action_create",
    "quality:action_check",
    "quality:document_attach",
    # training (catalogue): creations, a registration and its replacement.
    "training:course_create",
    "training:session_create",
    "training:registration_create",
    "training:registration_replace",
}


@dataclasses.dataclass(frozen=True)
class ElsewhereForm:
    """An edit form posting to another address than its page's: opened on `page` (a route
    name, its kwargs from the object), the form of the object's own address posted back."""

    role: str
    page: str
    target: Callable[[User], object]
    page_kwargs: Callable[[object], dict] = lambda obj: {}
    related: Callable[[object], object] = lambda obj: None


def _team_member(user):
    """Another active member of the director's structure: their role is kept as it is."""
    from tremplin.accounts.models import StructureMembership

    return (
        StructureMembership.objects.filter(structure=_own_structure(user))
        .exclude(user=user)
        .order_by("pk")
        .first()
    )


def _team_log(membership):
    from tremplin.accounts.models import TeamChange

    return sorted(TeamChange.objects.filter(member=membership.user_id).values_list("pk", flat=True))


EDIT_ELSEWHERE: dict[str, list[ElsewhereForm]] = {
    "accounts:membership_role": [
        ElsewhereForm("direction", "accounts:team", _team_member, related=_team_log)
    ],
}

# Addresses that forms of other pages post to, to act rather than to edit: nothing to post
# back unchanged. Each with its reason.
_MENU = "the menu's, on every page: the session only, no row edited"
_TEAM_ACT = "an act on a team member, logged (not a field posted back)"
_ROW_ACT = "an action on a row (a button, no field to keep)"
ACTIONS_ELSEWHERE: dict[str, str] = {
    "set_language": _MENU,
    "accounts:logout": _MENU,
    "accounts:switch_structure": _MENU,
    "accounts:team_invite": "invites someone: a creation",
    "accounts:membership_deactivate": _TEAM_ACT,
    "accounts:membership_reactivate": _TEAM_ACT,
    "accounts:membership_invitation_resend": _TEAM_ACT,
    # Posts the permission's opposite (« allow » / « take back »): a toggle, not an edit.
    "accounts:membership_payroll_nir": _TEAM_ACT,
    "accounts:api_token_revoke": _ROW_ACT,
    "homecare:advance_send": _ROW_ACT,
    "homecare:attestation_run": "starts a run (the year's attestations)",
    "homecare:household_financing_remove": _ROW_ACT,
    "homecare:household_member_remove": _ROW_ACT,
    "homecare:household_message_read": _ROW_ACT,
    "homecare:money_mandate_revoke": _ROW_ACT,
    "homecare:my_occurrence_cancel": _ROW_ACT,
    "homecare:my_quote_accept": _ROW_ACT,
    "homecare:my_quote_decline": _ROW_ACT,
    "homecare:quote_accept_paper": _ROW_ACT,
    "homecare:quote_line_add": "adds a line to the quote",
    "homecare:quote_line_remove": _ROW_ACT,
    "homecare:quote_send": _ROW_ACT,
    "homecare:sap_activity_add": "adds an activity to the declaration",
    "homecare:sap_activity_remove": _ROW_ACT,
    "missions:assignment_delete": _ROW_ACT,
    "missions:invoice_issue": "issues the draft: numbered once, never posted back",
    "missions:my_clock_in": _ROW_ACT,
    "missions:my_clock_out": _ROW_ACT,
    "missions:reassign_dismiss": "lets a cancelled slot go",
    "observatory:publish": "publishes the figures: an act recorded once",
    "quality:training_service_assessment_create": "starts a self-assessment: a creation",
    "training:funding_delete": _ROW_ACT,
    "training:session_status": "moves the session to its next status",
    "training:session_cancel": _ROW_ACT,
}


def _first_allowed_role(route) -> str | None:
    if route.access == Access.PUBLIC:
        return "anonymous"
    roles = route.own_allowed if route.access == Access.SCOPED else route.allowed
    return sorted(roles)[0] if roles else None


@pytest.mark.django_db
def test_every_form_page_is_classified_and_renders_iso_dates(world, client):
    """Every page, opened by a role allowed on it: a form posting back to the page is an
    edit form (round-tripped below) or an adding one; every date input holds an ISO date,
    the only value an `<input type="date">` reads and posts; no number reads `10.00 h`."""
    unclassified, bad_dates, bad_numbers, without_form = [], [], [], []
    elsewhere: dict[str, set[str]] = {}  # an address posted to from other pages: those pages
    # The users' own structure in the place of the other: every page opens on their objects.
    world = dataclasses.replace(world, other=world.own, other_delegation=world.own_delegation)
    Structure.objects.filter(pk=world.own.pk).update(member_since=datetime.date(2018, 7, 1))
    for name, route in sorted(ROUTES.items()):
        role = _first_allowed_role(route)
        if route.method != "get" or role is None or name.startswith("api:"):
            continue
        client.logout()
        response = _request(client, route, world, world.user(role), own=False)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        bad_dates += [f"{name}: {value}" for value in date_inputs_not_iso(html)]
        text = lxml.html.document_fromstring(html).text_content()
        bad_numbers += [f"{name}: {m.group()}" for m in ENGLISH_NUMBER.finditer(text)]
        has_form = bool(post_forms(html, response.request["PATH_INFO"]))
        for action, _path, _form in post_forms_elsewhere(html, response.request["PATH_INFO"]):
            elsewhere.setdefault(action, set()).add(name)
        if has_form and name not in EDIT_FORMS.keys() | ADDING_FORMS:
            unclassified.append(name)
        elif not has_form and name in ADDING_FORMS:
            without_form.append(name)
    assert not bad_dates, (
        f"date inputs not in ISO (the browser shows and posts them empty): {bad_dates}"
    )
    assert not bad_numbers, f"numbers not in the French format: {bad_numbers}"
    assert not unclassified, (
        f"Pages with a form posting back to themselves, in neither EDIT_FORMS (round-tripped "
        f"unchanged) nor ADDING_FORMS: {unclassified}"
    )
    assert not without_form, (
        f"ADDING_FORMS lists pages without a form to themselves: {without_form}"
    )
    classified = EDIT_ELSEWHERE.keys() | ACTIONS_ELSEWHERE.keys()
    posting_elsewhere = {
        action: sorted(pages)[:3] for action, pages in elsewhere.items() if action not in classified
    }
    assert not posting_elsewhere, (
        f"Forms posting to another address, in neither EDIT_ELSEWHERE (round-tripped from "
        f"their page) nor ACTIONS_ELSEWHERE (with a reason) — address: pages: {posting_elsewhere}"
    )
    assert "accounts:membership_role" in elsewhere  # the walk sees the forms it classifies
    stale = (EDIT_FORMS.keys() | ADDING_FORMS | classified) - ROUTES.keys()
    assert not stale, f"classified forms of routes that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_edit_form_saved_unchanged_changes_nothing(client):
    call_command("seed_demo", structures=3, people_per_structure=8, verbosity=0)
    failures = []
    for name, cases in sorted(EDIT_FORMS.items()):
        for case in cases:
            user = User.objects.get(email=f"{case.role}@{DEMO_DOMAIN}")
            obj = case.target(user)
            assert obj is not None, f"{name}: no demo object to edit"
            client.force_login(user)
            url = reverse(name, kwargs=case.kwargs(obj))
            page = client.get(url)
            assert page.status_code == 200, f"{name} as {case.role}: {page.status_code}"
            forms = post_forms(page.content.decode(), url)
            if case.field:
                forms = [f for f in forms if case.field in f.fields]
            assert forms, f"{name}: no edit form on the page"
            before = (row(obj), case.related(obj), table_counts())
            answer = client.post(
                url,
                urlencode(browser_data(forms[0])),
                content_type="application/x-www-form-urlencoded",
            )
            errors = error_messages(answer.content.decode()) if answer.status_code == 200 else []
            if answer.status_code not in (200, 302) or errors:
                failures.append(f"{name} as {case.role}: {answer.status_code} {errors}")
                continue
            after = (row(obj), case.related(obj), table_counts())
            if after != before:
                changed = {
                    key: (before[0][key], after[0][key])
                    for key in before[0]
                    if before[0][key] != after[0][key]
                }
                counts = {
                    key: (before[2][key], after[2][key])
                    for key in before[2]
                    if before[2][key] != after[2][key]
                }
                failures.append(
                    f"{name} as {case.role} changed {changed} {counts} "
                    f"{'related' if before[1] != after[1] else ''}"
                )
    failures += _round_trip_elsewhere(client)
    assert not failures, "\n".join(failures)


def _round_trip_elsewhere(client) -> list[str]:
    """The edit forms posting to another address: each opened on its page, the form of the
    demo object's address posted there as the browser would; the page it leads to says no
    error, and nothing changed."""
    failures = []
    for name, cases in sorted(EDIT_ELSEWHERE.items()):
        for case in cases:
            user = User.objects.get(email=f"{case.role}@{DEMO_DOMAIN}")
            obj = case.target(user)
            assert obj is not None, f"{name}: no demo object to edit"
            client.force_login(user)
            url = reverse(case.page, kwargs=case.page_kwargs(obj))
            page = client.get(url)
            assert page.status_code == 200, f"{case.page} as {case.role}: {page.status_code}"
            action = reverse(name, kwargs={"pk": obj.pk})
            forms = [
                form
                for found, path, form in post_forms_elsewhere(page.content.decode(), url)
                if found == name and path == action
            ]
            assert forms, f"{name}: no form for {action} on {url}"
            before = (row(obj), case.related(obj), table_counts())
            answer = client.post(
                action,
                urlencode(browser_data(forms[0])),
                content_type="application/x-www-form-urlencoded",
                follow=True,
            )
            errors = error_messages(answer.content.decode())
            if answer.status_code != 200 or errors:
                failures.append(f"{name} as {case.role}: {answer.status_code} {errors}")
                continue
            after = (row(obj), case.related(obj), table_counts())
            if after != before:
                failures.append(f"{name} as {case.role} changed {before} -> {after}")
    return failures


def test_the_parser_posts_what_a_browser_posts():
    """The browser's side of the test, on a form of every kind of widget."""
    html = """<form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="text" value="Zoé"><input type="date" name="day" value="2018-07-01">
      <input type="checkbox" name="on" checked><input type="checkbox" name="off">
      <input type="checkbox" name="many" value="a" checked><input type="checkbox" name="many" value="b">
      <select name="picked"><option value="1">x</option><option value="2" selected>y</option></select>
      <select name="first"><option value="">—</option><option value="3">z</option></select>
      <select name="several" multiple><option value="4" selected><option value="5" selected></select>
      <input name="disabled" value="x" disabled>
      <textarea name="notes">ligne 1
ligne 2</textarea>
      <button type="submit" name="save" value="1">Enregistrer</button></form>"""
    (form,) = post_forms(html, "/x/")
    assert sorted(browser_data(form)) == sorted(
        [
            ("csrfmiddlewaretoken", "t"),
            ("text", "Zoé"),
            ("day", "2018-07-01"),
            ("on", "on"),
            ("many", "a"),
            ("picked", "2"),
            ("first", ""),
            ("several", "4"),
            ("several", "5"),
            ("notes", "ligne 1\nligne 2"),
            ("save", "1"),
        ]
    )
    elsewhere = """<form method="post" action="/equipe/7/role/"><select name="role">
      <option value="planner" selected></select><button>Changer</button></form>
      <form method="post" action="?month=2026-10"><button name="action" value="prepare"></form>
      <form method="post" action="/x/"><button formaction="/connexion/">x</button></form>"""
    assert [(n, p) for n, p, _f in post_forms_elsewhere(elsewhere, "/x/")] == [
        ("accounts:membership_role", "/equipe/7/role/"),
        ("accounts:login", "/connexion/"),
    ]
    assert len(post_forms(elsewhere, "/x/")) == 2  # `?month=…` posts to the page itself
    assert date_inputs_not_iso('<input type="date" name="d" value="01/07/2018">') == [
        "d='01/07/2018'"
    ]
