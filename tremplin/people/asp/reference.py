"""ASP reference lists used by the employee record (*fiche salarié*) and by exits.

Plain Python, stdlib only: importable without Django (the people app wraps these lists in
model choices and forms; this module knows nothing about models).

Sources
-------
- Education levels, allocation durations, lane types and extensions, employer types,
  prescriber types (*orienteurs*), RSA values, ASP measures: the ASP reference files
  ``ref_niveau_formation_v3``, ``ref_duree_allocation_emploi_v2``, ``ref_type_voie_v3``,
  ``ref_extension_voie_v1``, ``ref_type_employeur_v3``, ``ref_orienteur_v5``,
  ``ref_mesure_v2``, as transcribed by gip-inclusion/les-emplois in ``itou/asp/models.py``
  (``EducationLevel``, ``AllocationDuration``, ``LaneType``, ``LaneExtension``,
  ``EmployerType``, ``PrescriberType``, ``RSAAllocation``, ``SiaeMeasure``). Codes and
  labels are public reference data; spelling of a few labels was corrected.
- Countries: ``countries.json`` next to this module (ASP ``ref_insee_pays_v4``, see the
  file's ``source`` key).
- Exit reasons: **not** an official list. The five categories and their names are the ASP
  ones (*Emploi durable*, *Emploi de transition*, *Sorties positives*, *Autres sorties*,
  *Retrait des sorties constatées*; seen in the ASP "fluxIAE" tables RefCategorieSort /
  RefMotifSort used by gip-inclusion/pilotage-airflow). The official ASP list of reasons
  (RefMotifSort, with numeric codes) is not published in the public sources available to us,
  so the reasons below are built from DESIGN.md's categories and the public description of
  *sorties dynamiques* (communauté de l'inclusion). Codes are Tremplin's own, stable,
  mnemonic strings — not ASP codes. Reasons whose category is a guess say so in ``note``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

# ---------------------------------------------------------------------------------------------
# Education levels (niveau de formation), ASP ref_niveau_formation_v3
# ---------------------------------------------------------------------------------------------

EDUCATION_LEVELS: Final = MappingProxyType(
    {
        "00": "Personne avec qualifications non certifiantes",
        "01": "Jamais scolarisé",
        "10": "Troisième cycle ou école d'ingénieur",
        "20": "Formation de niveau licence",
        "30": "Formation de niveau BTS ou DUT",
        "40": "Formation de niveau BAC",
        "41": "Brevet de technicien ou baccalauréat professionnel",
        "50": "Formation de niveau BEP ou CAP",
        "51": "Diplôme obtenu CAP ou BEP",
        "60": "Formation courte d'une durée d'un an",
        "70": "Pas de formation au-delà de la scolarité obligatoire",
    }
)

# Level-2 eligibility criterion "niveau d'étude 3 (CAP, BEP) ou infra" (R5132-1-7, DESIGN.md).
# Inferred mapping: CAP/BEP (50, 51) and every level below it (00, 01, 60, 70). Bac and above
# (10 to 41) are not.
_CAP_BEP_OR_BELOW: Final = frozenset({"00", "01", "50", "51", "60", "70"})


def is_cap_bep_or_below(education_level: str) -> bool:
    """Whether an ASP education level meets the level-2 criterion "CAP/BEP ou infra".

    Raises ``ValueError`` for a code that is not in ``EDUCATION_LEVELS``.
    """
    if education_level not in EDUCATION_LEVELS:
        raise ValueError(f"Niveau de formation ASP inconnu : {education_level!r}")
    return education_level in _CAP_BEP_OR_BELOW


# ---------------------------------------------------------------------------------------------
# Durations ("depuis"), ASP ref_duree_allocation_emploi_v2
# ---------------------------------------------------------------------------------------------

ALLOCATION_DURATIONS: Final = MappingProxyType(
    {
        "01": "Moins de 6 mois",
        "02": "De 6 à 11 mois",
        "03": "De 12 à 23 mois",
        "04": "24 mois et plus",
    }
)


def full_months_between(start: datetime.date, end: datetime.date) -> int:
    """Number of whole months from ``start`` to ``end`` (0 if ``end`` is before ``start``)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def allocation_duration(since: datetime.date, on: datetime.date) -> str:
    """The ASP duration code for a situation that started on ``since``, seen on ``on``
    (for the employee record: the hiring date)."""
    months = full_months_between(since, on)
    if months < 6:
        return "01"
    if months < 12:
        return "02"
    if months < 24:
        return "03"
    return "04"


# ---------------------------------------------------------------------------------------------
# RSA (salarieBenefRSA is not a boolean)
# ---------------------------------------------------------------------------------------------

