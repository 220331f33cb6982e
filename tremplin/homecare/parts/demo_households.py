"""Demo data of the homecare part « households » (called by homecare/demo.py in order).

The first two active structures' household clients (made by the missions demo, with a year
of interventions) get their household file: people at home, access instructions, usual
intervenants (those who came most), an APA for some, a quote accepted and the contract that
followed; the demo `particulier` account becomes the household of the first structure's
client with the most interventions, with a new quote to accept and a message sent."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db.models import Count

from tremplin.accounts.models import StructureMembership, StructureRole, User
from tremplin.missions.models import Assignment, Client, ClientKind, PriceItem
from tremplin.missions.services.clients import client_account_link
from tremplin.network.demo import DEMO_DOMAIN, FIRST_NAMES
from tremplin.network.models import MembershipStatus

from ..models import Household, HouseholdMember, HouseholdMessage, Service
from ..services import households as household_services
from ..services import quotes as quote_services

DEMO_STRUCTURES = 2
ACCESS = (
    "Code du portail 4521B, 2e étage gauche.",
    "Boîte à clés à droite de la porte, code 1984. Chat craintif : fermer la porte.",
    "Sonner deux fois ; Mme se déplace lentement.",
    "Clé chez la voisine du rez-de-chaussée (Mme Roux).",
)


def _planner(structure):
    membership = (
        StructureMembership.objects.filter(
            structure=structure, role__in=(StructureRole.PLANNER, StructureRole.DIRECTOR)
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else None


def _service(structure) -> Service | None:
    """The catalogue's housework service (the sap part's demo makes the catalogue); one of
    the structure's own price when there is none yet."""
    service = (
        Service.objects.filter(structure=structure, is_active=True)
        .order_by("activity", "pk")
        .first()
    )
    if service is not None:
        return service
    work = structure.activities.first()
    if work is None:
        return None
    price = PriceItem.objects.filter(structure=structure, activity=work).first()
    return Service.objects.create(
        structure=structure,
        name="Ménage et repassage",
        activity="menage",
        mode="mise_a_disposition" if structure.kind == "AI" else "prestataire",
        work_activity=work,
        price_excl_vat=price.hourly_rate if price else Decimal(22),
        tax_mention="Crédit d'impôt de 50 % des sommes versées (art. 199 sexdecies du CGI).",
    )


def seed(*, structures, seed: int, today) -> dict[str, int]:
    rng = random.Random(seed + 11)
    counts = {"households": 0, "quotes": 0, "household_contracts": 0}
    active = [s for s in structures if s.membership_status == MembershipStatus.ACTIVE]
    for structure in active[:DEMO_STRUCTURES]:
        planner = _planner(structure)
        service = _service(structure)
        if planner is None or service is None:
            continue
        clients = Client.objects.filter(
            structure=structure, kind=ClientKind.HOUSEHOLD, household__isnull=True
        ).order_by("pk")
        for client in clients:
            _household(client, planner, service, rng, today, counts)
    _link_particulier(active[:1], today, counts)
    return counts


def _household(client, planner, service, rng, today, counts) -> None:
    structure = client.structure
    household = Household.objects.create(
        client=client, structure=structure, access_instructions=rng.choice(ACCESS)
    )
    counts["households"] += 1
    last_name = client.name.split(" ", 1)[-1]
    HouseholdMember.objects.create(
        household=household,
        first_name=client.name.split(" ", 1)[0],
        last_name=last_name,
        relation="beneficiary",
        birth_date=datetime.date(rng.randint(1935, 1985), rng.randint(1, 12), rng.randint(1, 28)),
    )
    if rng.random() < 0.4:
        HouseholdMember.objects.create(
            household=household,
            first_name=rng.choice(FIRST_NAMES),
            last_name=last_name,
            relation="child",
            birth_date=today.replace(year=today.year - rng.randint(3, 15), day=1),
            is_dependent=True,
        )
    if rng.random() < 0.3:
        household_services.financing_add(
            actor=planner,
            household=household,
            kind="apa",
            funder=f"Conseil départemental ({structure.commune.departement_id})",
            departement=structure.commune.departement,
            hours_per_month=Decimal(rng.choice([10, 15, 22])),
            reference=f"APA-{client.pk:05d}",
            starts_on=today.replace(day=1) - datetime.timedelta(days=300),
        )
    regulars = (
        Assignment.objects.filter(request__client=client)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n")[:2]
    )
    household.usual_intervenants.set([row["person"] for row in regulars])
    # The quote of a year ago, accepted on paper, and the contract that followed.
    sent_on = today - datetime.timedelta(days=380)
    quote = quote_services.quote_create(
        actor=planner, household=household, description="Ménage hebdomadaire à domicile."
    )
    quote_services.quote_line_add(
        actor=planner,
        quote=quote,
        service=service,
        quantity=Decimal(rng.choice([8, 12, 16])),
        interventions=4,
    )
    quote_services.quote_send(actor=planner, quote=quote, today=sent_on)
    signed_on = sent_on + datetime.timedelta(days=rng.randint(2, 10))
    quote_services.quote_accept_paper(actor=planner, quote=quote, signed_on=signed_on)
    quote_services.contract_sign(
        actor=planner,
        household=household,
        quote=quote,
        signed_on=signed_on,
        starts_on=signed_on + datetime.timedelta(days=3),
    )
    counts["quotes"] += 1
    counts["household_contracts"] += 1


def _link_particulier(first, today, counts) -> None:
    user = User.objects.filter(email=f"particulier@{DEMO_DOMAIN}").first()
    if user is None or not first or Client.objects.filter(user=user).exists():
        return
    structure = first[0]
    household = (
        Household.objects.filter(structure=structure)
        .annotate(interventions=Count("client__requests__assignments"))
        .order_by("-interventions", "pk")
        .select_related("client")
        .first()
    )
    planner = _planner(structure)
    service = _service(structure)
    if household is None or planner is None or service is None:
        return
    client_account_link(actor=planner, client=household.client, user=user)
    # A new quote to accept in the household's space: an extra weekly hour.
    quote = quote_services.quote_create(
        actor=planner,
        household=household,
        description="Une heure de plus le vendredi, pour le repassage.",
        asked_by_household=True,
    )
    quote_services.quote_line_add(
        actor=planner, quote=quote, service=service, quantity=Decimal(4), interventions=4
    )
    quote_services.quote_send(actor=planner, quote=quote, today=today - datetime.timedelta(days=2))
    HouseholdMessage.objects.create(
        household=household,
        author=user,
        body="Bonjour, je serai absente le mardi 24 ; pouvez-vous décaler l'intervention ?",
    )
    counts["quotes"] += 1
