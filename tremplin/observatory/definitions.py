"""The observatory's indicators, defined once: what each counts, over which people, and
where the definition comes from. Pages, exports, the API and the annual report show these
texts next to each figure; `compute.py` implements them, `selectors.py` rolls them up.

Every figure is first computed per structure and year (a *slice*), from the operations of
that structure only; territories, delegations, kinds and the network add slices up.
A person followed by two structures in a year counts in each (figures count paths, as the
ASP does per structure).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Cells counting fewer people than this are not shown outside their structure.
THRESHOLD = 5

# ASP education levels at CAP/BEP or below (people.asp.reference.EDUCATION_LEVELS).
LOW_EDUCATION = frozenset({"00", "01", "50", "51", "60", "70"})

# Path length histogram: whole months worked at exit, the last bucket open (60 and more).
PATH_LENGTH_MAX_MONTHS = 60

# The bands of months the pages show the path lengths in.
PATH_BANDS = [
    ("0-2", _("under 3 months"), range(0, 3)),
    ("3-5", _("3 to 5 months"), range(3, 6)),
    ("6-11", _("6 to 11 months"), range(6, 12)),
    ("12-23", _("12 to 23 months"), range(12, 24)),
    ("24+", _("24 months and more"), range(24, 10_000)),
]

ASP = "ASP, référentiel des sorties et suivi des SIAE"
DESIGN = "DESIGN.md, règles de l'IAE"
TREMPLIN = "Tremplin (définition du produit)"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    definition: str
    source: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "accompanied",
        _("People accompanied"),
        _("people"),
        _("People with a contract with the structure on at least one day of the period."),
        TREMPLIN,
    ),
    Indicator(
        "entries",
        _("Entries"),
        _("people"),
        _("People whose first contract with the structure starts in the period."),
        TREMPLIN,
    ),
    Indicator(
        "exits",
        _("Exits by ASP category"),
        _("people"),
        _(
            "Exits recorded in the period, by the ASP category of their reason: lasting "
            "employment, transition employment, positive exit, other exit, withdrawn."
        ),
        ASP,
    ),
    Indicator(
        "counted_exits",
        _("Counted exits"),
        _("people"),
        _(
            "Exits that count (sorties constatées): after more than 3 months worked in an ACI, "
            "EI or EITI, after more than 150 hours in an AI or ETTI."
        ),
        DESIGN,
    ),
    Indicator(
        "dynamic_rate",
        _("Dynamic exits rate"),
        "%",
        _(
            "Counted exits to lasting or transition employment or positive exits, over counted "
            "exits less those withdrawn. Historic State target: 60 %."
        ),
        DESIGN,
    ),
    Indicator(
        "durable_rate",
        _("Lasting employment rate"),
        "%",
        _(
            "Counted exits to lasting employment (CDI, CDD or interim of 6 months or more, civil "
            "service, business creation) over counted exits less those withdrawn. Historic "
            "State target: 25 %."
        ),
        DESIGN,
    ),
    Indicator(
        "path_length",
        _("Path length"),
        _("months"),
        _(
            "Months worked at exit, for the exits of the period: median and distribution "
            "(to the whole month)."
        ),
        TREMPLIN,
    ),
    Indicator(
        "hours",
        _("Hours worked"),
        _("hours"),
        _(
            "Validated time entries where the structure records them (placements of AI and "
            "ETTI); otherwise the contracts' weekly hours over the days under contract."
        ),
        TREMPLIN,
    ),
    Indicator(
        "etp",
        _("Full-time equivalents (ETP)"),
        _("ETP"),
        _("Hours worked over the annual reference hours of the structure's ASP mesure."),
        DESIGN,
    ),
    Indicator(
        "aide_poste",
        _("Aide au poste (estimate)"),
        "€",
        _(
            "Each month's ETP times the amount per ETP in force that month for the mesure "
            "(without the modulated part); months before the first known amount are left out."
        ),
        DESIGN,
    ),
    Indicator(
        "profile",
        _("Profile of the people accompanied"),
        "%",
        _(
            "Shares of the people accompanied, on the later of their entry and the period's "
            "start: women, under 26, 50 and over, receiving RSA, ASS or AAH, living in a QPV, "
            "with an RQTH, education at CAP/BEP or below, registered job seekers for 12 "
            "months or more."
        ),
        TREMPLIN,
    ),
    Indicator(
        "barriers",
        _("Barriers to employment"),
        _("barriers"),
        _("Barriers identified in the period and barriers lifted in the period, by kind."),
        TREMPLIN,
    ),
    Indicator(
        "mission_hours",
        _("Mission hours by kind of client"),
        _("hours"),
        _("Validated hours of placements in the period, by kind of client."),
        TREMPLIN,
    ),
    Indicator(
        "unmet_demand",
        _("Unmet demand"),
        _("hours"),
        _(
            "Hours requested by clients and not covered by an assignment: each request's hours "
            "spread evenly over its dates, less the hours assigned, by département of the "
            "mission and activity. A signal for territorial cooperation."
        ),
        TREMPLIN,
    ),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# Profile counts stored per slice (key "profile", category below).
PROFILE = {
    "women": _("Women"),
    "under_26": _("Under 26"),
    "over_50": _("50 and over"),
    "rsa": _("RSA"),
    "ass": _("ASS"),
    "aah": _("AAH"),
    "qpv": _("QPV residents"),
    "rqth": _("RQTH"),
    "low_education": _("CAP/BEP or below"),
    "long_term_job_seeker": _("Job seekers for 12 months or more"),
}


def hidden_label(reason: str | None) -> str | None:
    """Why a value is hidden, in words (disclosure.Reason)."""
    from tremplin.rules import rule

    if not reason:
        return None
    if reason == "people":
        return gettext("hidden: fewer than %(n)s people") % {"n": THRESHOLD}
    if reason == "structures":
        return gettext("hidden: fewer than %(n)s structures") % {
            "n": rule("disclosure.min_structures")
        }
    if reason == "dominance":
        share = int(100 * rule("disclosure.dominance_share"))
        return gettext("hidden: one structure makes more than %(n)s %%") % {"n": share}
    return gettext("hidden to protect another cell")


# How disclosure control works, as the pages and the annual report explain it.
METHOD = _(
    "Figures are added up from the structures' aggregates and protected together, as "
    "everything a page publishes. A figure counting fewer than 5 people, made of fewer "
    "than 3 structures (a group of structures counts once), or where one structure makes "
    "more than 85 %: such a figure is hidden (“s”); so is any figure that would give a "
    "hidden one back when combined with the others published with it — the other tables, "
    "the totals of the régions and of the network, the map, the network's figures. Each "
    "“s” says why."
)