RSA_VALUES: Final = MappingProxyType(
    {
        "NON": "Non bénéficiaire du RSA",
        "OUI-M": "Bénéficiaire du RSA et majoré",
        "OUI-NM": "Bénéficiaire du RSA et non majoré",
    }
)

# ---------------------------------------------------------------------------------------------
# ASP measures (mesures) of the SIAE kinds, ASP ref_mesure_v2
# ---------------------------------------------------------------------------------------------

ASP_MEASURES: Final = MappingProxyType(
    {
        "AI_DC": "Droit commun - Association intermédiaire",
        "ACI_DC": "Droit commun - Atelier et chantier d'insertion",
        "EI_DC": "Droit commun - Entreprise d'insertion",
        "ETTI_DC": "Droit commun - Entreprise de travail temporaire d'insertion",
        "EITI_DC": "Droit commun - Entreprise d'insertion par le travail indépendant",
    }
)

# SIAE kind (DESIGN.md) -> ASP measure.
MEASURE_BY_SIAE_KIND: Final = MappingProxyType(
    {"AI": "AI_DC", "ACI": "ACI_DC", "EI": "EI_DC", "ETTI": "ETTI_DC", "EITI": "EITI_DC"}
)

# ---------------------------------------------------------------------------------------------
# Employer types (salarieTypeEmployeur), ASP ref_type_employeur_v3
# ---------------------------------------------------------------------------------------------

EMPLOYER_TYPES: Final = MappingProxyType(
    {
        "01": "Entreprise d'insertion",
        "02": "Entreprise de travail temporaire d'insertion",
        "03": "Association intermédiaire",
        "04": "Atelier chantier d'insertion",
        "05": "Établissement et service d'aide par le travail",
        "06": "Entreprise adaptée",
        "07": "Autre",
    }
)

# The employer type les-emplois sends when the person is employed: the hiring SIAE's kind
# (EITI has no code of its own: "Autre").
EMPLOYER_TYPE_BY_MEASURE: Final = MappingProxyType(
    {"EI_DC": "01", "ETTI_DC": "02", "AI_DC": "03", "ACI_DC": "04", "EITI_DC": "07"}
)

# ---------------------------------------------------------------------------------------------
# Prescriber types (orienteur), ASP ref_orienteur_v5
# ---------------------------------------------------------------------------------------------

PRESCRIBER_TYPES: Final = MappingProxyType(
    {
        "01": "Mission locale",
        "02": "Cap emploi",
        "03": "France Travail (ex Pôle emploi)",
        "04": "PLIE - Plan local pour l'insertion et l'emploi",
        "05": "Service social du conseil départemental",
        "06": "Autre prescripteur habilité",
        "07": "Candidature spontanée",
        "08": "Orienteur (prescripteur non habilité)",
        "09": "SPIP - Service pénitentiaire d'insertion et de probation",
        "10": "PJJ - Protection judiciaire de la jeunesse",
        "11": "CCAS - Centre (inter)communal d'action sociale",
        "12": "CHRS - Centre d'hébergement et de réinsertion sociale",
        "13": "CIDFF - Centre d'information sur les droits des femmes et des familles",
        "14": "Service ou club de prévention",
        "15": "AFPA - Agence nationale pour la formation professionnelle des adultes",
        "16": "PIJ-BIJ - Point/Bureau information jeunesse",
        "17": "CAF - Caisse d'allocations familiales",
        "18": "CADA - Centre d'accueil de demandeurs d'asile",
        "19": "ASE - Aide sociale à l'enfance",
        "20": "CAVA - Centre d'adaptation à la vie active",
        "21": "CPH - Centre provisoire d'hébergement",
        "22": "CHU - Centre d'hébergement d'urgence",
        "23": "OACAS - Organisme d'accueil communautaire et d'activité solidaire",
        "99": "Non connu",
    }
)

# ---------------------------------------------------------------------------------------------
# Address: lane types (ref_type_voie_v3) and extensions (ref_extension_voie_v1)
# ---------------------------------------------------------------------------------------------

