"""The right of access (RGPD art. 15): everything Tremplin holds about one person, as JSON
and as a readable PDF.

Every record is found by walking the models that point at the person, then at those
records, and so on (contracts → renewals, PASS → suspensions…, missions' assignments and
time entries too, without this app importing missions): a model added later is exported
without touching this file. One query per kind of record, and one per history table.

The export is for the person: it carries all their fields, sensitive ones included (the
reader is a director or counsellor, `rules.can_export_person_data`). The employee's own
download from their personal space passes their policy (`accounts.privacy`): the fields of
the classes their role does not see are left out, as on every page they read. It lists when and in
which page their file was read, not who read it: art. 15 gives the dates and purposes of
consultations, not the identity of the employees who made them (CJEU, 22 June 2023,
C-579/21, Pankki S).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tremplin.accounts.privacy import CONFIDENTIAL

from .models import AccessEvent, Person

# Derived from fields the export already gives (an HMAC of the NIR, a search key).
SKIPPED = frozenset({"nir_hash", "search_name"})
MAX_DEPTH = 3


@dataclass(frozen=True)
class Item:
    name: str
    label: str
    value: object  # JSON
    text: str  # for the PDF


@dataclass
class Section:
    key: str
    title: str
    records: list[list[Item]] = field(default_factory=list)


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or None
    return value


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translation.gettext("yes") if value else translation.gettext("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def _record(obj, fields, parent_fields: frozenset[str], policy=None, model=None) -> list[Item]:
    """`model`: whose declaration the policy reads (a history row's tracked model)."""
    items = []
    for f in fields:
        if policy is not None and not policy.shows(model or type(obj), f.name):
            continue
        if policy is not None and not policy.shows_value(
            model or type(obj), f.name, getattr(obj, f.attname)
        ):
            items.append(Item(f.name, str(f.verbose_name), None, str(CONFIDENTIAL)))
            continue
        if f.is_relation and f.name in parent_fields:
            value = getattr(obj, f.attname)  # the record it hangs from: its id is enough
            items.append(Item(f.name, str(f.verbose_name), value, str(value)))
            continue
        value = getattr(obj, f.name)
        text = obj._get_FIELD_display(f) if f.choices else _text(value)
        items.append(Item(f.name, str(f.verbose_name), _json(value), text))
    return items


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def _children(model):
    return [
        rel
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one)
        and not rel.related_model.__name__.startswith("Historical")
    ]


def _history_section(model, ids, title, policy=None) -> Section | None:
    history = getattr(model, "history", None)
    if history is None or not ids:
        return None
    section = Section(f"{model._meta.label_lower}.history", title)
    labels = {
        "+": translation.gettext("created"),
        "~": translation.gettext("changed"),
        "-": translation.gettext("deleted"),
    }
    fields = [f for f in _fields(history.model) if not f.name.startswith("history_")]
    rows = history.filter(id__in=ids).select_related("history_user").order_by("history_date")
    for row in rows:
        items = [
            Item(
                "history_date",
                translation.gettext("at"),
                _json(row.history_date),
                _text(row.history_date),
            ),
            Item(
                "history_type",
                translation.gettext("change"),
                row.history_type,
                labels.get(row.history_type, ""),
            ),
        ]
        items += _record(row, fields, frozenset(), policy, model)
        section.records.append(items)
    return section


def reachable_models() -> list[tuple[type[models.Model], str, frozenset[str]]]:
    """Every model under Person, nearest first: (model, lookup from it to the person's pk,
    the relation field it hangs from). Person itself comes first, with "pk"."""
    found = [(Person, "pk", frozenset())]
    seen = {Person}
    index = 0
    while index < len(found):
        model, lookup, _parents = found[index]
        depth = lookup.count("__") + (model is not Person)
        index += 1
        if depth >= MAX_DEPTH:
            continue
        for rel in _children(model):
            child = rel.related_model
            if child in seen:
                continue
            seen.add(child)
            name = rel.field.name
            found.append(
                (child, name if model is Person else f"{name}__{lookup}", frozenset({name}))
            )
    return found


def person_data(person: Person, policy=None) -> list[Section]:
    """The person's records, section by section (the file first, then each kind of
    record it holds, their histories, the consultations of the file); with a `policy`,
    only the fields it shows."""
    sections: list[Section] = []
    histories = []
    for model, lookup, parent_fields in reachable_models():
        fields = _fields(model)
        related = [f.name for f in fields if f.many_to_one and f.name not in parent_fields]
        queryset = model._base_manager.filter(**{lookup: person.pk}).order_by("pk")
        if related:  # select_related() with no name would join every relation
            queryset = queryset.select_related(*related)
        rows = list(queryset)
        title = str(model._meta.verbose_name_plural).capitalize()
        section = Section(model._meta.label_lower, title)
        section.records = [_record(row, fields, parent_fields, policy) for row in rows]
        sections.append(section)
        histories.append((model, [row.pk for row in rows], title))
    for model, ids, title in histories:
        history = _history_section(
            model,
            ids,
            translation.gettext("History: %(records)s") % {"records": title.lower()},
            policy,
        )
        if history is not None:
            sections.append(history)
    sections.append(_consultations(person))
    return sections


def _consultations(person: Person) -> Section:
    section = Section("consultations", translation.gettext("Consultations of the file"))
    events = AccessEvent.objects.filter(structure_id=person.structure_id).about(person.pk)
    for event in events.order_by("at", "pk"):
        section.records.append(
            [
                Item("at", translation.gettext("at"), _json(event.at), _text(event.at)),
                Item("kind", translation.gettext("kind"), event.kind, event.get_kind_display()),
                Item("page", translation.gettext("page"), event.route, event.route or "—"),
            ]
        )
    return section


def person_data_json(person: Person, sections: list[Section]) -> dict:
    return {
        "generated_at": timezone.now().isoformat(),
        "structure": person.structure.name,
        "person": person.full_name,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "records": [{item.name: item.value for item in record} for record in s.records],
            }
            for s in sections
        ],
    }


def person_data_pdf(person: Person, sections: list[Section]) -> bytes:
    from weasyprint import HTML  # loads system libraries: only when a PDF is asked for

    html = render_to_string(
        "people/person_data_pdf.html",
        {"person": person, "sections": sections, "generated_at": timezone.now()},
    )
    return HTML(string=html).write_pdf()
