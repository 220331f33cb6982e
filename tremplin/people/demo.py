"""Demo insertion paths for `seed_demo`: deterministic, realistic, fast at 70 000 people.

Bulk inserts on purpose, as in network/demo.py: the services write one path at a time, under
locks, with a few queries per step, which is right for people and wrong for generating a
network's worth of paths. Even bulk_create is too slow here (model instances and the ORM's
insert cost ~100 µs a row, and 70 000 paths are ~1.8 million rows): rows are built as dicts
and inserted in batches by `_Table` (see there). The generated values satisfy the same
rules (tests/test_demo.py checks them with full_clean and the services' own checks), and
every derived field is computed by the functions the services call:

- `nir_hash`, `search_name`: services.persons (clean_nir, nir_hash) and normalize_search;
- `Diagnosis.expires_on`: calculations.diagnosis_expires_on; eligibility: calculations.eligibility;
- `Approval.end_date`: calculations.approval_end_date, suspensions and prolongations included;
- `Exit.counted`, `worked_hours`, `worked_months`: calculations.counted_exit on the same
  worked periods as services.exits.

Each structure draws its people from its own random generator (seeded with the seed, the
structure's SIRET and the number of people it already has): the same seed on the same
database gives the same people, and seeding a structure again adds other people instead of
duplicating files. Dates are relative to `today`, so that the work lists have something to
show: PASS IAE ending within 30 and 60 days, contracts ending, prolongation requests,
diagnoses about to expire, barriers left without action.

Exit reasons come from the ExitReason table (the ASP list); while it is empty, exits are
recorded without a reason, as the service allows. Not generated: historical records
(django-simple-history writes them on save(), which bulk inserts bypass, as for the
network), proofs' files, CDI inclusion contracts, a second PASS after the waiting period."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connections, models, router, transaction
from django.db.models import Count, Max
from django.utils import timezone
from encrypted_fields.fields import EncryptedFieldMixin
from stdnum.fr import nir as stdnum_nir

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.common.text import normalize_search
from tremplin.network.demo import DEMO_DOMAIN, STREETS
from tremplin.network.models import Commune
from tremplin.rules import rule

from . import calculations
from .asp.reference import full_months_between, is_cap_bep_or_below
from .calculations import ONE_DAY, age_on, last_day_of_period
from .models import (
    Action,
    ActionKind,
    Approval,
    Barrier,
    BarrierCategory,
    BarrierStatus,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    Contract,
    ContractKind,
    ContractRenewal,
    Criterion,
    Diagnosis,
    DiagnosisAuthor,
    DiagnosisCriterion,
    EarlyEndReason,
    Exit,
    ExitCategory,
    ExitReason,
    FrenchLevel,
    Housing,
    Interview,
    InterviewKind,
    Person,
    Prolongation,
    ProlongationReason,
    ProlongationRequest,
    RequestStatus,
    Sex,
    Suspension,
    SuspensionReason,
)
from .services.persons import clean_nir, nir_hash

DAY = datetime.timedelta(days=1)
BATCH = 2000
FLUSH_PEOPLE = 4000  # people generated before a bulk insert: bounds the memory used
APPROVAL_PREFIX = "99999"  # PASS IAE numbers issued by les emplois de l'inclusion

# People per structure when none is asked for: the network's 70 000 people a year over its
# ~600 structures (DESIGN.md), AIs much larger than EIs.
MEAN_SIZE = {"AI": 140, "ACI": 60, "ETTI": 110, "EI": 45, "EITI": 40}

# --- Who the people are (plausible orders of magnitude for the IAE, not official figures) --

WOMEN = {"AI": 0.55, "ACI": 0.38, "EI": 0.33, "ETTI": 0.25, "EITI": 0.35, "home": 0.85}
YOUNG = {"AI": 0.14, "ACI": 0.17, "EI": 0.25, "ETTI": 0.25, "EITI": 0.15}  # under 26
SENIOR = {"AI": 0.28, "ACI": 0.20, "EI": 0.14, "ETTI": 0.12, "EITI": 0.20}  # 50 or over
RSA = {"AI": 0.35, "ACI": 0.50, "EI": 0.35, "ETTI": 0.30, "EITI": 0.45}
EDUCATION = [  # ASP levels and weights: three in four at CAP/BEP or below
    ("70", 15),
    ("60", 5),
    ("50", 18),
    ("51", 22),
    ("01", 4),
    ("00", 6),
    ("40", 14),
    ("41", 9),
    ("30", 4),
    ("20", 2),
    ("10", 1),
]
HOUSING = [
    (Housing.STABLE, 74),
    (Housing.HOSTED, 11),
    (Housing.HOMELESS, 5),
    (Housing.OTHER, 6),
    ("", 4),
]
FOREIGN_BORN = 0.22
BIRTH_COUNTRIES = [  # INSEE codes of people.asp countries.json, with weights
    ("99350", 16),  # Maroc
    ("99352", 16),  # Algérie
    ("99351", 6),  # Tunisie
    ("99341", 6),  # Sénégal
    ("99335", 6),  # Mali
    ("99326", 6),  # Côte d'Ivoire
    ("99330", 5),  # Guinée
    ("99312", 4),  # République démocratique du Congo
    ("99322", 4),  # Cameroun
    ("99397", 3),  # Comores
    ("99208", 5),  # Turquie
    ("99139", 4),  # Portugal
    ("99114", 3),  # Roumanie
    ("99212", 4),  # Afghanistan
    ("99206", 3),  # Syrie
    ("99343", 3),  # Soudan
    ("99317", 2),  # Érythrée
    ("99155", 3),  # Ukraine
    ("99410", 2),  # Haïti
]

FEMALE_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Fatima", "Aïcha", "Nathalie",
    "Sandrine", "Isabelle", "Sophie", "Julie", "Émilie", "Aurélie", "Marie", "Claire", "Lucie",
    "Yasmine", "Nadia", "Samira", "Khadija", "Aminata", "Fatoumata", "Christelle", "Valérie",
    "Sylvie", "Martine", "Brigitte", "Océane", "Jessica", "Laura", "Mélanie", "Audrey",
    "Céline", "Stéphanie", "Karine", "Nadège", "Mariama", "Awa", "Leïla", "Naïma", "Chantal",
    "Monique", "Sabrina", "Virginie", "Patricia", "Catherine", "Amandine", "Élodie", "Coralie",
    "Kelly", "Anaïs", "Morgane", "Hawa", "Salimata", "Olena", "Zeynep", "Ana", "Josiane",
]  # fmt: skip
MALE_NAMES = [
    "Thomas", "Nicolas", "Julien", "Mehdi", "Karim", "Antoine", "Pierre", "Mathieu",
    "Sébastien", "Olivier", "David", "Laurent", "Stéphane", "Youssef", "Moussa", "Hugo",
    "Lucas", "Rémi", "Mohamed", "Ahmed", "Ali", "Mamadou", "Ibrahima", "Abdoulaye",
    "Christophe", "Frédéric", "Patrick", "Philippe", "Éric", "Pascal", "Thierry", "Franck",
    "Cédric", "Jérémy", "Kévin", "Dylan", "Anthony", "Jordan", "Bruno", "Didier", "Alain",
    "Rachid", "Samir", "Bilal", "Omar", "Jean-Pierre", "Jean-Marc", "José", "Ousmane",
    "Sékou", "Florian", "Maxime", "Quentin", "Romain", "Yannick", "Mickaël", "Ludovic",
    "Fabrice", "Gilles", "Hamza", "Ayoub", "Mustafa", "Ahmad", "Serhiy", "Wilfried",
]  # fmt: skip
SECOND_NAMES = {
    Sex.FEMALE: ["Marie", "Louise", "Anne", "Élisabeth", "Fatima", "Rose", "Claire"],
    Sex.MALE: ["Jean", "Pierre", "Louis", "Mohamed", "Paul", "Michel", "André"],
}
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche",
    "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Perez", "Marchand", "Dufour", "Blanchard",
    "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard",
    "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois",
    "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix", "Fabre", "Dupuis", "Olivier",
    "Hoarau", "Payet", "Grondin", "Le Gall", "Le Goff", "Kerbrat", "Etcheverry", "Santoni",
]  # fmt: skip
WORLD_NAMES = [
    "Benali", "Diallo", "Traoré", "Nguyen", "Haddad", "Da Silva", "Ferreira", "Kaya",
    "Rahmani", "Cissé", "Camara", "Koné", "Sylla", "Touré", "Bah", "Ndiaye", "Diop", "Mendy",
    "Belkacem", "Benaïssa", "Bouzid", "Cherif", "Hamdi", "Mansouri", "Saïdi", "Yilmaz",
    "Demir", "Pereira", "Rodrigues", "Popescu", "Kovalenko", "Ahmadi", "Tran", "Pham",
    "Mbemba", "Kabila", "Fofana", "Keita", "Soumaré", "Boukhari", "El Amrani", "Ouali",
]  # fmt: skip

# --- The path -------------------------------------------------------------------------------

# Scenarios of a path, with their weight among the people drawn at random. Every structure
# of 8 people or more also has one of each FORCED scenario, so that each work list shows.
CANDIDATE, CURRENT, EXITED = "candidate", "current", "exited"
PASS_30, PASS_60, PROLONGED, DIAGNOSIS_EXPIRING = "pass_30", "pass_60", "prolonged", "diag_soon"
SCENARIOS = [
    (CANDIDATE, 12),
    (CURRENT, 88),
    (EXITED, 88),
    (PASS_30, 3),
    (PASS_60, 3),
    (PROLONGED, 6),
]
FORCED = [PASS_30, PASS_60, DIAGNOSIS_EXPIRING, PROLONGED]

EXIT_CATEGORIES = [  # ASP categories of exits, weights near the sector's rates
    (ExitCategory.DURABLE, 22),
    (ExitCategory.TRANSITION, 18),
    (ExitCategory.POSITIVE, 17),
    (ExitCategory.OTHER, 35),
    (ExitCategory.WITHDRAWN, 8),
]
EARLY_END_BY_CATEGORY = {
    ExitCategory.DURABLE: [EarlyEndReason.HIRED_ELSEWHERE],
    ExitCategory.TRANSITION: [EarlyEndReason.HIRED_ELSEWHERE],
    ExitCategory.POSITIVE: [EarlyEndReason.TRAINING, EarlyEndReason.HIRED_ELSEWHERE],
    ExitCategory.OTHER: [
        EarlyEndReason.RESIGNATION,
        EarlyEndReason.MUTUAL,
        EarlyEndReason.DISMISSAL,
        EarlyEndReason.OTHER,
    ],
    ExitCategory.WITHDRAWN: [EarlyEndReason.OTHER],
}
SUSPENSIONS = {  # reason: (shortest, longest) in days; all far below the 36-month ceiling
    SuspensionReason.SICKNESS: (15, 120),
    SuspensionReason.MATERNITY: (112, 112),
    SuspensionReason.CONTRACT_SUSPENDED: (30, 90),
    SuspensionReason.DETENTION: (60, 300),
    SuspensionReason.TRIAL_ELSEWHERE: (15, 45),
    SuspensionReason.TRAINING: (30, 150),
    SuspensionReason.OTHER: (15, 60),
}
# Reasons that keep a CDDI running (the contract is suspended, not broken): the others only
# fall between two short contracts (AI placements, ETTI missions).
SUSPENSIONS_DURING_CONTRACT = [
    SuspensionReason.SICKNESS,
    SuspensionReason.MATERNITY,
    SuspensionReason.CONTRACT_SUSPENDED,
]
EXTENSION_GROUNDS = {  # prolongation reason -> ground for a CDDI past 24 months
    ProlongationReason.SENIOR: "senior",
    ProlongationReason.RQTH: "rqth",
    ProlongationReason.TRAINING: "training",
}
CDDI_HOURS = {"ACI": [26, 26, 26, 24, 20, 30, 35], "EI": [35, 35, 35, 30, 28, 24, 26]}
CDDI_FIRST_MONTHS = {"ACI": [4, 4, 6, 6, 6, 12], "EI": [4, 6, 6, 12, 12], "AI": [4, 4, 6]}

FRENCH_ABROAD = [
    FrenchLevel.BELOW_A1,
    FrenchLevel.A1_OR_MORE,
    FrenchLevel.A1_OR_MORE,
    FrenchLevel.FLUENT,
]

# --- Accompaniment --------------------------------------------------------------------------

INTERVIEW_NOTES = [
    "Point d'étape : bonne intégration dans l'équipe, ponctualité à travailler.",
    "Démarches logement en cours avec le SIAO ; relance prévue le mois prochain.",
    "Souhaite se former au métier d'agent de propreté ; information sur le titre professionnel.",
    "Difficultés de garde d'enfants le mercredi : orientation vers le relais petite enfance.",
    "Projet professionnel précisé : cariste en logistique, CACES à prévoir.",
    "Permis B : inscription à l'auto-école sociale, code en cours.",
    "Dossier de surendettement déposé avec l'appui du CCAS.",
    "Bilan positif de l'encadrant technique ; autonomie croissante sur le poste.",
    "Rendez-vous médical reporté ; suivi avec la médecine du travail.",
    "Préparation d'une immersion en entreprise (PMSMP) ; CV mis à jour.",
    "Recherche d'emploi active : deux candidatures envoyées cette semaine.",
    "Absences répétées : rappel du cadre, engagement à prévenir en cas d'empêchement.",
    "Droits CAF actualisés ; reste à faire le point sur la mutuelle.",
    "Entretien d'embauche décroché dans une entreprise du secteur ; préparation faite.",
]
BARRIER_NOTES = {
    BarrierCategory.MOBILITY: "Pas de permis, commune mal desservie tôt le matin.",
    BarrierCategory.HOUSING: "Hébergement chez un tiers, demande de logement social déposée.",
    BarrierCategory.HEALTH: "Suivi médical régulier ; port de charges lourdes à éviter.",
    BarrierCategory.CHILDCARE: "Enfants en bas âge, pas de solution de garde le mercredi.",
    BarrierCategory.LANGUAGE: "Compréhension orale correcte, écrit à travailler.",
    BarrierCategory.DIGITAL: "Pas d'adresse électronique ni d'accès à un ordinateur.",
    BarrierCategory.JUSTICE: "Suivi SPIP, obligations de pointage.",
    BarrierCategory.FINANCES: "Dettes de loyer ; dossier de surendettement envisagé.",
    BarrierCategory.ADMINISTRATIVE: "Titre de séjour à renouveler, droits à actualiser.",
}
BARRIER_ACTIONS = {  # category: [(kind, title, partner)]
    BarrierCategory.MOBILITY: [
        (ActionKind.REFERRAL, "Permis B à l'auto-école sociale", "Auto-école sociale"),
        (ActionKind.REFERRAL, "Location d'un scooter solidaire", "Plateforme mobilité"),
        (ActionKind.REFERRAL, "Aide au financement du permis", "France Travail"),
    ],
    BarrierCategory.HOUSING: [
        (ActionKind.REFERRAL, "Demande de logement social", "SIAO"),
        (ActionKind.REFERRAL, "Accompagnement vers et dans le logement", "CCAS"),
    ],
    BarrierCategory.HEALTH: [
        (ActionKind.REFERRAL, "Examen de prévention en santé", "CPAM – centre d'examens de santé"),
        (ActionKind.REFERRAL, "Suivi psychologique", "Centre médico-psychologique"),
        (ActionKind.REFERRAL, "Demande de reconnaissance RQTH", "MDPH"),
    ],
    BarrierCategory.CHILDCARE: [
        (ActionKind.REFERRAL, "Recherche d'un mode de garde", "Relais petite enfance"),
        (ActionKind.REFERRAL, "Place en crèche à vocation d'insertion", "Crèche AVIP"),
    ],
    BarrierCategory.LANGUAGE: [
        (ActionKind.TRAINING, "Français langue étrangère (FLE)", "GRETA"),
        (ActionKind.TRAINING, "Ateliers sociolinguistiques", "Centre social"),
    ],
    BarrierCategory.DIGITAL: [
        (ActionKind.TRAINING, "Initiation au numérique", "Médiathèque"),
        (ActionKind.REFERRAL, "Ateliers numériques", "France Services"),
    ],
    BarrierCategory.JUSTICE: [
        (ActionKind.REFERRAL, "Suivi des obligations judiciaires", "SPIP"),
    ],
    BarrierCategory.FINANCES: [
        (ActionKind.REFERRAL, "Accompagnement budgétaire", "Point conseil budget"),
        (ActionKind.REFERRAL, "Dossier de surendettement", "Banque de France"),
    ],
    BarrierCategory.ADMINISTRATIVE: [
        (ActionKind.REFERRAL, "Accès aux droits", "France Services"),
        (ActionKind.REFERRAL, "Renouvellement du titre de séjour", "Cimade"),
    ],
}
TRAININGS = [
    ("CACES R489 – chariots élévateurs", "AFPA"),
    ("Sauveteur secouriste du travail (SST)", "Organisme habilité INRS"),
    ("Habilitation électrique H0B0", "AFPA"),
    ("Hygiène alimentaire HACCP", "GRETA"),
    ("Certificat CléA", "GRETA"),
    ("Gestes et postures", "Organisme de formation"),
]
QUALIFYING_TRAININGS = [
    ("Titre professionnel agent de propreté et d'hygiène", "GRETA"),
    ("Titre professionnel ouvrier du paysage", "CFPPA"),
    ("Titre professionnel assistant de vie aux familles", "AFPA"),
    ("Titre professionnel agent magasinier", "AFPA"),
    ("CAP production et service en restauration", "GRETA"),
]
PMSMP_HOSTS = [
    "Mairie de {c}",
    "EHPAD de {c}",
    "Supermarché de {c}",
    "Entreprise de propreté de {c}",
    "Entreprise du bâtiment de {c}",
    "Plateforme logistique de {c}",
]
OTHER_BARRIERS = [
    BarrierCategory.FINANCES,
    BarrierCategory.DIGITAL,
    BarrierCategory.ADMINISTRATIVE,
    BarrierCategory.HEALTH,
    BarrierCategory.MOBILITY,
]
SLOW_BARRIERS = (BarrierCategory.HEALTH, BarrierCategory.JUSTICE, BarrierCategory.HOUSING)
GOALS = [
    "Lever les freins de mobilité (permis B, transports)",
    "Accéder à un logement autonome",
    "Valider une formation qualifiante",
    "Acquérir les savoir-être professionnels",
    "Construire un projet professionnel réaliste",
    "Progresser en français à l'oral et à l'écrit",
    "Accéder à un emploi durable",
    "Gagner en autonomie dans les démarches administratives",
    "Utiliser les outils numériques pour chercher un emploi",
]
STRUCTURE_COMMITMENTS = (
    "Un entretien d'accompagnement au moins une fois par mois ; un encadrement technique au "
    "quotidien ; l'accès aux formations du plan de développement des compétences ; l'appui "
    "des partenaires du territoire pour lever les freins."
)
REVIEW_NOTES = [
    "Objectifs en bonne voie ; à poursuivre.",
    "Objectif mobilité atteint, priorité désormais au projet professionnel.",
    "Objectifs revus : la santé passe d'abord.",
    "Formation validée ; recherche d'emploi engagée.",
    "Peu d'avancées sur le logement ; relance des partenaires.",
]


def _weighted(pairs):
    values = [v for v, _w in pairs]
    return values, list(itertools.accumulate(w for _v, w in pairs))


class _Picker:
    """Weighted choices without rebuilding the weights at each draw."""

    def __init__(self, pairs):
        self.values, self.cumulative = _weighted(pairs)

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


_education = _Picker(EDUCATION)
_housing = _Picker(HOUSING)
_country = _Picker(BIRTH_COUNTRIES)
_scenario = _Picker(SCENARIOS)
_exit_category = _Picker(EXIT_CATEGORIES)


@dataclass
class _Place:
    code: str
    name: str
    departement: str
    population: int


class _Territory:
    """Communes drawn in proportion to their population, nationally or in a département."""

    def __init__(self):
        rows = list(
            Commune.objects.filter(population__gt=0)
            .values_list("code", "name", "departement_id", "population")
            .order_by("code")
        )
        self.places = {code: _Place(code, name, dep, pop) for code, name, dep, pop in rows}
        self.national = list(self.places.values())
        self.national_cumulative = list(itertools.accumulate(p.population for p in self.national))
        by_dep = defaultdict(list)
        for place in self.national:
            by_dep[place.departement].append(place)
        self.by_dep = {
            dep: (places, list(itertools.accumulate(p.population for p in places)))
            for dep, places in by_dep.items()
        }

    def pick(self, rng, departement: str | None = None) -> _Place:
        places, cumulative = self.by_dep.get(departement, (self.national, self.national_cumulative))
        return places[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass
class _Staff:
    user_id: int | None
    name: str


# --- Bulk inserts ---------------------------------------------------------------------------


class _Row(dict):
    """A row to insert, keyed by the model's attribute names, readable as attributes."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