LANE_TYPES: Final = MappingProxyType(
    {
        "AER": "Aérodrome",
        "AGL": "Agglomération",
        "AIRE": "Aire",
        "ALL": "Allée",
        "ACH": "Ancien chemin",
        "ART": "Ancienne route",
        "AV": "Avenue",
        "BEGI": "Béguinage",
        "BD": "Boulevard",
        "BRG": "Bourg",
        "CPG": "Camping",
        "CAR": "Carrefour",
        "CTRE": "Centre",
        "CCAL": "Centre commercial",
        "CHT": "Château",
        "CHS": "Chaussée",
        "CHEM": "Chemin",
        "CHV": "Chemin vicinal",
        "CITE": "Cité",
        "CLOS": "Clos",
        "CTR": "Contour",
        "COR": "Corniche",
        "COTE": "Coteaux",
        "COUR": "Cour",
        "CRS": "Cours",
        "DSC": "Descente",
        "DOM": "Domaine",
        "ECL": "Écluse",
        "ESC": "Escalier",
        "ESPA": "Espace",
        "ESP": "Esplanade",
        "FG": "Faubourg",
        "FRM": "Ferme",
        "FON": "Fontaine",
        "GAL": "Galerie",
        "GARE": "Gare",
        "GBD": "Grand boulevard",
        "GPL": "Grande place",
        "GR": "Grande rue",
        "GRI": "Grille",
        "HAM": "Hameau",
        "IMM": "Immeuble(s)",
        "IMP": "Impasse",
        "JARD": "Jardin",
        "LD": "Lieu-dit",
        "LOT": "Lotissement",
        "MAIL": "Mail",
        "MAIS": "Maison",
        "MAS": "Mas",
        "MTE": "Montée",
        "PARC": "Parc",
        "PRV": "Parvis",
        "PAS": "Passage",
        "PLE": "Passerelle",
        "PCH": "Petit chemin",
        "PRT": "Petite route",
        "PTR": "Petite rue",
        "PL": "Place",
        "PTTE": "Placette",
        "PLN": "Plaine",
        "PLAN": "Plan",
        "PLT": "Plateau",
        "PONT": "Pont",
        "PORT": "Port",
        "PROM": "Promenade",
        "QUAI": "Quai",
        "QUAR": "Quartier",
        "RPE": "Rampe",
        "REMP": "Rempart",
        "RES": "Résidence",
        "ROC": "Rocade",
        "RPT": "Rond-point",
        "RTD": "Rotonde",
        "RTE": "Route",
        "RUE": "Rue",
        "RLE": "Ruelle",
        "SEN": "Sente",
        "SENT": "Sentier",
        "SQ": "Square",
        "TPL": "Terre-plein",
        "TRAV": "Traverse",
        "VEN": "Venelle",
        "VTE": "Vieille route",
        "VCHE": "Vieux chemin",
        "VILL": "Villa",
        "VLGE": "Village",
        "VOIE": "Voie",
        "ZONE": "Zone",
        "ZA": "Zone d'activité",
        "ZAC": "Zone d'aménagement concerté",
        "ZAD": "Zone d'aménagement différé",
        "ZI": "Zone industrielle",
        "ZUP": "Zone à urbaniser en priorité",
    }
)

LANE_EXTENSIONS: Final = MappingProxyType({"B": "Bis", "T": "Ter", "Q": "Quater", "C": "Quinquies"})

# ---------------------------------------------------------------------------------------------
# Exit reasons (motifs de sortie) and their ASP categories
# ---------------------------------------------------------------------------------------------

EXIT_CATEGORIES: Final = MappingProxyType(
    {
        "durable": "Emploi durable",
        "transition": "Emploi de transition",
        "positive": "Sorties positives",
        "other": "Autres sorties",
        "withdrawn": "Retrait des sorties constatées",
    }
)

# Sorties dynamiques = durable + transition + positive (DESIGN.md).
DYNAMIC_EXIT_CATEGORIES: Final = frozenset({"durable", "transition", "positive"})


@dataclass(frozen=True)
class ExitReason:
    code: str
    label: str
    category: str
    note: str = ""

    @property
    def category_label(self) -> str:
        return EXIT_CATEGORIES[self.category]

    @property
    def is_dynamic(self) -> bool:
        return self.category in DYNAMIC_EXIT_CATEGORIES

    @property
    def counts_in_denominator(self) -> bool:
        """Withdrawn exits (*retrait des sorties constatées*) are left out of the rates."""
        return self.category != "withdrawn"


_GUESS = "Catégorie déduite (liste officielle ASP non publiée) : à confirmer."

