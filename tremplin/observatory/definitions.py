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

# Where each definition comes from, as a reader can look it up (the texts' own words).
EXITS_DGEFP = (
    "Circulaire DGEFP n° 2008-21 du 10 décembre 2008 relative au conventionnement des SIAE, "
    "annexe 4 « Les indicateurs emploi » ; ASP, motifs de sortie de l'extranet IAE"
)
RATES_DGEFP = (
    "Circulaire DGEFP n° 2008-21 du 10 décembre 2008, annexe 4 « Les indicateurs emploi » "
    "(objectifs de 60 % de sorties dynamiques et de 25 % d'emploi durable)"
)
DARES = (
    "Définition du réseau, sur le modèle des salariés en insertion et des embauches des "
    "publications de la DARES sur l'insertion par l'activité économique"
)
PROFILE_SOURCE = (
    "Critères de l'ASP (fiche salarié de l'extranet IAE) et du Code du travail, "
    "art. R5132-1-7 (critères d'éligibilité à l'IAE)"
)
HOURS_SOURCE = (
    "Définition du réseau : relevés d'heures validés des structures, à défaut durée "
    "hebdomadaire de leurs contrats"
)
ETP_SOURCE = (
    "ASP, heures annuelles de référence d'un ETP par mesure ; à défaut Code du travail, "
    "art. L3121-41 (1 607 heures par an)"
)
AIDE_POSTE_SOURCE = (
    "Code du travail, art. L5132-2 (aides financières de l'État aux SIAE conventionnées) ; "
    "montants par ETP fixés chaque année par arrêté"
)
NETWORK_DEFINITION = "Définition du réseau, à partir des données saisies par les structures"
SAP_SOURCE = (
    "Code du travail, art. D7231-1 (activités de services à la personne) et L7232-1-1 "
    "(statistiques NOVA) ; définition du réseau pour la marque Proxim'Services"
)
ADVANCE_SOURCE = (
    "Code général des impôts, art. 199 sexdecies (crédit d'impôt) ; service « Avance "
    "immédiate » de l'Urssaf et de la DGFiP ; définition du réseau"
)
INSERTION_SOURCE = (
    "Code du travail, art. L5132-1 et suivants (parcours d'insertion, PASS IAE) ; "
    "définition du réseau"
)
SECRET_SOURCE = (
    "Insee, « Manuel de protection des tableaux » ; loi n° 51-711 du 7 juin 1951 sur le "
    "secret en matière de statistiques, art. 6"
)


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
        DARES,
    ),
    Indicator(
        "entries",
        _("Entries"),
        _("people"),
        _("People whose first contract with the structure starts in the period."),
        DARES,
    ),
    Indicator(
        "exits",
        _("Recorded exits"),
        _("people"),
        _(
            "Every exit recorded in the period (sorties constatées), whatever the time "
            "worked, by the ASP category of its reason: lasting employment, transition "
            "employment, positive exit, other exit, withdrawn."
        ),
        EXITS_DGEFP,
    ),
    Indicator(
        "counted_exits",
        _("Counted exits"),
        _("people"),
        _(
            "The recorded exits that count in the exit rates (sorties comptabilisées): "
            "after more than 3 months worked in an ACI, EI or EITI, after more than 150 "
            "hours worked in an AI or ETTI; by the ASP category of their reason."
        ),
        EXITS_DGEFP,
    ),
    Indicator(
        "dynamic_rate",
        _("Dynamic exits rate"),
        "%",
        _(
            "Counted exits to lasting or transition employment or positive exits, over counted "
            "exits less those withdrawn. Historic State target: 60 %."
        ),
        RATES_DGEFP,
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
        RATES_DGEFP,
    ),
    Indicator(
        "path_length",
        _("Path length"),
        _("months"),
        _(
            "Months worked at exit, for the exits of the period: median and distribution "
            "(to the whole month)."
        ),
        NETWORK_DEFINITION,
    ),
    Indicator(
        "hours",
        _("Hours worked"),
        _("hours"),
        _(
            "Validated time entries where the structure records them (placements of AI and "
            "ETTI); otherwise the contracts' weekly hours over the days under contract."
        ),
        HOURS_SOURCE,
    ),
    Indicator(
        "etp",
        _("Full-time equivalents (ETP)"),
        _("ETP"),
        _("Hours worked over the annual reference hours of the structure's ASP mesure."),
        ETP_SOURCE,
    ),
    Indicator(
        "aide_poste",
        _("Aide au poste (estimate)"),
        "€",
        _(
            "Each month's ETP times the amount per ETP in force that month for the mesure "
            "(without the modulated part); months before the first known amount are left out."
        ),
        AIDE_POSTE_SOURCE,
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
        PROFILE_SOURCE,
    ),
    Indicator(
        "barriers",
        _("Barriers to employment"),
        _("barriers"),
        _("Barriers identified in the period and barriers lifted in the period, by kind."),
        NETWORK_DEFINITION,
    ),
    Indicator(
        "mission_hours",
        _("Mission hours by kind of client"),
        _("hours"),
        _("Validated hours of placements in the period, by kind of client."),
        NETWORK_DEFINITION,
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
        NETWORK_DEFINITION,
    ),
    Indicator(
        "sap",
        _("Home services"),
        _("households"),
        _(
            "The structures' home services (Proxim'Services): households served, of which "
            "under the immediate advance, intervenants, of which in an insertion path, and "
            "hours of intervention."
        ),
        SAP_SOURCE,
    ),
    Indicator(
        "sap_households",
        _("Households served"),
        _("households"),
        _(
            "Households with validated hours of intervention or an issued invoice in the "
            "period, each counted once however many times it was served."
        ),
        SAP_SOURCE,
    ),
    Indicator(
        "sap_hours",
        _("Hours of home services by activity"),
        _("hours"),
        _(
            "Validated hours at households in the period, by activity of the Code du travail "
            "(the activity of the catalogue's service the intervention is booked under)."
        ),
        SAP_SOURCE,
    ),
    Indicator(
        "sap_advance",
        _("Households under the immediate advance"),
        "%",
        _(
            "Share of the households served whose enrolment in the immediate advance was "
            "active by the period's end, or one of whose invoices of the period URSSAF took "
            "as a payment request."
        ),
        ADVANCE_SOURCE,
    ),
    Indicator(
        "sap_insertion",
        _("Intervenants in an insertion path"),
        "%",
        _(
            "Share of the employees who worked at a household in the period who, on a day of "
            "those hours, held a valid PASS IAE and an insertion contract with the structure "
            "(CDDI, CDD d'usage, mission, CDI inclusion)."
        ),
        INSERTION_SOURCE,
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