class _Table:
    """Rows of one model, inserted by batches with executemany.

    Rows are plain dicts keyed by attribute name; primary keys are reserved up front, so
    children know their parent's id before anything is written. Values the field transforms
    go through the field's own get_db_prep_save (encrypted fields); choices are written as
    their value; dates and decimals are adapted by the driver (Django registers the
    adapters on SQLite too); created_at and updated_at are the time of the seeding, as
    auto_now would set them; a missing value takes the field's default."""

    def __init__(self, model, connection, now):
        self.model, self.connection = model, connection
        self.rows: list[_Row] = []
        self.fields = list(model._meta.concrete_fields)
        self.plan = []
        for f in self.fields:
            default = f.get_default() if not f.primary_key else None
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                default = f.get_db_prep_save(now, connection)
                prepare = None
            elif isinstance(f, EncryptedFieldMixin):
                prepare = f
            elif f.choices and not f.is_relation:
                prepare = str
            else:
                prepare = None
            self.plan.append((f.attname, default, prepare))
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = (
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        )
        self.attnames = {f.attname for f in self.fields}
        self.ids: list[int] = []
        self.last = 0
        self.pk = model._meta.pk

    def _reserve(self) -> None:
        """Primary keys for the next rows: from the sequence on PostgreSQL (safe alongside
        other writers), after the largest one elsewhere (SQLite writes under one lock)."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.model._meta.db_table, self.pk.column, BATCH],
                )
                self.ids = sorted((row[0] for row in cursor.fetchall()), reverse=True)
            else:
                last = max(self.model.objects.aggregate(last=Max("pk"))["last"] or 0, self.last)
                self.ids = list(range(last + BATCH, last, -1))
                self.last = last + BATCH

    def add(self, **values) -> _Row:
        if not self.ids:
            self._reserve()
        row = _Row(values)
        row["id"] = self.ids.pop()
        self.rows.append(row)
        return row

    def flush(self) -> int:
        if not self.rows:
            return 0
        connection = self.connection
        values = []
        for row in self.rows:
            if not row.keys() <= self.attnames:  # a misspelt field would silently default
                raise TypeError(f"{self.model.__name__}: {sorted(row.keys() - self.attnames)}")
            out = []
            for attname, default, prepare in self.plan:
                value = row.get(attname, default)
                if prepare is not None and value is not None:
                    value = (
                        prepare.get_db_prep_save(value, connection)
                        if prepare is not str
                        else str(value)
                    )
                out.append(value)
            values.append(out)
        with connection.cursor() as cursor:
            for start in range(0, len(values), BATCH):
                cursor.executemany(self.sql, values[start : start + BATCH])
        count = len(self.rows)
        self.rows = []
        return count


class _Chunk:
    """The rows waiting for their insert, one table per model, parents first."""

    ORDER = [
        ("people", Person),
        ("diagnoses", Diagnosis),
        ("criteria", DiagnosisCriterion),
        ("approvals", Approval),
        ("suspensions", Suspension),
        ("prolongation_requests", ProlongationRequest),
        ("prolongations", Prolongation),
        ("contracts", Contract),
        ("renewals", ContractRenewal),
        ("interviews", Interview),
        ("barriers", Barrier),
        ("barrier_changes", BarrierStatusChange),
        ("actions", Action),
        ("commitments", CommitmentContract),
        ("commitment_reviews", CommitmentReview),
        ("exits", Exit),
    ]

    def __init__(self):
        connection = connections[router.db_for_write(Person)]
        now = timezone.now()
        self.tables = {model: _Table(model, connection, now) for _name, model in self.ORDER}

    def add(self, model, **values) -> _Row:
        return self.tables[model].add(**values)

    @property
    def people(self) -> int:
        return len(self.tables[Person].rows)

    def flush(self, counts: Counter) -> None:
        for name, model in self.ORDER:
            counts[name] += self.tables[model].flush()


# --- Paths ----------------------------------------------------------------------------------


class _Paths:
    """Draws the people of one structure and their paths into a chunk."""

    def __init__(self, *, structure, place, staff, writer, context, rng, chunk):
        self.structure = structure
        self.kind = structure.kind
        self.women = WOMEN["home" if structure.is_home_services else structure.kind]
        self.place = place
        self.staff = staff  # the referent counsellors to choose from
        self.writer = writer  # signs employer diagnoses when no counsellor does
        self.context = context
        self.rng = rng
        self.add = chunk.add
        self.today = context.today
        self.referent = _Staff(None, "")
        self.category = ExitCategory.OTHER

    # --- helpers -----------------------------------------------------------------------

    def _between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        """A day from start to end, both included (start if the period is empty)."""
        if end <= start:
            return start
        return start + DAY * self.rng.randint(0, (end - start).days)

    def _hours(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randint(low * 2, high * 2)) / 2

    # --- the person's file ---------------------------------------------------------------

    def _names(self, sex: str, born_abroad: bool) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(FEMALE_NAMES if sex == Sex.FEMALE else MALE_NAMES)
        if rng.random() < 0.25:
            second = rng.choice(SECOND_NAMES[sex])
            if second != first:
                first = f"{first} {second}"
        world = rng.random() < (0.8 if born_abroad else 0.15)
        return first, rng.choice(WORLD_NAMES if world else LAST_NAMES)

    def _birth_date(self, ref: datetime.date, band: str) -> datetime.date:
        """A birth date giving an age of the band on `ref`."""
        low, high = {"young": (18, 25), "middle": (26, 49), "senior": (50, 62)}[band]
        years = self.rng.randint(low, high)
        try:
            anniversary = ref.replace(year=ref.year - years)
        except ValueError:  # 29 February
            anniversary = ref.replace(year=ref.year - years, day=28)
        return anniversary - DAY * self.rng.randint(0, 364)

    def _nir(self, sex: str, birth_date: datetime.date, place: str) -> str:
        """A valid NIR: sex, year and month of birth, commune or 99 + country, order, key."""
        prefix = f"{1 if sex == Sex.MALE else 2}{birth_date:%y%m}{place}"
        while True:
            number = f"{prefix}{self.rng.randint(1, 999):03d}"
            number += stdnum_nir.calc_check_digits(number)
            if number not in self.context.nirs:
                self.context.nirs.add(number)
                return clean_nir(number)

    def _ntt(self, sex: str, birth_date: datetime.date) -> str:
        """A temporary technical number in the ASP's format: 1 or 2, nine digits, letters."""
        letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        serial = self.rng.randint(0, 99999)
        return f"{1 if sex == Sex.MALE else 2}{birth_date:%y%m}{serial:05d}{letters}"

    def _person(self, *, ref: datetime.date, band: str | None, rqth: bool = False) -> _Row:
        """The person's file as it stood on their diagnosis (`ref`), eligible for the
        structure's kind."""
        rng, kind, territory = self.rng, self.kind, self.context.territory
        sex = Sex.FEMALE if rng.random() < self.women else Sex.MALE
        if band is None:
            roll = rng.random()
            band = (
                "young" if roll < YOUNG[kind] else "senior" if roll > 1 - SENIOR[kind] else "middle"
            )
        birth_date = self._birth_date(ref, band)
        overseas = self.place.departement.startswith("97")
        born_abroad = rng.random() < (FOREIGN_BORN / 2 if overseas else FOREIGN_BORN)
        first, last = self._names(sex, born_abroad)
        birth_name = ""
        if sex == Sex.FEMALE and band != "young" and rng.random() < 0.2:
            birth_name, last = last, rng.choice(LAST_NAMES)  # usage name: a spouse's
        home = self.place if rng.random() < 0.45 else territory.pick(rng, self.place.departement)
        if born_abroad:
            birth_country, birth_commune = _country(rng), None
            nir_place = "99" + birth_country[2:]
        else:
            birth_country = "99100"
            local = rng.random() < 0.55
            birth_commune = territory.pick(rng, self.place.departement if local else None)
            nir_place = birth_commune.code
        nir = (
            self._nir(sex, birth_date, nir_place)
            if rng.random() < (0.72 if born_abroad else 0.95)
            else None
        )
        qpv_rate = 0.4 if home.population > 30000 else 0.15 if home.population > 8000 else 0
        zrr_rate = 0.6 if home.population < 2000 else 0.25 if home.population < 5000 else 0
        zrr = rng.random() < zrr_rate
        person = _Row(
            structure_id=self.structure.pk,
            conseiller_id=self.referent.user_id,
            created_by_id=self.referent.user_id,
            last_name=last,
            birth_name=birth_name,
            first_names=first,
            sex=sex,
            birth_date=birth_date,
            birth_commune_id=birth_commune.code if birth_commune else None,
            birth_country=birth_country,
            nir=nir,
            ntt="" if nir else self._ntt(sex, birth_date),
            phone=(
                f"0{rng.choice('67')} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            )
            if rng.random() < 0.93
            else "",
            email="",
            address=f"{rng.randint(1, 150)} {rng.choice(STREETS)}",
            commune_id=home.code,
            qpv=rng.random() < qpv_rate,
            zrr=zrr,
            education_level=_education(rng),
            rsa_since=None,
            ass_since=None,
            aah_since=None,
            job_seeker_since=None,
            job_seeker_id="",
            rqth=rqth or rng.random() < 0.08,
            single_parent=rng.random() < (0.22 if sex == Sex.FEMALE else 0.03),
            housing=_housing(rng),
            refugee=born_abroad and rng.random() < 0.25,
            left_child_welfare=age_on(birth_date, ref) < 22 and rng.random() < 0.15,
            leaving_detention=sex == Sex.MALE and rng.random() < (0.06 if kind == "ACI" else 0.02),
            french_level=(rng.choice(FRENCH_ABROAD) if born_abroad else FrenchLevel.FLUENT),
            mobility_problem=rng.random() < (0.45 if zrr else 0.28),
        )
        if rng.random() < 0.55:
            local_part = normalize_search(f"{first.split()[0]}.{last}").replace(" ", "-")
            person.email = f"{local_part}{rng.randint(1, 99)}@{DEMO_DOMAIN}"
        # Allowances and registration with France Travail: the level-1 criteria.
        roll = rng.random()
        rsa = RSA[kind] * (0.25 if band == "young" else 1)
        if person.rqth and rng.random() < 0.3:
            person.aah_since = ref - DAY * rng.randint(90, 3000)
        elif roll < rsa:
            person.rsa_since = ref - DAY * rng.randint(60, 2500)
        elif roll < rsa + 0.05 and band != "young":
            person.ass_since = ref - DAY * rng.randint(60, 700)
        if person.ass_since or rng.random() < 0.75:
            months = rng.choice([2, 5, 8, 11, 14, 18, 22, 26, 30, 40, 60])
            if person.ass_since:  # the ASS follows the end of unemployment benefits
                months = max(months, 26)
            person.job_seeker_since = ref - DAY * (months * 31 + rng.randint(0, 20))
            person.job_seeker_id = self._job_seeker_id()
        criteria = self._criteria(person, ref)
        while not calculations.eligibility(criteria, kind, ref).eligible:
            # Not eligible as drawn: a prescriber would not have sent them. Add what most
            # often makes people eligible, then read the criteria again.
            fix = rng.random()
            if fix < 0.3 and band != "young" and not (person.ass_since or person.aah_since):
                person.rsa_since = ref - DAY * rng.randint(60, 2500)
            elif fix < 0.55:
                person.job_seeker_since = ref - DAY * rng.randint(750, 1500)
                person.job_seeker_id = person.job_seeker_id or self._job_seeker_id()
            elif fix < 0.7:
                person.mobility_problem = True
            elif fix < 0.85:
                person.education_level = rng.choice(["50", "51", "70"])
            else:
                person.housing = Housing.HOSTED
            criteria = self._criteria(person, ref)
        # Derived exactly as services.persons does.
        person.nir_hash = nir_hash(person.nir or "")
        person.search_name = normalize_search(person.last_name)
        person.consent_date = min(ref + DAY * rng.randint(0, 10), self.today)
        person.criteria = criteria  # not a column: read by _diagnosis, dropped on insert
        return person

    def _job_seeker_id(self) -> str:
        return f"{self.rng.randint(1000000, 9999999)}{self.rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"

    def _criteria(self, person: _Row, on: datetime.date) -> list[str]:
        """The criteria the file shows on `on` (R5132-1-7; ages and durations from the
        rules table)."""
        found = []
        if person.rsa_since:
            found.append(Criterion.L1_RSA)
        if person.ass_since:
            found.append(Criterion.L1_ASS)
        if person.aah_since:
            found.append(Criterion.L1_AAH)
        if person.job_seeker_since:
            months = full_months_between(person.job_seeker_since, on)
            if months >= rule("eligibility.long_term_job_seeker_months", on):
                found.append(Criterion.L1_LONG_TERM_JOB_SEEKER)
            elif months >= rule("eligibility.job_seeker_months", on):
                found.append(Criterion.L2_JOB_SEEKER)
        if is_cap_bep_or_below(person.education_level):
            found.append(Criterion.L2_LOW_EDUCATION)
        age = age_on(person.birth_date, on)
        if age >= rule("eligibility.senior_age", on):
            found.append(Criterion.L2_SENIOR)
        if age < rule("eligibility.young_age", on):
            found.append(Criterion.L2_YOUNG)
        for flag, criterion in (
            (person.left_child_welfare, Criterion.L2_CHILD_WELFARE),
            (person.rqth, Criterion.L2_RQTH),
            (person.single_parent, Criterion.L2_SINGLE_PARENT),
            (person.housing in (Housing.HOMELESS, Housing.HOSTED), Criterion.L2_HOMELESS),
            (person.refugee, Criterion.L2_REFUGEE),
            (person.zrr, Criterion.L2_ZRR),
            (person.qpv, Criterion.L2_QPV),
            (person.leaving_detention, Criterion.L2_DETENTION),
            (person.french_level == FrenchLevel.BELOW_A1, Criterion.L2_FRENCH),
            (person.mobility_problem, Criterion.L2_MOBILITY),
        ):
            if flag:
                found.append(criterion)
        return [c.value for c in found]

    def _file(self, person: _Row) -> int:
        """Queue the person's row; returns its id."""
        criteria = person.pop("criteria")
        row = self.add(Person, **person)
        person.update(id=row.id, criteria=criteria)
        return row.id

    def _diagnosis(self, person: _Row, made_on: datetime.date, author: str) -> None:
        rng = self.rng
        criteria = person.criteria
        if author == DiagnosisAuthor.EMPLOYER:
            name, organisation = self.referent.name or self.writer.name, self.structure.name
        else:
            name = f"{rng.choice(FEMALE_NAMES + MALE_NAMES)} {rng.choice(LAST_NAMES)}"
            organisation = self._prescriber(person, criteria)
        diagnosis = self.add(
            Diagnosis,
            person_id=person.id,
            author_kind=author,
            author_name=name or "—",
            author_organisation=organisation[:200],
            made_on=made_on,
            expires_on=calculations.diagnosis_expires_on(author, made_on),
            created_by_id=self.referent.user_id,
        )
        # The level-1 criteria, and level-2 ones when needed (some more, as they come).
        level1 = [c for c in criteria if c.startswith("l1_")]
        level2 = [c for c in criteria if not c.startswith("l1_")]
        recorded = level1 + [c for c in level2 if not level1 or rng.random() < 0.4]
        for code in sorted(recorded):
            self.add(DiagnosisCriterion, diagnosis_id=diagnosis.id, criterion=code, proof="")

    def _prescriber(self, person: _Row, criteria: list[str]) -> str:
        rng, town, dep = self.rng, self.place.name, self.place.departement
        if Criterion.L2_YOUNG in criteria and rng.random() < 0.7:
            return f"Mission locale de {town}"
        if person.rqth and rng.random() < 0.6:
            return f"Cap emploi – département {dep}"
        if person.leaving_detention and rng.random() < 0.7:
            return f"SPIP – département {dep}"
        if Criterion.L1_RSA in criteria and rng.random() < 0.4:
            return f"Conseil départemental ({dep}) – service insertion"
        if person.housing == Housing.HOMELESS and rng.random() < 0.6:
            return f"SIAO – département {dep}"
        return f"France Travail {town}"

    # --- one path --------------------------------------------------------------------------

    def path(self, scenario: str) -> None:
        rng, today = self.rng, self.today
        self.referent = rng.choice(self.staff) if self.staff else _Staff(None, "")
        if self.kind in ("ACI", "EI", "EITI"):
            contract_kind = ContractKind.CDDI
        elif self.kind == "ETTI":
            contract_kind = ContractKind.MISSION
        else:  # AIs place people with CDD d'usage, and hire some on CDDI
            contract_kind = ContractKind.CDDI if rng.random() < 0.15 else ContractKind.CDD_USAGE
        author = DiagnosisAuthor.PRESCRIBER if rng.random() < 0.75 else DiagnosisAuthor.EMPLOYER
        validity = (calculations.diagnosis_expires_on(author, today) - today).days + 1

        if scenario in (CANDIDATE, DIAGNOSIS_EXPIRING):  # eligible, not hired yet
            if scenario == DIAGNOSIS_EXPIRING:
                made_on = today - DAY * (validity - rng.randint(1, 30))
            else:
                made_on = today - DAY * rng.randint(0, validity - 1)
            person = self._person(ref=made_on, band=None)
            self._file(person)
            self._diagnosis(person, made_on, author)
            self._accompaniment(person, start=person.consent_date, end=today, hired=False)
            return

        # The frame of the path: the PASS's start, a prolongation's reason, the horizon.
        reason, band = None, None
        if scenario == PROLONGED:
            reasons = [
                ProlongationReason.SENIOR,
                ProlongationReason.RQTH,
                ProlongationReason.TRAINING,
            ]
            if self.kind in ("AI", "ACI") and contract_kind != ContractKind.CDDI:
                reasons.append(ProlongationReason.PARTICULAR_DIFFICULTIES)
            reason = rng.choice(reasons)
            band = "senior" if reason == ProlongationReason.SENIOR else None
        validity_months = rule("pass.validity_months", today)
        length = 0
        if scenario in (PASS_30, PASS_60):
            # Away from the 30- and 60-day bounds: month lengths move the end by a day.
            low, high = (2, 28) if scenario == PASS_30 else (33, 58)
            start = (
                today + DAY * (rng.randint(low, high) + 1) - relativedelta(months=validity_months)
            )
        elif scenario == PROLONGED:  # the 24 months are over, the prolongation runs
            start = today - relativedelta(months=validity_months) - DAY * rng.randint(1, 300)
        elif scenario == CURRENT:
            start = today - DAY * rng.randint(7, 700)
        else:
            length = self._exited_length(contract_kind)
            start = today - DAY * (length + rng.randint(1, max(1, 1095 - length)))
        made_on = start - DAY * rng.randint(0, min(150, validity - 31))
        person = self._person(ref=made_on, band=band, rqth=reason == ProlongationReason.RQTH)
        self._file(person)
        self._diagnosis(person, made_on, author)
        approval = self.add(
            Approval,
            person_id=person.id,
            number=self.context.next_number(),
            start_date=start,
            end_date=calculations.approval_end_date(start),
            waiting_period_waived_by="",
            created_by_id=self.referent.user_id,
        )

        # Contracts may start until stop_start and end by stop_end (an ended path's length).
        if scenario == EXITED:
            stop_start = stop_end = start + DAY * length
        else:
            stop_start, stop_end = today, datetime.date.max

        # Some suspensions (not where the scenario aims at an exact end date).
        suspended, blocked = 0, None
        if scenario in (CURRENT, EXITED) and rng.random() < 0.09:
            last = min(stop_start, today) - DAY * 45
            if last > start + DAY * 30:
                blocked = self._suspension(approval, person, contract_kind, start + DAY * 30, last)
                if blocked:
                    suspended = (blocked[1] - blocked[0]).days + 1
        approval.end_date = calculations.approval_end_date(start, suspended_days=suspended)
        prolonged_until, training = None, False
        if scenario == PROLONGED:
            prolonged_until = self._prolong(approval, person, reason)
            training = reason == ProlongationReason.TRAINING

        if contract_kind == ContractKind.CDDI:
            ceiling = last_day_of_period(start, months=rule("contract.cddi_max_months", start))
            ground = ""
            if prolonged_until and prolonged_until > ceiling:  # 50+, RQTH, training
                ground, ceiling = EXTENSION_GROUNDS[reason], prolonged_until
            contracts = self._cddi(
                person, start, min(approval.end_date, ceiling), stop_start, ground
            )
        else:
            contracts = self._short_contracts(
                person, contract_kind, start, approval.end_date, stop_start, stop_end, blocked
            )

        exit_date = None
        if scenario == EXITED:
            exit_date = self._end_of_path(contracts, contract_kind, stop_start)
        if scenario in (PASS_30, PASS_60) and rng.random() < 0.6:
            self._pending_request(approval, person)
        self._accompaniment(
            person, start=start, end=exit_date or today, hired=True, training=training
        )
        if exit_date is not None:
            if exit_date >= today - DAY * 20 and rng.random() < 0.35:
                return  # the contract ended a few days ago: the exit is still to record
            self._exit(person, approval, contracts, exit_date, suspended)

    def _exited_length(self, contract_kind: str) -> int:
        """Days from the first contract to the exit, for a path that ended."""
        roll = self.rng.random()
        if contract_kind == ContractKind.CDDI:
            spans = [(0.2, 14, 120), (0.7, 120, 400), (1, 400, 720)]
        elif contract_kind == ContractKind.MISSION:
            spans = [(0.35, 14, 120), (0.8, 120, 365), (1, 365, 720)]
        else:
            spans = [(0.3, 7, 90), (0.7, 90, 365), (1, 365, 720)]
        for threshold, low, high in spans:
            if roll < threshold:
                return self.rng.randint(low, high)
        return 365

    # --- PASS IAE --------------------------------------------------------------------------

    def _suspension(self, approval, person, contract_kind, first, last):
        """One suspension between first and last; returns its (start, end)."""
        rng = self.rng
        reasons = list(
            SUSPENSIONS_DURING_CONTRACT if contract_kind == ContractKind.CDDI else SUSPENSIONS
        )
        if not (person.sex == Sex.FEMALE and age_on(person.birth_date, first) <= 43):
            reasons.remove(SuspensionReason.MATERNITY)
        reason = rng.choice(reasons)
        low, high = SUSPENSIONS[reason]
        days = rng.randint(low, high)
        begin = self._between(first, last - DAY * days)
        end = begin + DAY * (days - 1)
        if end > last or end > calculations.suspension_max_end(begin):
            return None
        self.add(
            Suspension,
            approval_id=approval.id,
            start_date=begin,
            end_date=end,
            reason=reason,
            structure_id=self.structure.pk,
            created_by_id=self.referent.user_id,
        )
        return begin, end

    def _prolong(self, approval, person, reason) -> datetime.date:
        """One prolongation from the day after the PASS's end, for 6 to 12 months and
        within the path's cap; a prescriber's reason goes through an accepted request.
        Returns the new end."""
        rng, today = self.rng, self.today
        base_end = approval.end_date
        first = base_end + ONE_DAY
        per_decision = rule("pass.prolongation_months_per_decision", base_end)
        months = rng.randint(min(6, per_decision), per_decision)
        while months < per_decision and last_day_of_period(first, months=months) < today:
            months += 1  # the path still runs today
        end = last_day_of_period(first, months=months)
        rule_ = calculations.PROLONGATION_RULES[reason]
        if rule_.cap_key:
            cap = rule(rule_.cap_key, base_end)
            end = min(end, calculations.path_cap_end(approval.start_date, cap, 0))
        if reason == ProlongationReason.TRAINING:  # under way when the PASS was to end
            title, partner = rng.choice(QUALIFYING_TRAININGS)
            self.add(
                Action,
                person_id=person.id,
                kind=ActionKind.TRAINING,
                title=title,
                partner=partner,
                start_date=base_end - DAY * rng.randint(30, 150),
                end_date=end + DAY * rng.randint(0, 30),
                barrier_id=None,
            )
        request_id = None
        if rule_.decided_by_prescriber:
            requested_on = base_end - DAY * rng.randint(20, 75)
            decided_on = min(requested_on + DAY * rng.randint(5, 20), base_end, today)
            if reason == ProlongationReason.RQTH:
                decided_by = f"Cap emploi – département {self.place.departement}"
            else:
                decided_by = f"France Travail {self.place.name}"
            request_id = self.add(
                ProlongationRequest,
                approval_id=approval.id,
                reason=reason,
                end_date=end,
                prescriber=decided_by,
                requested_on=requested_on,
                status=RequestStatus.ACCEPTED,
                decided_on=decided_on,
                decision_note="Accord : le parcours se poursuit.",
                created_by_id=self.referent.user_id,
            ).id
        else:
            decided_by = f"{self.structure.name} (décision de la structure)"
        self.add(
            Prolongation,
            approval_id=approval.id,
            reason=reason,
            start_date=first,
            end_date=end,
            decided_by=decided_by[:200],
            request_id=request_id,
            created_by_id=self.referent.user_id,
        )
        approval.end_date = calculations.approval_end_date(
            approval.start_date, prolonged_days=(end - first).days + 1
        )
        return approval.end_date

    def _pending_request(self, approval, person) -> None:
        """A PASS ending soon: a request to a prescriber awaits the answer, when the file
        opens one of the prescriber's reasons."""
        requested_on = max(self.today - DAY * self.rng.randint(0, 20), approval.start_date)
        senior_age = rule("pass.prolongation_senior_age", requested_on)
        if age_on(person.birth_date, requested_on) >= senior_age:
            reason = ProlongationReason.SENIOR
        elif person.rqth:
            reason = ProlongationReason.RQTH
        elif self.kind in ("AI", "ACI"):
            reason = ProlongationReason.PARTICULAR_DIFFICULTIES
        else:
            return
        first = approval.end_date + ONE_DAY
        months = self.rng.choice([6, rule("pass.prolongation_months_per_decision", requested_on)])
        self.add(
            ProlongationRequest,
            approval_id=approval.id,
            reason=reason,
            end_date=last_day_of_period(first, months=months),
            prescriber=f"France Travail {self.place.name}"[:200],
            requested_on=requested_on,
            status=RequestStatus.PENDING,
            decided_on=None,
            created_by_id=self.referent.user_id,
        )

    # --- contracts -------------------------------------------------------------------------

    def _cddi(self, person, start, hard_end, stop_at, ground) -> list[_Row]:
        """One CDDI from the PASS's start, renewed until it covers `stop_at`, never past
        `hard_end` (the PASS's end, and 24 months unless on an extension ground)."""
        rng, kind = self.rng, self.kind
        months = rng.choice(CDDI_FIRST_MONTHS.get(kind, CDDI_FIRST_MONTHS["EI"]))
        ends = []
        while True:
            end = min(last_day_of_period(start, months=months), hard_end)
            ends.append(end)
            if end >= stop_at or end >= hard_end:
                break
            months += rng.choice([4, 6, 6, 12])
        low = rule("contract.cddi_min_weekly_hours", start)
        high = rule("contract.cddi_max_weekly_hours", start)
        if kind in CDDI_HOURS:
            weekly = Decimal(rng.choice(CDDI_HOURS[kind]))
        else:
            weekly = self._hours(low, high if kind != "AI" else 26)
        beyond = ends[-1] > last_day_of_period(
            start, months=rule("contract.cddi_max_months", start)
        )
        contract = self.add(
            Contract,
            person_id=person.id,
            structure_id=self.structure.pk,
            kind=ContractKind.CDDI,
            start_date=start,
            initial_end_date=ends[0],
            planned_end_date=ends[-1],
            weekly_hours=min(max(weekly, Decimal(low)), Decimal(high)),
            extension_ground=ground if beyond else "",
            early_end_date=None,
            early_end_reason="",
            created_by_id=self.referent.user_id,
        )
        for previous, new in itertools.pairwise(ends):
            self.add(
                ContractRenewal,
                contract_id=contract.id,
                previous_end_date=previous,
                new_end_date=new,
                signed_on=max(previous - DAY * rng.randint(3, 30), start),
            )
        return [contract]

    def _short_contracts(self, person, kind, start, hard_end, stop_start, stop_end, blocked):
        """AI placements (CDD d'usage) or ETTI missions one after the other, with gaps;
        none starts while the PASS is suspended (`blocked`)."""
        rng, today = self.rng, self.today
        if kind == ContractKind.MISSION:
            lengths = [14, 30, 30, 45, 61, 91, 122, 183]
            base = Decimal(35) if rng.random() < 0.7 else self._hours(20, 35)
        else:
            lengths = [7, 14, 30, 30, 30, 61, 61, 91]
            base = Decimal(rng.choice([6, 8, 10, 12, 15, 18, 20, 24, 26, 30, 35]))
        contracts = []
        day = start
        while day <= stop_start and day <= hard_end:
            if blocked and blocked[0] <= day <= blocked[1]:
                day = blocked[1] + ONE_DAY
                continue
            end = min(day + DAY * (rng.choice(lengths) - 1), hard_end, stop_end)
            if blocked and day < blocked[0] <= end:
                end = blocked[0] - ONE_DAY
            initial, signed_on = end, None
            if kind == ContractKind.MISSION and (end - day).days >= 45 and rng.random() < 0.3:
                first_term = day + DAY * rng.randint(14, (end - day).days - 14)
                signed_on = max(first_term - DAY * rng.randint(2, 10), day)
                if signed_on <= today:  # renewed before the first term, in the past
                    initial = first_term
            if kind == ContractKind.MISSION:
                hours = base
            else:
                hours = min(max(Decimal(4), base + rng.choice([-2, 0, 0, 0, 2, 4])), Decimal(35))
            contract = self.add(
                Contract,
                person_id=person.id,
                structure_id=self.structure.pk,
                kind=kind,
                start_date=day,
                initial_end_date=initial,
                planned_end_date=end,
                weekly_hours=hours,
                extension_ground="",
                early_end_date=None,
                early_end_reason="",
                created_by_id=self.referent.user_id,
            )
            if initial != end:
                self.add(
                    ContractRenewal,
                    contract_id=contract.id,
                    previous_end_date=initial,
                    new_end_date=end,
                    signed_on=signed_on,
                )
            contracts.append(contract)
            gap = rng.random()
            if gap < 0.4:
                skip = 0
            elif gap < 0.65:
                skip = rng.randint(1, 7)
            elif gap < 0.9:
                skip = rng.randint(8, 30)
            else:
                skip = rng.randint(31, 90)
            day = end + DAY * (1 + skip)
        return contracts

    def _end_of_path(self, contracts, contract_kind, target) -> datetime.date:
        """The exit date of an ended path: the last contract's end, at term or early."""
        rng, today = self.rng, self.today
        last = contracts[-1]
        self.category = _exit_category(rng)
        if contract_kind == ContractKind.CDDI:
            # The CDDI covers the length drawn for the path (`target`): the person stays to
            # its term, or leaves on that day.
            at_term = last.planned_end_date < today and (
                rng.random() < 0.5 or target >= last.planned_end_date
            )
            return last.planned_end_date if at_term else self._early(last, target)
        if rng.random() < 0.25 and last.planned_end_date > last.start_date:
            day = self._between(last.start_date, last.planned_end_date - ONE_DAY)
            return self._early(last, day)
        return last.planned_end_date

    def _early(self, contract, day) -> datetime.date:
        """End the contract early on `day`, with a reason that fits the exit."""
        day = max(min(day, contract.planned_end_date), contract.start_date)
        if day == contract.planned_end_date:
            return day
        reasons = EARLY_END_BY_CATEGORY[self.category]
        if self.category == ExitCategory.OTHER and (day - contract.start_date).days < 30:
            reasons = [EarlyEndReason.TRIAL]
        contract.early_end_date = day
        contract.early_end_reason = self.rng.choice(reasons)
        return day

    # --- exit ------------------------------------------------------------------------------

    def _exit(self, person, approval, contracts, exit_date, suspended) -> None:
        """The exit, counted or not exactly as services.exits computes it."""
        rng = self.rng
        periods = [
            calculations.WorkedPeriod(
                c.start_date,
                min(c.early_end_date or c.planned_end_date or exit_date, exit_date),
                c.weekly_hours,
            )
            for c in contracts
            if c.start_date <= exit_date
        ]
        result = calculations.counted_exit(self.kind, periods, exit_date)
        reasons = self.context.exit_reasons.get(self.category)
        # A few recent ones still wait for their reason (a work list shows them).
        reason = rng.choice(reasons) if reasons and rng.random() < 0.97 else None
        self.add(
            Exit,
            person_id=person.id,
            exit_date=exit_date,
            reason_id=reason,
            counted=result.counted,
            worked_months=(Decimal(result.worked_days) / Decimal("30.4375")).quantize(
                Decimal("0.01")
            ),
            worked_hours=result.worked_hours,
            notes="",
            created_by_id=self.referent.user_id,
        )
        # "Contract ended, the path may resume": the structure suspends the PASS from the
        # next day (services.exits with PassDecision.SUSPEND).
        first = exit_date + ONE_DAY
        if (
            self.category == ExitCategory.OTHER
            and rng.random() < 0.08
            and first <= approval.end_date
        ):
            end = min(approval.end_date, calculations.suspension_max_end(first))
            self.add(
                Suspension,
                approval_id=approval.id,
                start_date=first,
                end_date=end,
                reason=SuspensionReason.BROKEN_OFF,
                structure_id=self.structure.pk,
                created_by_id=self.referent.user_id,
            )
            approval.end_date = calculations.approval_end_date(
                approval.start_date, suspended_days=suspended + (end - first).days + 1
            )

    # --- accompaniment ---------------------------------------------------------------------

    def _accompaniment(self, person, *, start, end, hired, training=False) -> None:
        """Interviews, barriers and their timeline, actions, the commitment contract, from
        `start` (the hiring, or the first interview) to `end` (today or the exit)."""
        rng, today = self.rng, self.today
        end = min(end, today)
        conseiller = self.referent.user_id
        first = min(start, today)
        self.add(
            Interview,
            person_id=person.id,
            date=first,
            kind=InterviewKind.DIAGNOSTIC,
            notes=rng.choice(INTERVIEW_NOTES) if rng.random() < 0.5 else None,
            conseiller_id=conseiller,
        )
        last_review = first
        day = first + DAY * rng.randint(20, 45)
        while hired and day <= end:
            review = (day - last_review).days >= 180
            if review:
                last_review = day
            self.add(
                Interview,
                person_id=person.id,
                date=day,
                kind=InterviewKind.REVIEW if review else InterviewKind.FOLLOW_UP,
                notes=rng.choice(INTERVIEW_NOTES) if rng.random() < 0.4 else None,
                conseiller_id=conseiller,
            )
            day += DAY * rng.randint(30, 80)

        # Barriers: those the file points to, then others; one per category.
        categories = [
            category
            for flag, category in (
                (person.mobility_problem, BarrierCategory.MOBILITY),
                (person.housing in (Housing.HOMELESS, Housing.HOSTED), BarrierCategory.HOUSING),
                (person.french_level == FrenchLevel.BELOW_A1, BarrierCategory.LANGUAGE),
                (person.single_parent, BarrierCategory.CHILDCARE),
                (person.rqth, BarrierCategory.HEALTH),
                (person.leaving_detention, BarrierCategory.JUSTICE),
            )
            if flag and rng.random() < 0.8
        ]
        wanted = rng.choice([0, 1, 1, 1, 2, 2, 2, 3])
        while len(categories) < wanted:
            category = rng.choice(OTHER_BARRIERS)
            if category not in categories:
                categories.append(category)
        for category in categories[:4]:
            if rng.random() < 0.7:
                identified = first
            else:
                identified = self._between(first, min(end, first + DAY * 120))
            self._barrier(person, category, identified, end)
        if not hired:
            return

        # Professional actions: a short training, a work immersion.
        if rng.random() < 0.35 and not training:
            begin = self._between(start + DAY * 30, end)
            if begin <= end:
                title, partner = rng.choice(TRAININGS)
                self.add(
                    Action,
                    person_id=person.id,
                    kind=ActionKind.TRAINING,
                    title=title,
                    partner=partner,
                    start_date=begin,
                    end_date=begin + DAY * rng.randint(1, 20),
                    barrier_id=None,
                )
        if rng.random() < 0.2:
            begin = self._between(start + DAY * 45, end)
            if begin <= end:
                self.add(
                    Action,
                    person_id=person.id,
                    kind=ActionKind.PMSMP,
                    title="Immersion en entreprise (PMSMP)",
                    partner=rng.choice(PMSMP_HOSTS).format(c=self.place.name)[:200],
                    start_date=begin,
                    end_date=begin + DAY * rng.randint(4, 14),
                    barrier_id=None,
                )
        # The reciprocal commitment contract: signed in the first month, reviewed twice a year.
        signed = start + DAY * rng.randint(0, 30)
        if rng.random() < 0.87 and signed <= end:
            commitment = self.add(
                CommitmentContract,
                person_id=person.id,
                signed_on=signed,
                goals=" ; ".join(rng.sample(GOALS, k=rng.randint(2, 3))) + ".",
                structure_commitments=STRUCTURE_COMMITMENTS,
            )
            day = signed + DAY * rng.randint(150, 200)
            while day <= end:
                self.add(
                    CommitmentReview,
                    commitment_id=commitment.id,
                    date=day,
                    notes=rng.choice(REVIEW_NOTES),
                )
                day += DAY * rng.randint(150, 200)

    def _barrier(self, person, category, identified, end) -> None:
        """identified → in progress (with an action) → lifted, as far as `end` allows."""
        rng, by = self.rng, self.referent.user_id
        barrier = self.add(
            Barrier,
            person_id=person.id,
            category=category,
            status=BarrierStatus.IDENTIFIED,
            identified_on=identified,
            notes=BARRIER_NOTES[category] if rng.random() < 0.4 else None,
        )
        self.add(
            BarrierStatusChange,
            barrier_id=barrier.id,
            status=BarrierStatus.IDENTIFIED,
            date=identified,
            note="",
            by_id=by,
        )
        progress = identified + DAY * rng.randint(7, 60)
        if rng.random() >= 0.88 or progress > end:
            return  # still to work on: after 60 days, the work list shows it
        kind, title, partner = rng.choice(BARRIER_ACTIONS[category])
        barrier.status = BarrierStatus.IN_PROGRESS
        self.add(
            BarrierStatusChange,
            barrier_id=barrier.id,
            status=BarrierStatus.IN_PROGRESS,
            date=progress,
            note=f"Orientation : {partner}"[:250],
            by_id=by,
        )
        slow = category in SLOW_BARRIERS
        lifted = progress + DAY * rng.randint(30, 360 if slow else 240)
        running = end >= self.today  # the path goes on: the barrier may stay open
        done = lifted <= end and rng.random() < (0.45 if slow else 0.7) + (0 if running else 0.2)
        action_end = lifted if done else None
        if action_end is None and rng.random() < 0.5:
            action_end = progress + DAY * rng.randint(20, 120)
        self.add(
            Action,
            person_id=person.id,
            kind=kind,
            title=title,
            partner=partner,
            start_date=progress,
            end_date=action_end,
            barrier_id=barrier.id,
        )
        if done:
            barrier.status = BarrierStatus.LIFTED
            self.add(
                BarrierStatusChange,
                barrier_id=barrier.id,
                status=BarrierStatus.LIFTED,
                date=lifted,
                note="Frein levé.",
                by_id=by,
            )
        elif running and progress < end - DAY * 55 and rng.random() < 0.85:
            # Still worked on: the counsellor's latest step is recent (the others are
            # what the work list's "no action for 60 days" shows).
            kind, title, partner = rng.choice(BARRIER_ACTIONS[category])
            self.add(
                Action,
                person_id=person.id,
                kind=kind,
                title=f"Suite : {title[0].lower()}{title[1:]}",
                partner=partner,
                start_date=end - DAY * rng.randint(0, 55),
                end_date=None,
                barrier_id=barrier.id,
            )


# --- Entry point ----------------------------------------------------------------------------


class _Context:
    """What the structures' generators share: reference data read once, and the counters
    that keep numbers unique."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.territory = _Territory()
        self.nirs: set[str] = set()
        self.exit_reasons: dict[str, list[str]] = defaultdict(list)
        for code, category in ExitReason.objects.order_by("code").values_list("code", "category"):
            self.exit_reasons[category].append(code)
        last = Approval.objects.filter(number__startswith=APPROVAL_PREFIX).aggregate(
            last=Max("number")
        )["last"]
        self.serial = int(last[len(APPROVAL_PREFIX) :]) if last else 0

    def next_number(self) -> str:
        self.serial += 1
        return f"{APPROVAL_PREFIX}{self.serial:07d}"


def _staff(structure_ids: list[int]) -> tuple[dict, dict]:
    """Counsellors and directors of each structure, in a stable order."""
    counsellors, directors = defaultdict(list), defaultdict(list)
    for start in range(0, len(structure_ids), 500):
        rows = (
            StructureMembership.objects.filter(
                structure_id__in=structure_ids[start : start + 500],
                role__in=[StructureRole.CONSEILLER, StructureRole.DIRECTOR],
            )
            .order_by("structure_id", "user_id")
            .values_list("structure_id", "role", "user_id", "user__first_name", "user__last_name")
        )
        for structure_id, role, user_id, first, last in rows:
            target = counsellors if role == StructureRole.CONSEILLER else directors
            target[structure_id].append(_Staff(user_id, f"{first} {last}".strip()))
    return counsellors, directors


def _existing_people(structure_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(structure_ids), 500):
        counts.update(
            Person.objects.filter(structure_id__in=structure_ids[start : start + 500])
            .values("structure_id")
            .annotate(n=Count("pk"))
            .values_list("structure_id", "n")
        )
    return counts


def _scenarios(rng: random.Random, count: int) -> list[str]:
    """The scenarios of a structure's people: the forced ones when there is room (one per
    six people), the others drawn by weight, in a random order."""
    forced = FORCED[: count // 6] if count >= 8 else []
    drawn = forced + [_scenario(rng) for _ in range(count - len(forced))]
    rng.shuffle(drawn)
    return drawn


def seed_people(
    *,
    structures,
    seed: int,
    per_structure: int | None = None,
    progress=None,
    today: datetime.date | None = None,
) -> dict[str, int]:
    """People in insertion paths in each structure, with all their path holds; returns
    the number of rows created per kind of object.

    `per_structure` people in each structure, or, when None, a number drawn for its kind
    (AIs about 140, EIs about 45: about 115 on average, the network's 70 000 a year).
    `progress` is called with 1 after each structure. All or nothing."""
    today = today or datetime.date.today()
    structures = list(structures)
    ids = [s.pk for s in structures]
    counts: Counter = Counter()
    with transaction.atomic():
        context = _Context(today)
        counsellors, directors = _staff(ids)
        existing = _existing_people(ids)
        chunk = _Chunk()
        for structure in structures:
            rng = random.Random(f"people:{seed}:{structure.siret}:{existing.get(structure.pk, 0)}")
            if per_structure is None:
                count = max(5, round(MEAN_SIZE[structure.kind] * rng.uniform(0.5, 1.5)))
            else:
                count = per_structure
            staff = counsellors.get(structure.pk) or directors.get(structure.pk) or []
            place = context.territory.places.get(structure.commune_id) or _Place(
                structure.commune_id, "", "", 0
            )
            paths = _Paths(
                structure=structure,
                place=place,
                staff=staff,
                writer=(directors.get(structure.pk) or staff or [_Staff(None, "")])[0],
                context=context,
                rng=rng,
                chunk=chunk,
            )
            for scenario in _scenarios(rng, count):
                paths.path(scenario)
            if chunk.people >= FLUSH_PEOPLE:
                chunk.flush(counts)
            if progress:
                progress(1)
        chunk.flush(counts)
    return dict(counts)
