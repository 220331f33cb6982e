"""Retention: notice first, anonymisation after the period, at its boundary."""

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tremplin.people import subject_access
from tremplin.people.models import AccessEvent, Contract, Interview, Person, RetentionNotice
from tremplin.people.selectors import work_list
from tremplin.people.services.retention import anonymise_expired, substitute_birth_date
from tremplin.people.tests.paths import NIR, full_path

D = datetime.date
# The path ends on 30 September 2020; kept 5 years (rules table): until 30 September 2025.
EXIT = D(2020, 9, 30)
PERIOD_END = D(2025, 9, 30)


@pytest.fixture
def path(world, settings):
    settings.RETENTION_NOTICE_DAYS = 30
    return full_path(world, exit_on=EXIT)


def _anonymised(person) -> bool:
    return Person.objects.get(pk=person.pk).last_name == "Anonyme"


def test_the_structure_is_told_before_anything_is_erased(world, path):
    assert anonymise_expired(today=D(2025, 8, 31)).notified == 0
    result = anonymise_expired(today=D(2025, 9, 1))
    assert (result.notified, result.anonymised) == (1, 0)
    notice = RetentionNotice.objects.get(person=path.person)
    assert (notice.due_on, notice.notified_on) == (D(2025, 10, 1), D(2025, 9, 1))
    assert [m.to for m in mail.outbox] == [[world.user("director").email]]
    # No name in the e-mail: the work list names the files, behind the login.
    assert "Zéphyrin" not in mail.outbox[0].body and "1 dossiers" in mail.outbox[0].subject
    work = work_list(actor=world.user("conseiller"), structure_id=world.own.pk, today=D(2025, 9, 2))
    assert [i.person for i in work.files_to_anonymise] == [path.person]
    anonymise_expired(today=D(2025, 9, 2))
    assert len(mail.outbox) == 1  # told once


@pytest.mark.parametrize(
    ("today", "anonymised"),
    [
        (PERIOD_END - datetime.timedelta(days=1), False),
        (PERIOD_END, False),
        (PERIOD_END + datetime.timedelta(days=1), True),
    ],
)
def test_the_file_is_anonymised_the_day_after_its_period(world, path, today, anonymised):
    anonymise_expired(today=D(2025, 8, 15))
    anonymise_expired(today=D(2025, 9, 1))  # the notice
    anonymise_expired(today=today)
    assert _anonymised(path.person) is anonymised


def test_a_file_found_late_waits_the_notice_days(world, path):
    anonymise_expired(today=D(2026, 1, 10))
    assert not _anonymised(path.person)
    anonymise_expired(today=D(2026, 2, 8))
    assert not _anonymised(path.person)
    anonymise_expired(today=D(2026, 2, 9))
    assert _anonymised(path.person)


def test_keep_until_holds_the_file_and_a_new_path_withdraws_the_notice(world, path):
    Person.objects.filter(pk=path.person.pk).update(retention_until=D(2026, 6, 30))
    anonymise_expired(today=D(2025, 10, 1))
    assert not RetentionNotice.objects.exists()
    Person.objects.filter(pk=path.person.pk).update(retention_until=None)
    anonymise_expired(today=D(2025, 10, 1))
    assert RetentionNotice.objects.filter(person=path.person).exists()
    Contract.objects.create(
        person=path.person,
        structure=world.own,
        kind="cddi",
        start_date=D(2025, 10, 6),
        weekly_hours=26,
    )
    assert anonymise_expired(today=D(2025, 11, 1)).withdrawn == 1
    assert not RetentionNotice.objects.exists() and not _anonymised(path.person)


