"""The demo's records of the training part « catalogue »: eight courses for the staff of
the structures and the employees in their paths, sessions over the year (past, done; coming,
open), registrations from the demo structures — the demo employee in a past and a coming
session — and a waiting list on one full session. Rows are written in bulk (no convocation
is queued for the demo); the employees' trainings go on their paths through people's
service, as a registration does."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tremplin.accounts.models import STAFF_ROLES, StructureMembership, User, UserKind
from tremplin.people.models import Person
from tremplin.people.services.accompaniment import training_action_save
from tremplin.training.models import (
    Course,
    HalfDay,
    Registration,
    SessionStatus,
    TrainingSession,
)
from tremplin.training.services.registrations import PARTNER

AM = (datetime.time(9), datetime.time(12, 30))
PM = (datetime.time(13, 30), datetime.time(17))
COMMON = {
    "assessment": "Positionnement à l'entrée, évaluation des acquis en fin de session (quiz et "
    "mise en situation), questionnaire de satisfaction à chaud et à froid.",
    "access_conditions": "Inscription par la structure adhérente auprès du service formation ; "
    "entretien préalable si besoin pour adapter le parcours.",
    "access_delay": "Inscription jusqu'à 10 jours avant le début de la session.",
    "accessibility": "Salles accessibles aux personnes à mobilité réduite. Le référent handicap "
    "du service formation étudie avec chaque stagiaire les adaptations utiles.",
}
# (code, title, audience, days, price, certification codes, objectives, prerequisites, methods)
COURSES = (
    (
        "accompagner-emploi",
        "Accompagner vers l'emploi",
        "staff",
        3,
        "690",
        "",
        "Conduire les entretiens de suivi, construire un parcours avec le salarié, mobiliser les "
        "partenaires de l'emploi.",
        "Exercer une fonction d'accompagnement en SIAE.",
        "Apports, études de cas issus des structures, jeux de rôle filmés.",
    ),
    (
        "sst",
        "Sauveteur secouriste du travail",
        "both",
        2,
        "250",
        "RS727",
        "Intervenir face à une situation d'accident du travail et contribuer à la prévention des "
        "risques dans l'entreprise.",
        "Aucun.",
        "Démonstrations et mises en situation pratiques (mannequins, défibrillateur).",
    ),
    (
        "savoirs-base",
        "Savoirs de base",
        "insertion",
        4,
        "480",
        "",
        "Renforcer la lecture, l'écriture et le calcul utiles au poste de travail et à la vie "
        "quotidienne.",
        "Aucun ; un positionnement écrit et oral ouvre la formation.",
        "Petits groupes, supports issus des situations de travail, pédagogie différenciée.",
    ),
    (
        "encadrant-technique",
        "Encadrant technique d'insertion : les fondamentaux",
        "staff",
        3,
        "720",
        "",
        "Organiser la production tout en transmettant les gestes professionnels et "
        "en repérant les freins des salariés.",
        "Encadrer une équipe de salariés en parcours.",
        "Analyse de pratiques, observation en chantier, apports méthodologiques.",
    ),
    (
        "gestes-postures",
        "Gestes et postures au travail",
        "insertion",
        1,
        "140",
        "",
        "Prévenir les troubles musculo-squelettiques par des gestes et postures adaptés aux "
        "métiers de l'entretien, du bâtiment et de l'aide à domicile.",
        "Aucun.",
        "Exercices pratiques sur postes reconstitués.",
    ),
    (
        "numerique",
        "Premiers pas numériques",
        "insertion",
        2,
        "220",
        "RS6252",
        "Utiliser un smartphone et un ordinateur pour les démarches en ligne, la messagerie et "
        "la recherche d'emploi.",
        "Aucun.",
        "Ateliers sur matériel fourni, pas à pas, un formateur pour six stagiaires.",
    ),
    (
        "cedre-qualite",
        "Le référentiel CEDRE au quotidien",
        "staff",
        1,
        "260",
        "",
        "S'approprier les exigences du référentiel CEDRE et préparer l'audit de la structure.",
        "Être impliqué dans la démarche qualité de la structure.",
        "Apports, auto-évaluation guidée sur les pratiques de la structure.",
    ),
    (
        "hygiene-entretien",
        "Hygiène et techniques d'entretien des locaux",
        "insertion",
        2,
        "260",
        "",
        "Appliquer les protocoles d'hygiène, choisir les produits et le matériel adaptés, "
        "travailler en sécurité.",
        "Aucun.",
        "Démonstrations et pratique sur plateau technique.",
    ),
)
# Sessions of each course, in days from today: two past, one or two coming.
OFFSETS = (
    (-200, -60, 25),
    (-150, -20, 18, 70),
    (-120, -35, 12),
    (-90, 40),
    (-45, 9, 55),
    (-75, 30),
    (-100, 21),
    (-60, 14, 80),
)


def _courses() -> list[Course]:
    made = []
    for code, title, audience, days, price, codes, objectives, prerequisites, methods in COURSES:
        course, _ = Course.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "audience": audience,
                "objectives": objectives,
                "prerequisites": prerequisites,
                "duration_hours": Decimal(7 * days),
                "methods": methods,
                "price_per_trainee_excl_vat": Decimal(price),
                "certification_codes": codes,
                "is_published": True,
                **COMMON,
            },
        )
        course.days = days
        made.append(course)
    return made


def _workdays(start: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def seed(*, structures, seed: int, today) -> dict[str, int]:
    if TrainingSession.objects.exists():
        return {}
    rng = random.Random(seed + 12)
    courses = _courses()
    trainers = list(User.objects.filter(kind=UserKind.FEDERATION, is_active=True)[:2])
    demo_structures = list(structures)[:6]
    staff = list(
        StructureMembership.objects.filter(
            structure__in=demo_structures, role__in=STAFF_ROLES
        ).select_related("user")
    )
    people = list(
        Person.objects.filter(structure__in=demo_structures, exits__isnull=True, user__isnull=True)
        .order_by("structure_id", "pk")
        .distinct()[:120]
    )
    demo_employee = Person.objects.filter(user__email__startswith="salarie@").first()
    sessions, half_days = [], []
    for course, offsets in zip(courses, OFFSETS, strict=True):
        for offset in offsets:
            start = today + datetime.timedelta(days=offset)
            days = _workdays(start, course.days)
            structure = rng.choice(demo_structures)
            remote = course.code == "numerique" and offset > 0
            session = TrainingSession(
                course=course,
                capacity=8 if course.code == "sst" else 12,
                is_remote=remote,
                remote_link="https://visio.example.org/formation-numerique" if remote else "",
                commune=None if remote else structure.commune,
                place="" if remote else "Centre de formation de la fédération",
                status=SessionStatus.DONE if days[-1] < today else SessionStatus.PLANNED,
                starts_on=days[0],
                ends_on=days[-1],
            )
            session.days = days
            sessions.append(session)
    TrainingSession.objects.bulk_create(sessions)
    for session in sessions:
        session.trainers.set(trainers)
        half_days += [
            HalfDay(session=session, date=day, part=part, starts_at=times[0], ends_at=times[1])
            for day in session.days
            for part, times in (("am", AM), ("pm", PM))
        ]
    HalfDay.objects.bulk_create(half_days)
    registrations, actions = [], []
    # The coming SST session is full, with two on its waiting list.
    full = next(s for s in sessions if s.course.code == "sst" and s.starts_on > today)
    taken: set[tuple[int, int]] = set()
    for session in sessions:
        audience = session.course.audience
        count = session.capacity + 2 if session is full else rng.randint(3, 7)
        placed = 0
        for _attempt in range(count + 4):
            if placed == count:
                break
            insertion = audience == "insertion" or (audience == "both" and rng.random() < 0.5)
            waiting = placed >= session.capacity
            row = Registration(
                session=session,
                status="waiting" if waiting else "confirmed",
                waiting_rank=placed - session.capacity + 1 if waiting else None,
            )
            if insertion and people:
                person = rng.choice(people)
                if (session.pk, person.pk) in taken:
                    continue
                taken.add((session.pk, person.pk))
                row.category, row.person = "insertion", person
                row.structure_id = person.structure_id
                row.first_name, row.last_name = person.first_names, person.last_name
                row.email = person.email or ""
            elif staff:
                member = rng.choice(staff)
                row.category, row.structure_id = "staff", member.structure_id
                row.trainee_user = member.user
                row.first_name = member.user.first_name or "Permanent"
                row.last_name = member.user.last_name or "Structure"
                row.email = member.user.email
            else:
                break
            registrations.append(row)
            placed += 1
    if demo_employee is not None:
        # The demo employee: a past training and a coming one (courses open to them).
        open_to_them = [s for s in sessions if s.course.audience != "staff" and s is not full]
        for session in (
            next(s for s in open_to_them if s.ends_on < today),
            next(s for s in open_to_them if s.starts_on > today),
        ):
            registrations.append(
                Registration(
                    session=session,
                    structure_id=demo_employee.structure_id,
                    category="insertion",
                    person=demo_employee,
                    trainee_user=demo_employee.user,
                    first_name=demo_employee.first_names,
                    last_name=demo_employee.last_name,
                    email=demo_employee.user.email,
                    status="confirmed",
                )
            )
            taken.add((session.pk, demo_employee.pk))
    Registration.objects.bulk_create(registrations)
    for row in registrations:
        if row.person_id and row.status == "confirmed":
            action = training_action_save(
                person=row.person,
                title=row.session.course.title,
                partner=PARTNER,
                start_date=row.session.starts_on,
                end_date=row.session.ends_on,
            )
            row.path_action = action
            actions.append(row)
    Registration.objects.bulk_update(actions, ["path_action"])
    TrainingSession.objects.filter(pk=full.pk).update(status=SessionStatus.FULL)
    return {
        "courses": len(courses),
        "training_sessions": len(sessions),
        "registrations": len(registrations),
    }
