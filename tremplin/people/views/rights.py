"""The access log for the director, and the person's whole file for the right of access."""

from __future__ import annotations

import json

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User
from tremplin.common.forms import DateInput

from .. import access_log, rules, subject_access
from .persons import _current_structure_id

PAGE_SIZE = 50


class AccessLogFilter(django_forms.Form):
    user = django_forms.TypedChoiceField(
        label=_("User"), required=False, coerce=int, empty_value=None
    )
    since = django_forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = django_forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Everybody"))] + [(u.pk, str(u)) for u in users]


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def access_log_page(request):
    """Who read personal data in the structure, when and in which page (director only)."""
    structure_id = _current_structure_id(request)
    if not rules.can_read_access_log(request.user, structure_id):
        raise Http404
    users = User.objects.filter(structure_memberships__structure_id=structure_id).order_by(
        "last_name", "first_name", "pk"
    )
    form = AccessLogFilter(request.GET or None, users=users)
    filters = form.cleaned_data if form.is_valid() else {}
    events = access_log.structure_access_events(
        structure_id=structure_id,
        user_id=filters.get("user"),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/access_log.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@login_required
def person_consultations(request, pk):
    """The consultations of one person's file (director only)."""
    person = rules.access_person(request.user, pk, log="consultations")
    if not rules.can_read_access_log(request.user, person.structure_id):
        raise Http404
    events = access_log.person_access_events(person=person)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_consultations.html",
        {"person": person, "page": page, "query": _query_without_page(request)},
    )


@login_required
def person_data_export(request, pk):
    """Everything held about the person, as JSON or PDF (GDPR art. 15)."""
    person = rules.access_person(request.user, pk, log="data_export")
    if not rules.can_export_person_data(request.user, person.structure_id):
        raise PermissionDenied
    sections = subject_access.person_data(person)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(
            subject_access.person_data_pdf(person, sections), content_type="application/pdf"
        )
        extension = "pdf"
    else:
        data = subject_access.person_data_json(person, sections)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        extension = "json"
    response["Content-Disposition"] = f'attachment; filename="donnees-{person.pk}.{extension}"'
    return response
