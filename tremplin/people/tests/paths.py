"""A person with one record of every kind of their path, built straight in the database
(the rules of each step are tested with their services; these tests read the records)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tremplin.people.models import (
    Action,
    Approval,
    Barrier,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    Contract,
    ContractRenewal,
    Diagnosis,
    DiagnosisCriterion,
    Exit,
    ExitReason,
    Interview,
    Person,
    Prolongation,
    ProlongationRequest,
    Suspension,
)
from tremplin.people.services.persons import nir_hash

D = datetime.date
NIR = "290057512301590"
ENTRY, EXIT = D(2019, 3, 4), D(2020, 9, 30)


@dataclass
class FullPath:
    person: Person
    approval: Approval
    contract: Contract
    exit: Exit


def full_path(world, *, entry=ENTRY, exit_on=EXIT, structure=None, **fields):
    structure = structure or world.own
    conseiller = world.user("conseiller")
    identity = {
        "last_name": "Zéphyrin",
        "first_names": "Aurélie",
        "sex": "F",
        "birth_date": D(1994, 8, 23),
        "nir": NIR,
        "email": "aurelie.zephyrin@example.org",
        "phone": "0612345678",
        "address": "3 impasse des Lilas",
        "rsa_since": D(2017, 1, 1),
        "rqth": True,
        "leaving_detention": True,
        "refugee": True,
        "qpv": True,
        "education_level": "VI",
        "job_seeker_since": D(2016, 6, 1),
    }
    identity.update(fields)
    person = Person.objects.create(
        structure=structure,
        search_name=identity["last_name"].lower(),
        nir_hash=nir_hash(identity["nir"] or ""),
        conseiller=conseiller,
        **identity,
    )
    diagnosis = Diagnosis.objects.create(
        person=person,
        author_kind="employer",
        author_name="Karim",
        made_on=entry - datetime.timedelta(days=10),
        expires_on=entry + datetime.timedelta(days=80),
    )
    DiagnosisCriterion.objects.create(diagnosis=diagnosis, criterion="l2_refugee")
    approval = Approval.objects.create(
        person=person,
        number=f"99999{person.pk:07d}",
        start_date=entry,
        end_date=entry + datetime.timedelta(days=729),
    )
    Suspension.objects.create(
        approval=approval,
        start_date=D(2019, 6, 1),
        end_date=D(2019, 6, 30),
        reason="sickness",
        structure=structure,
    )
    request = ProlongationRequest.objects.create(
        approval=approval,
        reason="rqth",
        end_date=D(2022, 3, 1),
        prescriber="Cap emploi",
        requested_on=D(2020, 1, 10),
        status="accepted",
        decision_note="Accord du prescripteur",
    )
    Prolongation.objects.create(
        approval=approval,
        reason="rqth",
        start_date=D(2021, 3, 3),
        end_date=D(2022, 3, 1),
        decided_by="Cap emploi",
        request=request,
    )
    contract = Contract.objects.create(
        person=person,
        structure=structure,
        kind="cddi",
        start_date=entry,
        planned_end_date=exit_on,
        weekly_hours=Decimal(26),
    )
    ContractRenewal.objects.create(
        contract=contract,
        previous_end_date=D(2019, 12, 31),
        new_end_date=exit_on,
        signed_on=D(2019, 12, 1),
    )
    Interview.objects.create(
        person=person,
        date=entry,
        kind="diagnostic",
        notes="Parle de son suivi psychiatrique",
        conseiller=conseiller,
    )
    barrier = Barrier.objects.create(
        person=person, category="health", identified_on=entry, notes="Traitement lourd"
    )
    BarrierStatusChange.objects.create(
        barrier=barrier, status="in_progress", date=D(2019, 5, 1), note="RDV CMP", by=conseiller
    )
    Action.objects.create(
        person=person,
        kind="training",
        title="Formation CACES",
        partner="AFPA Vénissieux",
        start_date=D(2019, 9, 1),
        barrier=barrier,
    )
    commitment = CommitmentContract.objects.create(
        person=person, signed_on=entry, goals="Retrouver un logement", structure_commitments="x"
    )
    CommitmentReview.objects.create(commitment=commitment, date=D(2020, 3, 1), notes="Avance bien")
    exit_ = Exit.objects.create(
        person=person,
        exit_date=exit_on,
        reason=ExitReason.objects.filter(category="durable").first(),
        counted=True,
        worked_months=Decimal(18),
        notes="Embauchée en CDI chez un client",
    )
    return FullPath(person=person, approval=approval, contract=contract, exit=exit_)
