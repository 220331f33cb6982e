"""What the demo paths are drawn from: weights, names, texts, communes and staff."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass

from tremplin.network.models import Commune

from ..models import (
    ActionKind,
    BarrierCategory,
    EarlyEndReason,
    ExitCategory,
    FrenchLevel,
    Housing,
    ProlongationReason,
    Sex,
    SuspensionReason,
)

DAY = datetime.timedelta(days=1)

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
