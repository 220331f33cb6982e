"""What every missions page starts from: the structure the user works in, a row through
the tenancy querysets (a 404 otherwise), the month asked for."""

from __future__ import annotations

import datetime

from django.http import Http404

from tremplin.accounts.selectors import current_membership

from .. import forms


def _structure(request):
    membership = current_membership(request)
    if membership is None or not membership.is_staff_role:
        raise Http404
    return membership.structure


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _month(request) -> datetime.date:
    form = forms.MonthForm(request.GET)
    today = datetime.date.today()
    return form.cleaned_data["month"].replace(day=1) if form.is_valid() else today.replace(day=1)
