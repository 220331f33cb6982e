"""Demo network for `seed_demo`: deterministic, realistic, fast at 4 500 structures.

Bulk inserts on purpose: the services check one structure at a time, which is right for
people and wrong for generating a whole network; the generated values satisfy the same
rules (valid SIRET, commune, delegation) and a test checks them with full_clean."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum import luhn

from tremplin.accounts.models import (
    DelegationMembership,
    StructureMembership,
    StructureRole,
    User,
    UserKind,
)
from tremplin.accounts.security import two_factor_required
from tremplin.common.text import normalize_search

from .models import (
    Activity,
    Commune,
    Delegation,
    DuesRecord,
    DuesStatus,
    MembershipStatus,
    Region,
    Structure,
    StructureGroup,
    StructureKind,
)

DEMO_PASSWORD = "tremplin-demo"
DEMO_DOMAIN = "tremplin.test"
# The demo's accounts that must have a second factor share this published TOTP secret
# (base32 JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP), so that `make run` stays usable: add it to any
# authenticator app, or print the current code with `manage.py demo_totp_code`.
DEMO_TOTP_KEY = "48656c6c6f21deadbeef48656c6c6f21deadbeef"
DEMO_TOTP_DEVICE_NAME = "démo"

ACTIVITIES = [
    ("espaces-verts", "Espaces verts"),
    ("batiment", "Bâtiment, second œuvre"),
    ("proprete", "Propreté, nettoyage"),
    ("services-personne", "Services à la personne"),
    ("restauration", "Restauration collective"),
    ("recyclage", "Recyclage, réemploi"),
    ("maraichage", "Maraîchage biologique"),
    ("logistique", "Logistique, manutention"),
    ("transport", "Transport, mobilité"),
    ("industrie", "Industrie, sous-traitance"),
    ("accueil", "Accueil, secrétariat"),
    ("numerique", "Numérique"),
]

# The network's proportions (issue #2): home services are AI or EI structures of the
# Proxim'Services brand; "group" entries create a GES of two or three structures.
PROFILES = [
    ("AI", 60),
    ("ACI", 14),
    ("ETTI", 9),
    ("home", 9),
    ("EI", 3),
    ("group", 3),
    ("EITI", 2),
]

NAME_PATTERNS = {
    "AI": [
        "Association intermédiaire de {c}",
        "{c} Solidarité Emploi",
        "Passerelle {c}",
        "Trait d'union {c}",
        "Coup de main {c}",
        "Agir pour l'emploi {c}",
    ],
    "ACI": [
        "Les Jardins de {c}",
        "Chantier d'insertion de {c}",
        "Atelier du réemploi {c}",
        "Recyclerie de {c}",
    ],
    "ETTI": ["Intérim solidaire {c}", "Tremplin Intérim {c}", "ETTI {c} Emploi"],
    "EI": ["Entreprise d'insertion {c}", "{c} Services Bâtiment", "Net'{c}"],
    "EITI": ["Coopérative d'indépendants {c}", "Vélo-services {c}"],
    "home": ["Proxim'Services {c}", "Domicile Solidaire {c}"],
}
ACTIVITIES_BY_KIND = {
    "AI": ["espaces-verts", "proprete", "services-personne", "batiment", "logistique", "accueil"],
    "ACI": ["maraichage", "recyclage", "espaces-verts", "batiment", "restauration"],
    "ETTI": ["batiment", "logistique", "industrie", "transport", "proprete"],
    "EI": ["proprete", "batiment", "restauration", "recyclage", "numerique"],
    "EITI": ["transport", "numerique", "services-personne"],
    "home": ["services-personne", "proprete", "espaces-verts"],
}
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Fatima",
    "Aïcha",
    "Nathalie",
    "Sandrine",
    "Isabelle",
    "Sophie",
    "Julie",
    "Émilie",
    "Aurélie",
    "Marie",
    "Claire",
    "Lucie",
    "Yasmine",
    "Thomas",
    "Nicolas",
    "Julien",
    "Mehdi",
    "Karim",
    "Antoine",
    "Pierre",
    "Mathieu",
    "Sébastien",
    "Olivier",
    "David",
    "Laurent",
    "Stéphane",
    "Youssef",
    "Moussa",
    "Hugo",
    "Lucas",
    "Rémi",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Benali",
    "Diallo",
    "Traoré",
    "Nguyen",
    "Haddad",
    "Da Silva",
    "Ferreira",
    "Kaya",
    "Rahmani",
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "rue Victor Hugo",
    "place de la Mairie",
    "rue des Artisans",
    "chemin des Vignes",
    "rue du Moulin",
    "boulevard Pasteur",
    "rue de la Gare",
    "allée des Tilleuls",
    "zone artisanale des Prés",
]

# Delegations: one per metropolitan région, Corse with Provence-Alpes-Côte d'Azur, and one
# for the overseas régions.
DELEGATION_GROUPS = {"93": ["93", "94"], "OM": ["01", "02", "03", "04", "06"]}


@dataclass
class DemoNetwork:
    structures: list[Structure] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    groups: int = 0


SERIALS = 10**7  # the SIREN's 7 digits after the demo's leading 8


def siret_for(number: int) -> str:
    """A valid 14-digit SIRET from a serial number: Luhn keys on the SIREN and on the SIRET.
    Serials wrap at SERIALS: a large seed (× 100 000) once made 16-digit SIRETs."""
    siren = f"8{number % SERIALS:07d}"
    siren += luhn.calc_check_digit(siren)
    base = siren + "0001"  # NIC: 4 digits and the SIRET's own Luhn key
    return base + luhn.calc_check_digit(base)


def ensure_reference_data() -> list[Delegation]:
    for code, name in ACTIVITIES:
        Activity.objects.get_or_create(code=code, defaults={"name": name})
    grouped = {code for codes in DELEGATION_GROUPS.values() for code in codes}
    wanted: list[tuple[str, list[str]]] = []
    for region in Region.objects.order_by("code"):
        if region.code in grouped:
            continue
        wanted.append((f"Délégation {region.name}", [region.code]))
    wanted.append(("Délégation Sud – Corse", DELEGATION_GROUPS["93"]))
    wanted.append(("Délégation Outre-mer", DELEGATION_GROUPS["OM"]))
    delegations = []
    for name, regions in wanted:
        delegation, created = Delegation.objects.get_or_create(name=name)
        if created:
            delegation.regions.set(Region.objects.filter(code__in=regions))
        delegations.append(delegation)
    return delegations


class _CommunePicker:
    """Communes drawn in proportion to their population (real places, real weights)."""

    def __init__(self, rng: random.Random):
        rows = list(
            Commune.objects.filter(population__gt=0, latitude__isnull=False)
            .values_list(
                "code", "name", "population", "latitude", "longitude", "departement__region_id"
            )
            .order_by("code")
        )
        self.rows = rows
        self.cumulative = list(itertools.accumulate(row[2] for row in rows))
        self.rng = rng

    def pick(self):
        return self.rows[bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]


def seed_network(*, count: int, seed: int, progress=None) -> DemoNetwork:
    rng = random.Random(seed)
    delegations = ensure_reference_data()
    delegation_by_region = {
        region_id: delegation_id
        for delegation_id, region_id in Delegation.regions.through.objects.values_list(
            "delegation_id", "region_id"
        )
    }
    activities = {a.code: a for a in Activity.objects.all()}
    picker = _CommunePicker(rng)
    password = make_password(DEMO_PASSWORD)  # hashed once: thousands of demo accounts
    first_serial = Structure.objects.count() + seed * 100_000
    # Wrapped serials may meet another seed's: skip the SIRETs already taken.
    taken_sirets = set(Structure.objects.values_list("siret", flat=True))
    serial_offset = 0
    today = datetime.date.today()
    # Names already taken: a second seeding adds to the network instead of failing.
    names = set(Structure.objects.values_list("name", flat=True))
    names |= set(StructureGroup.objects.values_list("name", flat=True))
    kinds, weights = [p for p, _w in PROFILES], [w for _p, w in PROFILES]

    structures, pending_activities, group_members = [], [], []
    while len(structures) < count:
        profile = rng.choices(kinds, weights)[0]
        members = (
            [rng.choice(["ACI", "EI", "ETTI", "AI"]) for _ in range(rng.randint(2, 3))]
            if (profile == "group")
            else [profile]
        )
        members = members[: count - len(structures)]
        code, commune_name, _pop, lat, lon, region = picker.pick()
        batch = []
        for member in members:
            kind = (
                "AI"
                if member == "home" and rng.random() < 0.7
                else ("EI" if member == "home" else member)
            )
            pattern = rng.choice(NAME_PATTERNS[member])
            name = pattern.format(c=commune_name)
            suffix = 2
            while name in names:
                name, suffix = f"{pattern.format(c=commune_name)} {suffix}", suffix + 1
            names.add(name)
            serial = first_serial + len(structures) + serial_offset
            while siret_for(serial) in taken_sirets:
                serial_offset += 1
                serial += 1
            taken_sirets.add(siret_for(serial))
            # Structures sit near their town hall, a few hundred metres apart.
            structure = Structure(
                name=name,
                search_name=normalize_search(name),
                siret=siret_for(serial),
                kind=kind,
                is_home_services=member == "home",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                commune_id=code,
                latitude=round(lat + rng.uniform(-0.01, 0.01), 5),
                longitude=round(lon + rng.uniform(-0.01, 0.01), 5),
                description="",
                email=f"contact{serial}@{DEMO_DOMAIN}",
                phone=f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                delegation_id=delegation_by_region.get(region, delegations[0].pk),
                member_since=today.replace(
                    year=rng.randint(1994, today.year - 1), month=rng.randint(1, 12), day=1
                ),
                membership_status=rng.choices(
                    [MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.LEFT],
                    [95, 2, 3],
                )[0],
            )
            structures.append(structure)
            batch.append(structure)
            pending_activities.append(rng.sample(ACTIVITIES_BY_KIND[member], k=rng.randint(1, 3)))
        if profile == "group":
            group_name = f"Groupe économique solidaire de {commune_name}"
            while group_name in names:
                group_name += " bis"
            names.add(group_name)
            group_members.append((group_name, batch))

    Structure.objects.bulk_create(structures, batch_size=1000)
    Through = Structure.activities.through
    Through.objects.bulk_create(
        [
            Through(structure_id=s.pk, activity_id=activities[c].pk)
            for s, codes in zip(structures, pending_activities, strict=True)
            for c in codes
        ],
        batch_size=5000,
    )
    for name, members in group_members:
        group = StructureGroup.objects.create(name=name)
        Structure.objects.filter(pk__in=[s.pk for s in members]).update(group=group)
    DuesRecord.objects.bulk_create(
        [
            DuesRecord(
                structure_id=s.pk,
                year=today.year,
                amount=Decimal(rng.choice([450, 900, 1800])),
                status=rng.choices(
                    [DuesStatus.PAID, DuesStatus.CALLED, DuesStatus.LATE], [70, 20, 10]
                )[0],
            )
            for s in structures
            if s.membership_status != MembershipStatus.LEFT
        ],
        batch_size=2000,
    )

    users, memberships = [], []
    for index, structure in enumerate(structures):
        roles = [StructureRole.DIRECTOR, StructureRole.CONSEILLER]
        if structure.kind in (StructureKind.AI, StructureKind.ETTI) or structure.is_home_services:
            roles.append(StructureRole.PLANNER)
        if rng.random() < 0.5:
            roles.append(StructureRole.ACCOUNTANT)
        for role in roles:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            user = User(
                email=f"{normalize_search(first).replace(' ', '-')}.{normalize_search(last).replace(' ', '-')}"
                f".{first_serial + index}.{role}@{DEMO_DOMAIN}",
                first_name=first,
                last_name=last,
                kind=UserKind.STRUCTURE_STAFF,
                password=password,
            )
            users.append(user)
            memberships.append((user, structure, role))
        if progress:
            progress(1)
    User.objects.bulk_create(users, batch_size=2000)
    StructureMembership.objects.bulk_create(
        [StructureMembership(user_id=u.pk, structure_id=s.pk, role=r) for u, s, r in memberships],
        batch_size=2000,
    )
    return DemoNetwork(structures=structures, users=users, groups=len(group_members))


DEMO_ACCOUNTS = [
    # login, label, kind, first name, membership role on the first structures
    (
        "direction",
        "Directrice (2 structures)",
        UserKind.STRUCTURE_STAFF,
        "Danielle",
        StructureRole.DIRECTOR,
    ),
    (
        "conseiller",
        "Conseiller en insertion",
        UserKind.STRUCTURE_STAFF,
        "Karim",
        StructureRole.CONSEILLER,
    ),
    ("planning", "Chargée de planning", UserKind.STRUCTURE_STAFF, "Paula", StructureRole.PLANNER),
    ("compta", "Comptable", UserKind.STRUCTURE_STAFF, "Chantal", StructureRole.ACCOUNTANT),
    ("salarie", "Salarié en parcours", UserKind.EMPLOYEE, "Samir", StructureRole.EMPLOYEE),
    ("particulier", "Particulier (client)", UserKind.HOUSEHOLD, "Hélène", StructureRole.CLIENT),
    ("delegue", "Délégué régional", UserKind.DELEGATE, "Denis", None),
    ("federation", "Équipe fédérale (et administration)", UserKind.FEDERATION, "Fanny", None),
    ("auditeur", "Auditeur (audits à venir)", UserKind.AUDITOR, "Alain", None),
]


def demo_accounts_create(network: DemoNetwork) -> None:
    """One account per role on the first two active structures; the director has both,
    to show the structure switcher."""
    password = make_password(DEMO_PASSWORD)
    active = [s for s in network.structures if s.membership_status == MembershipStatus.ACTIVE]
    first, second = active[0], active[1]
    for login, label, kind, first_name, role in DEMO_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            email=f"{login}@{DEMO_DOMAIN}",
            defaults={
                "kind": kind,
                "first_name": first_name,
                "last_name": label.split(" (")[0],
                "password": password,
                "is_staff": kind == UserKind.FEDERATION,
            },
        )
        if role:
            for structure in (first, second) if role == StructureRole.DIRECTOR else (first,):
                StructureMembership.objects.update_or_create(
                    user=user, structure=structure, defaults={"role": role}
                )
        if kind == UserKind.DELEGATE:
            DelegationMembership.objects.get_or_create(user=user, delegation_id=first.delegation_id)
        if two_factor_required(user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEMO_TOTP_DEVICE_NAME,
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )


def demo_totp_secret() -> str:
    """The demo's TOTP secret as authenticator apps ask for it (base32)."""
    from base64 import b32encode

    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_accounts_describe() -> list[tuple[str, str, str]]:
    """(label, email, where) of the demo accounts, as they stand in the database."""
    emails = [f"{login}@{DEMO_DOMAIN}" for login, *_rest in DEMO_ACCOUNTS]
    users = {
        u.email: u
        for u in User.objects.filter(email__in=emails).prefetch_related(
            "structure_memberships__structure", "delegation_memberships__delegation"
        )
    }
    rows = []
    for (_login, label, kind, _first, _role), email in zip(DEMO_ACCOUNTS, emails, strict=True):
        user = users.get(email)
        if user is None:
            continue
        places = [m.structure.name for m in user.structure_memberships.all()]
        places += [m.delegation.name for m in user.delegation_memberships.all()]
        if kind == UserKind.FEDERATION:
            places = ["tout le réseau"]
        rows.append((label, email, ", ".join(places) or "—"))
    return rows
