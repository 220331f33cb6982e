"""The main navigation of each role: a few top entries, the rest grouped in menus.

Declared as data so that each role's menu is read in one place and tested: at 1366 px it
must hold on one line, on a phone it collapses behind the toggler (base.html). URL names
are strings, reversed when the page is drawn: the upper apps' pages are named here without
importing them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import StructureRole, UserKind
from .tenancy import scope_of


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    args: tuple = ()
    icon: str = ""

    def url(self) -> str:
        return reverse(self.url_name, args=self.args)


@dataclass(frozen=True)
class Entry:
    """A top entry: a link, or a menu of links (`links`) under `label`."""

    label: str
    icon: str = ""
    link: Link | None = None
    links: tuple[Link, ...] = field(default=())


@dataclass(frozen=True)
class DrawnLink:
    label: str
    url: str
    icon: str
    current: bool


@dataclass(frozen=True)
class DrawnEntry:
    label: str
    icon: str
    url: str = ""
    current: bool = False
    links: tuple[DrawnLink, ...] = ()


RESOURCES = (
    Link(_("Directory"), "network:directory", icon="bi-journal-text"),
    Link(_("Published figures"), "observatory:public", icon="bi-bar-chart"),
    Link(_("Rules"), "people:rules_table", icon="bi-book"),
    Link(_("API"), "api:docs", icon="bi-braces"),
    Link(_("Proxim'Services"), "homecare:brand_directory", icon="bi-house-heart"),
    Link(_("Training catalogue"), "training:catalogue", icon="bi-mortarboard"),
)


def _if_home_services(membership, *links: Link) -> tuple[Link, ...]:
    # Only a structure of the Proxim'Services network has home services to run.
    return links if membership.structure.is_home_services else ()


def _staff_entries(membership) -> list[Entry]:
    role = membership.role
    paths = Entry(
        _("Paths"),
        icon="bi-people",
        links=(
            Link(_("People"), "people:person_list", icon="bi-person-lines-fill"),
            Link(_("To do"), "people:work_list", icon="bi-list-check"),
        ),
    )
    missions = Entry(
        _("Missions"),
        icon="bi-calendar-week",
        links=(
            Link(_("Planning"), "missions:week", icon="bi-calendar3"),
            Link(_("Clients"), "missions:client_list", icon="bi-building"),
            Link(_("Hours"), "missions:hours", icon="bi-clock"),
            *_if_home_services(
                membership,
                Link(_("Households"), "homecare:household_list", icon="bi-house-heart"),
                Link(_("Home interventions"), "homecare:recurring_list", icon="bi-arrow-repeat"),
            ),
        ),
    )
    accounts = Entry(
        _("Invoicing"),
        icon="bi-receipt",
        links=(
            Link(_("Invoices"), "missions:invoice_list", icon="bi-receipt"),
            Link(_("Hours"), "missions:hours", icon="bi-clock"),
            Link(_("Clients"), "missions:client_list", icon="bi-building"),
            # What the federation's training service invoiced the structure.
            Link(_("Training invoices"), "training:invoice_list", icon="bi-mortarboard"),
            # Home services: the households' payments, URSSAF's immediate advance, NOVA.
            *_if_home_services(
                membership,
                Link(_("Households' payments"), "homecare:money_payments", icon="bi-wallet2"),
                Link(_("Immediate advance"), "homecare:advance_list", icon="bi-bank"),
                Link(_("Direct debits"), "homecare:money_debits", icon="bi-bank2"),
                Link(_("NOVA statistics"), "homecare:money_nova", icon="bi-table"),
                Link(
                    _("Tax attestations"), "homecare:attestation_staff", icon="bi-file-earmark-text"
                ),
            ),
        ),
    )
    structure_links = [
        Link(
            _("My structure"),
            "network:structure_detail",
            (membership.structure_id,),
            icon="bi-house-gear",
        ),
        Link(_("Observatory"), "observatory:structure", icon="bi-graph-up"),
        # The federation's services: CEDRE quality and the training service.
        Link(_("Quality (CEDRE)"), "quality:structure_home", icon="bi-patch-check"),
        Link(_("Trainings"), "training:registration_list", icon="bi-mortarboard"),
        *_if_home_services(
            membership,
            Link(_("Home services (SAP)"), "homecare:sap_home", icon="bi-house-heart"),
        ),
    ]
    if role == StructureRole.DIRECTOR:
        structure_links += [
            Link(_("Team"), "accounts:team", icon="bi-person-badge"),
            Link(_("Access log"), "people:access_log", icon="bi-eye"),
        ]
    structure = Entry(_("Structure"), icon="bi-house-gear", links=tuple(structure_links))
    # Each role finds its own work first.
    order = {
        StructureRole.CONSEILLER: [paths, missions, structure],
        StructureRole.PLANNER: [missions, paths, structure],
        StructureRole.ACCOUNTANT: [accounts, paths, structure],
    }.get(role, [paths, missions, accounts, structure])
    return order


def _network_entries(user) -> list[Entry]:
    network_links = [
        Link(_("Structures"), "network:structure_list", icon="bi-buildings"),
        Link(_("Groups (GES)"), "network:group_list", icon="bi-diagram-3"),
        Link(_("Delegations"), "network:delegation_list", icon="bi-geo-alt"),
        Link(_("Network figures"), "network:network_counts", icon="bi-123"),
        Link(_("Proxim'Services licensees"), "homecare:licensee_list", icon="bi-award"),
    ]
    if user.kind == UserKind.DELEGATE:
        # A delegate's own delegation first: the page of their daily work.
        network_links[:0] = [
            Link(_("My delegation"), "network:delegation_detail", (pk,), icon="bi-geo-alt-fill")
            # The scope the request computed already: no query of its own.
            for pk in sorted(scope_of(user).delegation_ids)
        ]
    entries = [
        Entry(_("Network"), icon="bi-diagram-3", links=tuple(network_links)),
        Entry(
            _("Observatory"),
            icon="bi-graph-up",
            link=Link(_("Observatory"), "observatory:home", icon="bi-graph-up"),
        ),
    ]
    if user.kind == UserKind.FEDERATION:
        entries.append(
            Entry(
                _("Services"),
                icon="bi-patch-check",
                links=(
                    Link(_("Quality (CEDRE)"), "quality:federation_home", icon="bi-patch-check"),
                    Link(_("Référentiels"), "quality:referential_list", icon="bi-list-ol"),
                    Link(_("Audits"), "quality:audit_list", icon="bi-clipboard-check"),
                    Link(_("Training sessions"), "training:session_list", icon="bi-mortarboard"),
                    Link(_("Training invoices"), "training:invoice_list", icon="bi-receipt"),
                    Link(_("Training report (BPF)"), "training:bpf", icon="bi-table"),
                    Link(_("Qualiopi evidence"), "training:qualiopi", icon="bi-award"),
                    Link(
                        _("Qualiopi self-assessment"),
                        "quality:training_service_quality",
                        icon="bi-clipboard2-check",
                    ),
                ),
            )
        )
    if user.is_staff and user.kind == UserKind.FEDERATION:
        entries.append(
            Entry(
                _("Administration"),
                icon="bi-gear",
                link=Link(_("Administration"), "admin:index", icon="bi-gear"),
            )
        )
    return entries


def _employee_entries() -> list[Entry]:
    # The space's home page leads to past missions and documents, and explains itself to an
    # account not yet linked to a person's file; the day's households give their door codes.
    return [
        Entry(
            _("My space"),
            icon="bi-calendar-check",
            link=Link(_("My space"), "missions:my_week", icon="bi-calendar-check"),
        ),
        Entry(
            _("Access of the day"),
            icon="bi-key",
            link=Link(_("Access of the day"), "homecare:my_access_today", icon="bi-key"),
        ),
        Entry(
            _("My trainings"),
            icon="bi-mortarboard",
            link=Link(_("My trainings"), "training:my_trainings", icon="bi-mortarboard"),
        ),
    ]


def _auditor_entries() -> list[Entry]:
    # An auditor's work: the audits given to them (quality), nothing else of the network.
    return [
        Entry(
            _("My audits"),
            icon="bi-clipboard-check",
            link=Link(_("My audits"), "quality:audit_list", icon="bi-clipboard-check"),
        )
    ]


def _household_entries() -> list[Entry]:
    # One entry: the household's home leads to interventions, quotes, invoices, messages.
    return [
        Entry(
            _("My household"),
            icon="bi-house-heart",
            link=Link(_("My household"), "homecare:my_home", icon="bi-house-heart"),
        )
    ]


def entries_for(user, membership) -> list[Entry]:
    """The role's entries, then the shared resources as the last menu."""
    if not user.is_authenticated:
        return [Entry(link.label, icon=link.icon, link=link) for link in RESOURCES[:2]]
    if user.kind in (UserKind.FEDERATION, UserKind.DELEGATE):
        entries = _network_entries(user)
    elif membership is not None and membership.is_staff_role:
        entries = _staff_entries(membership)
    elif user.kind == UserKind.EMPLOYEE:
        entries = _employee_entries()
    elif user.kind == UserKind.HOUSEHOLD:
        entries = _household_entries()
    elif user.kind == UserKind.AUDITOR:
        entries = _auditor_entries()
    else:
        entries = []
    return [*entries, Entry(_("Resources"), icon="bi-info-circle", links=RESOURCES)]


def draw(user, membership, current_path: str) -> list[DrawnEntry]:
    """The entries with their URLs; a link whose page is the current one (or its parent
    section) is marked current, for `aria-current` and the highlight."""

    def drawn(link: Link) -> DrawnLink | None:
        try:
            url = link.url()
        except NoReverseMatch:  # a page of an app not installed
            return None
        current = current_path == url or (url != "/" and current_path.startswith(url))
        return DrawnLink(str(link.label), url, link.icon, current)

    result = []
    for entry in entries_for(user, membership):
        if entry.link is not None:
            link = drawn(entry.link)
            if link:
                result.append(DrawnEntry(str(entry.label), entry.icon, link.url, link.current))
            continue
        links = tuple(link for link in map(drawn, entry.links) if link)
        if links:
            current = any(link.current for link in links)
            result.append(DrawnEntry(str(entry.label), entry.icon, current=current, links=links))
    return result