def test_a_candidate_never_hired_is_kept_two_years_after_the_last_contact(world, settings):
    settings.RETENTION_NOTICE_DAYS = 0
    candidate = Person.objects.create(
        structure=world.own,
        last_name="Candidat",
        first_names="Jo",
        sex="M",
        birth_date=D(1990, 2, 3),
    )
    Person.objects.filter(pk=candidate.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2022, 1, 5, 10)),
        updated_at=timezone.make_aware(datetime.datetime(2022, 1, 5, 10)),
    )
    Interview.objects.create(person=candidate, date=D(2022, 3, 1), kind="diagnostic")
    anonymise_expired(today=D(2024, 3, 1))
    assert not _anonymised(candidate)
    anonymise_expired(today=D(2024, 3, 2))
    assert _anonymised(candidate)


def test_an_anonymised_file_is_unrecognisable(world, path):
    before = json.dumps(
        subject_access.person_data_json(path.person, subject_access.person_data(path.person)),
        ensure_ascii=False,
    )
    assert "Zéphyrin" in before
    anonymise_expired(today=D(2025, 9, 1))
    anonymise_expired(today=D(2025, 10, 1))
    person = Person.objects.get(pk=path.person.pk)
    after = json.dumps(
        subject_access.person_data_json(person, subject_access.person_data(person)),
        ensure_ascii=False,
    )
    for trace in (
        "Zéphyrin",
        "Aurélie",
        NIR,
        "aurelie.zephyrin",
        "0612345678",
        "Lilas",
        "psychiatrique",
        "Traitement lourd",
        "RDV CMP",
        "CACES",
        "logement",
        "Avance bien",
        "client",
        "Accord du prescripteur",
        "1994-08-23",
        "l2_refugee",
        path.approval.number,
    ):
        assert trace not in after, trace
    assert person.birth_date.year == 1994 and person.rqth is True and person.sex == "F"
    assert person.leaving_detention is None and person.refugee is False
    assert not Person.history.filter(id=person.pk, last_name="Zéphyrin").exists()


def test_the_substitute_birth_date_keeps_every_age_the_observatory_reads():
    birth = D(1993, 6, 15)
    checkpoints = [D(2019, 3, 4), D(2019, 6, 1), D(2019, 7, 1), D(2020, 1, 1)]
    substitute = substitute_birth_date(birth, checkpoints)
    assert substitute.year == 1993 and substitute <= birth
    assert substitute == D(1993, 6, 2)  # 1 June still sees them at 25, 1 July at 26


def test_the_access_log_is_kept_twelve_months(world, path):
    for day in (D(2024, 8, 31), D(2024, 9, 1)):
        AccessEvent.objects.create(
            user=world.user("planner"),
            structure=world.own,
            at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
            route="people:person_list",
            kind="list",
        )
    assert anonymise_expired(today=D(2025, 9, 1)).log_rows_deleted == 1
    assert AccessEvent.objects.get().at.date() == D(2024, 9, 1)


def test_the_command_has_a_dry_run(world, path, capsys):
    call_command("anonymise_expired", "--dry-run", "--date", "2026-01-10")
    assert "1 dossiers signalés" in capsys.readouterr().out
    assert not RetentionNotice.objects.exists() and not mail.outbox
    call_command("anonymise_expired", "--date", "2026-01-10")
    call_command("anonymise_expired", "--date", "2026-02-09")
    assert "1 anonymisés" in capsys.readouterr().out
    assert _anonymised(path.person)


def test_the_work_list_page_names_the_files_ending(world, client, path):
    anonymise_expired(today=D(2025, 9, 1))
    client.force_login(world.user("director"))
    content = client.get(reverse("people:work_list")).content.decode()
    assert "Zéphyrin".upper() in content.upper()


def test_the_queue_runs_it_daily(world, path):
    from tremplin.people.tasks import anonymise_expired_daily

    assert anonymise_expired_daily.call("2025-09-01")["notified"] == 1
    assert RetentionNotice.objects.filter(person=path.person).exists()
    assert anonymise_expired_daily.call("2025-09-01") is None  # the day's run is done
    assert RetentionNotice.objects.filter(person=path.person).count() == 1