EXIT_REASONS: Final[tuple[ExitReason, ...]] = (
    # Emploi durable
    ExitReason("CDI", "Embauche en CDI", "durable"),
    ExitReason("CDD_6M_PLUS", "Embauche en CDD de 6 mois ou plus, sans aide publique", "durable"),
    ExitReason("INTERIM_6M_PLUS", "Missions d'intérim de 6 mois ou plus", "durable"),
    ExitReason("FONCTION_PUBLIQUE", "Stage ou titularisation dans la fonction publique", "durable"),
    ExitReason("CREATION_ENTREPRISE", "Création ou reprise d'entreprise", "durable"),
    # Emploi de transition
    ExitReason(
        "CDD_MOINS_6M", "Embauche en CDD de moins de 6 mois, sans aide publique", "transition"
    ),
    ExitReason("INTERIM_MOINS_6M", "Missions d'intérim de moins de 6 mois", "transition"),
    ExitReason(
        "CONTRAT_AIDE",
        "Contrat aidé chez un employeur de droit commun (PEC, CUI…)",
        "transition",
    ),
    # Sorties positives
    ExitReason("FORMATION_QUALIFIANTE", "Entrée en formation qualifiante", "positive"),
    ExitReason("FORMATION_PRE_QUALIFIANTE", "Entrée en formation pré-qualifiante", "positive"),
    ExitReason("AUTRE_SIAE", "Embauche dans une autre structure de l'IAE", "positive"),
    # Autres sorties
    ExitReason("CHOMAGE", "Au chômage, en recherche d'emploi", "other"),
    ExitReason("INACTIVITE", "Inactivité", "other"),
    ExitReason("SANS_NOUVELLES", "Sans nouvelles", "other"),
    ExitReason("AUTRE", "Autre motif", "other"),
    # Retrait des sorties constatées
    ExitReason("DECES", "Décès", "withdrawn"),
    ExitReason("DEMENAGEMENT", "Déménagement", "withdrawn", _GUESS),
    ExitReason(
        "SANTE",
        "Maladie, invalidité ou problème de santé empêchant la poursuite du parcours",
        "withdrawn",
        _GUESS,
    ),
    ExitReason("INCARCERATION", "Incarcération", "withdrawn", _GUESS),
    ExitReason("RETRAITE", "Départ à la retraite", "withdrawn", _GUESS),
)

EXIT_REASONS_BY_CODE: Final = MappingProxyType({reason.code: reason for reason in EXIT_REASONS})


def exit_reason(code: str) -> ExitReason:
    """The exit reason of ``code``; ``KeyError`` if unknown."""
    return EXIT_REASONS_BY_CODE[code]


# ---------------------------------------------------------------------------------------------
# Countries (INSEE codes "99xxx") and overseas communes the ASP treats as countries
# ---------------------------------------------------------------------------------------------

FRANCE: Final = "99100"
COUNTRY_GROUPS: Final = MappingProxyType({"1": "France", "2": "CEE", "3": "Hors CEE"})

_COUNTRIES_FILE: Final = Path(__file__).with_name("countries.json")


@dataclass(frozen=True)
class Country:
    code: str  # INSEE, 5 digits: "99" + the ASP 3-digit code
    name: str
    group: str  # ASP country group: "1" France, "2" CEE, "3" hors CEE

    @property
    def asp_code(self) -> str:
        """The 3-digit code the ASP expects in ``codeInseePays``."""
        return self.code[2:]


@dataclass(frozen=True)
class CountryTables:
    source: str
    countries: MappingProxyType  # INSEE country code -> Country
    overseas_communes: MappingProxyType  # INSEE commune code "98xxx" -> name


@cache
def load_countries() -> CountryTables:
    """Read ``countries.json`` once (source: ASP ref_insee_pays_v4)."""
    data = json.loads(_COUNTRIES_FILE.read_text(encoding="utf-8"))
    countries = {code: Country(code, name, group) for code, name, group in data["countries"]}
    overseas = dict(data["overseas_communes"])
    return CountryTables(
        source=data["source"],
        countries=MappingProxyType(countries),
        overseas_communes=MappingProxyType(overseas),
    )


COUNTRIES: Final = load_countries().countries

# French overseas communes (Polynésie, Nouvelle-Calédonie, Wallis-et-Futuna, TAAF,
# Clipperton) the ASP lists in its country table: a person born there is sent with the
# "country" code of the commune and department "099" (les-emplois ASP_COMMUNES_AS_COUNTRIES).
OVERSEAS_COMMUNES_AS_COUNTRIES: Final = load_countries().overseas_communes


class AspValidationError(ValueError):
    """A value the ASP would refuse; the message is in French, for the user."""


def validate_birth_country(code: str) -> Country:
    """Check a birth country code (INSEE, "99xxx") and return its country.

    Raises ``AspValidationError`` with a French message when the code is malformed or
    unknown to the ASP reference.
    """
    code = (code or "").strip()
    if not code:
        raise AspValidationError("Le pays de naissance est obligatoire.")
    if len(code) != 5 or not code.isdigit() or not code.startswith("99"):
        raise AspValidationError(
            f"Le code pays de naissance « {code} » doit être un code INSEE de 5 chiffres "
            "commençant par 99 (99100 pour la France)."
        )
    try:
        return COUNTRIES[code]
    except KeyError:
        raise AspValidationError(
            f"Le code pays de naissance « {code} » est inconnu du référentiel ASP."
        ) from None
