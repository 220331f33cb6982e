"""Import limits and the life of the uploaded file: size and row limits named in French,
streamed reading in bounded memory, the file private while it waits and deleted after."""

import datetime
import io
import os
import stat
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tremplin.people.imports import people_import
from tremplin.people.models import ImportJob, Person

HEADER = "nom;prenoms;sexe;date_naissance;code_insee;adresse;telephone;qpv"
GOOD = "Martin;Léa;F;17/05/1990;69123;1 rue de la Gare;06 12 34 56 78;oui"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def people_csv(count: int, *, communes: bool = True) -> bytes:
    """`count` distinct people; without `communes`, no commune column (the commune tables,
    read whole by the import, would hide the lines' share of the memory)."""
    start = datetime.date(1950, 1, 1).toordinal()
    header = HEADER if communes else HEADER.replace(";code_insee", "")
    commune = ";69123" if communes else ""
    lines = [header] + [
        f"Nom{index};Léa;F;{datetime.date.fromordinal(start + index % 20000):%d/%m/%Y}{commune};"
        f"{index} rue de la République;06 12 34 56 78;non"
        for index in range(count)
    ]
    return "\r\n".join(lines).encode()


def run(world, source, **kwargs):
    return people_import(
        actor=world.user("conseiller"), structure=world.own, source=source, **kwargs
    )


# --- Limits -------------------------------------------------------------------------------


def test_a_file_past_the_size_limit_is_refused_in_french_and_nothing_is_saved(world, settings):
    settings.IMPORT_MAX_BYTES = 2_500_000
    data = people_csv(3).ljust(2_500_001, b"\n")
    result = run(world, io.BytesIO(data))
    assert result.errors == [(1, "", "Le fichier dépasse la taille maximale de 2,5 Mo.")]
    assert not Person.objects.exists()
    assert run(world, io.BytesIO(people_csv(3))).created == 3  # the limit, not the file


def test_the_page_refuses_a_file_past_the_size_limit_before_keeping_it(world, client, settings):
    settings.IMPORT_MAX_BYTES = 1500
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_import")
    upload = SimpleUploadedFile("gens.csv", people_csv(40))
    assert upload.size > 1500
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert message == "Le fichier dépasse la taille maximale de 0,0015 Mo."
    assert not ImportJob.objects.exists() and not Person.objects.exists()


def test_an_upload_announced_past_the_limit_is_refused_unread(world, client, settings):
    """Content-Length past the limit (and the room for the other fields): the body is not
    parsed at all; no job, nothing on disk. (Smaller bodies meet the size-limited upload
    handler, test above.)"""
    settings.IMPORT_MAX_BYTES = 200_000
    client.force_login(world.user("conseiller"))
    response = client.post(
        reverse("people:person_import"),
        {"file": SimpleUploadedFile("gens.csv", people_csv(6000))},  # past the limit + room
    )
    assert (
        "Le fichier dépasse la taille maximale de 0,2 Mo."
        in response.context["form"].errors["file"]
    )
    assert not ImportJob.objects.exists()
    assert not (settings.MEDIA_ROOT / "imports").exists()


def test_the_command_refuses_a_file_past_the_size_limit(world, settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.IMPORT_MAX_BYTES = 100
    path = tmp_path / "gens.csv"
    path.write_bytes(people_csv(5))
    err = io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command(
            "import_people",
            str(path),
            *("--structure", world.own.siret, "--as", "conseiller@tremplin.test"),
            stderr=err,
        )
    assert "Le fichier dépasse la taille maximale de 0,0001 Mo." in err.getvalue()
    assert not Person.objects.exists()


def test_a_file_past_the_row_limit_is_refused_and_nothing_is_saved(world, settings):
    settings.IMPORT_MAX_ROWS = 5
    result = run(world, io.BytesIO(people_csv(6)))
    assert (1, "", "Le fichier dépasse le nombre maximal de 5 lignes.") in result.errors
    assert not Person.objects.exists()
    assert run(world, io.BytesIO(people_csv(5))).created == 5


def test_the_row_limit_message_groups_thousands(world, settings):
    settings.IMPORT_MAX_ROWS = 100_000
    from tremplin.people.imports.reading import too_many_rows_message

    assert too_many_rows_message() == "Le fichier dépasse le nombre maximal de 100 000 lignes."


# --- The uploaded file ----------------------------------------------------------------------


def _post(client, data: bytes, *, dry_run: bool, capture):
    payload = {"file": SimpleUploadedFile("gens.csv", data)}
    if dry_run:
        payload["dry_run"] = "on"
    with capture(execute=True):
        client.post(reverse("people:person_import"), payload)
    return ImportJob.objects.latest("pk")


@pytest.mark.parametrize(
    ("dry_run", "lines", "status", "created"),
    [
        (True, [GOOD], "done", 0),  # dry run
        (False, [GOOD], "done", 1),  # success
        (False, [GOOD.replace("17/05/1990", "31/02/1990")], "failed", 0),  # a wrong line
    ],
)
def test_the_file_is_deleted_after_processing(
    world, client, settings, django_capture_on_commit_callbacks, dry_run, lines, status, created
):
    client.force_login(world.user("conseiller"))
    job = _post(
        client,
        "\r\n".join([HEADER, *lines]).encode(),
        dry_run=dry_run,
        capture=django_capture_on_commit_callbacks,
    )
    assert (job.status, job.created) == (status, created)
    assert not job.file
    folder = settings.MEDIA_ROOT / "imports"
    assert [p for p in folder.rglob("*") if p.is_file()] == []


def test_the_file_is_deleted_when_the_import_crashes(world, settings):
    from django.core.files.base import ContentFile

    from tremplin.people.services.import_jobs import import_job_run

    job = ImportJob(structure=world.own, user=world.user("conseiller"), original_name="a.csv")
    job.file.save("a.csv", ContentFile(b"PK\x03\x04 broken"), save=False)
    job.save()
    path = job.file.path
    os.remove(path)  # unreadable: the import itself fails, the job ends
    job = import_job_run(job.pk)
    assert job.status == "failed" and not job.file

    job = ImportJob(structure=world.own, user=world.user("conseiller"), original_name="b.csv")
    job.file.save("b.csv", ContentFile(b"PK\x03\x04 broken"), save=False)
    job.save()
    path = job.file.path
    job = import_job_run(job.pk)
    assert job.status == "failed" and not os.path.exists(path)


def test_the_file_is_private_while_it_waits(world, client, settings):
    from tremplin.people.services.import_jobs import import_job_start

    job = import_job_start(
        actor=world.user("conseiller"),
        structure=world.own,
        upload=SimpleUploadedFile("gens.csv", f"{HEADER}\r\n{GOOD}".encode()),
        dry_run=True,
    )  # the test's transaction never commits: the job waits
    mode = os.stat(job.file.path).st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(job.file.path)).st_mode) == 0o700


# --- Bounded memory -------------------------------------------------------------------------

ROWS = 50_000
# Measured with tracemalloc on this file (50 000 lines, 3.6 MB, no commune column), dry run:
# the streamed import peaks at ≈ 11.4 MB, nearly all of it the keys of the duplicates check
# (≈ 230 bytes a line); the lines' fields alone, held as a list of dicts as an import that
# keeps every line does, take ≈ 30 MB more (measured: 50 000 dicts of these 8 fields). The
# bound sits between: it fails if the lines are kept.
PEAK_BOUND = 20_000_000


def test_a_large_import_stays_in_bounded_memory(world, tmp_path):
    path = tmp_path / "gens.csv"
    path.write_bytes(people_csv(ROWS, communes=False))
    tracemalloc.start()
    try:
        result = run(world, path, dry_run=True)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok and result.rows == ROWS, result.errors[:3]
    assert peak < PEAK_BOUND
