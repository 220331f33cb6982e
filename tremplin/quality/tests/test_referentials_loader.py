"""Référentiels loaded from their files: all or nothing, every error with its place, a
loaded version never loaded again, the shipped files on a fresh install."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from tremplin.quality.models import Chapter, Referential, Requirement
from tremplin.quality.services.referentials import (
    referential_load,
    referential_parse,
    referentials_load_files,
    shipped_files,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_french():
    """The messages are read in French, whatever a test before left active."""
    with translation.override("fr"):
        yield


VALID = """
code = "essai"
version = "1"
kind = "cedre"
title = "Référentiel d'essai"
published_on = 2027-01-15
source = "Comité qualité"

[[chapters]]
number = "1"
title = "Accueil"

[[chapters.requirements]]
number = "1.1"
title = "Livret d'accueil"
evidence_expected = "Le livret"

[[chapters]]
number = "2"
title = "Parcours"

[[chapters.requirements]]
number = "2.1"
title = "Contrat d'engagement"
indicator = "people.commitment_contract_within_days"

[[chapters.requirements]]
number = "2.2"
title = "Entretiens"
text = \"\"\"Des entretiens
réguliers.\"\"\"
"""


def _errors(text, filename="essai.toml"):
    with pytest.raises(ValidationError) as caught:
        referential_parse(text.encode(), filename=filename)
    return caught.value.messages


def test_a_valid_file_is_loaded_with_its_chapters_and_requirements_in_order():
    referential = referential_load(content=VALID.encode(), filename="essai.toml")
    assert (referential.code, referential.version, referential.kind) == ("essai", "1", "cedre")
    assert referential.is_current and not referential.is_example
    assert str(referential.published_on) == "2027-01-15"
    chapters = list(referential.chapters.order_by("position"))
    assert [c.number for c in chapters] == ["1", "2"]
    requirements = list(chapters[1].requirements.order_by("position"))
    assert [r.number for r in requirements] == ["2.1", "2.2"]
    assert requirements[0].indicator == "people.commitment_contract_within_days"
    assert requirements[1].text == "Des entretiens\nréguliers."


def test_a_syntax_error_names_its_line():
    broken = VALID.replace('title = "Accueil"', 'title = "Accueil')
    (message,) = _errors(broken)
    assert message.startswith("essai.toml, ligne 11 (colonne")
    assert "syntaxe TOML invalide" in message


def test_a_missing_title_names_the_chapter_and_requirement():
    (message,) = _errors(VALID.replace('title = "Entretiens"\n', ""))
    assert message == "essai.toml, chapitre 2, exigence 2.2 : intitulé manquant (« title »)"


def test_every_error_of_the_file_is_reported_at_once():
    text = (
        VALID.replace('kind = "cedre"', 'kind = "afnor"')
        .replace('number = "2.2"', 'number = "2.1"')
        .replace('indicator = "people.commitment_contract_within_days"', 'indicator = "x.y"')
        .replace('evidence_expected = "Le livret"', 'evidences = "Le livret"')
        .replace("published_on = 2027-01-15", 'published_on = "15/01/2027"')
    )
    messages = _errors(text)
    assert "essai.toml : type « afnor » inconnu (l'un de : " in messages[0]
    assert "essai.toml : « published_on » doit être une date comme 2019-06-06" in messages
    assert "essai.toml, chapitre 1, exigence 1.1 : clé inconnue « evidences »" in messages
    assert "essai.toml, chapitre 2, exigence 2.1 : indicateur inconnu « x.y »" in messages
    assert (
        "essai.toml, chapitre 2, exigence 2.1 : numéro utilisé deux fois dans le chapitre"
        in messages
    )


def test_a_chapter_without_requirement_and_a_file_without_chapter_are_refused():
    empty_chapter = VALID.split("[[chapters.requirements]]")[0]
    assert _errors(empty_chapter) == [
        "essai.toml, chapitre 1 : aucune exigence ([[chapters.requirements]])"
    ]
    header = VALID.split("[[chapters]]")[0]
    assert _errors(header) == ["essai.toml : aucun chapitre ([[chapters]])"]


def test_a_bad_code_a_long_title_and_a_non_utf8_file_are_refused():
    messages = _errors(VALID.replace('code = "essai"', 'code = "Essai 1"'))
    assert messages == [
        "essai.toml : « code » ne contient que des minuscules, des chiffres et des tirets"
    ]
    long = VALID.replace('title = "Accueil"', f'title = "{"x" * 301}"')
    assert _errors(long) == ["essai.toml, chapitre 1 : « title » fait 301 caractères, 300 au plus"]
    with pytest.raises(ValidationError, match="n'est pas un texte UTF-8"):
        referential_parse("titre = 'é'".encode("latin-1"), filename="essai.toml")


def test_a_file_past_the_size_limit_is_not_read(settings):
    settings.QUALITY_REFERENTIAL_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="dépasse 0 ko"):
        referential_parse(VALID.encode(), filename="essai.toml")


def test_an_invalid_file_saves_nothing():
    before = (Referential.objects.count(), Chapter.objects.count(), Requirement.objects.count())
    with pytest.raises(ValidationError):
        referential_load(
            content=VALID.replace('title = "Entretiens"\n', "").encode(), filename="essai.toml"
        )
    after = (Referential.objects.count(), Chapter.objects.count(), Requirement.objects.count())
    assert after == before


def test_the_same_version_is_refused_and_a_new_version_becomes_current():
    first = referential_load(content=VALID.encode(), filename="essai.toml")
    with pytest.raises(ValidationError) as caught:
        referential_load(content=VALID.encode(), filename="essai.toml")
    assert caught.value.messages == [
        "essai.toml : le référentiel « essai » version 1 est déjà chargé. Une version chargée "
        "n'est jamais modifiée : donnez une nouvelle version au fichier."
    ]
    assert Referential.objects.filter(code="essai").count() == 1
    second = referential_load(
        content=VALID.replace('version = "1"', 'version = "2"').encode(), filename="essai.toml"
    )
    first.refresh_from_db()
    assert second.is_current and not first.is_current
    # The old version keeps its requirements untouched.
    assert Requirement.objects.filter(chapter__referential=first).count() == 3


def test_several_files_load_all_or_none(tmp_path):
    good = tmp_path / "bon.toml"
    good.write_text(VALID, encoding="utf-8")
    bad = tmp_path / "faux.toml"
    bad.write_text(
        VALID.replace('code = "essai"', 'code = "autre"').replace('title = "Accueil"\n', ""),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        referentials_load_files([good, bad])
    assert caught.value.messages == ["faux.toml, chapitre 1 : intitulé manquant (« title »)"]
    assert not Referential.objects.filter(code__in=["essai", "autre"]).exists()
    # The second one a duplicate of the first: neither is saved.
    with pytest.raises(ValidationError, match="déjà chargé"):
        referentials_load_files([good, good])
    assert not Referential.objects.filter(code="essai").exists()


def test_the_command_loads_files_and_refuses_a_loaded_version(tmp_path, capsys):
    path = tmp_path / "essai.toml"
    path.write_text(VALID, encoding="utf-8")
    call_command("load_referential", str(path))
    assert "Chargé : Référentiel d'essai (version 1)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Rien n'a été chargé"):
        call_command("load_referential", str(path))
    assert Referential.objects.filter(code="essai").count() == 1


def test_the_shipped_referentials_exist_on_a_fresh_install():
    shipped = {
        r.code: r for r in Referential.objects.filter(is_current=True).prefetch_related("chapters")
    }
    assert {"iso-9001", "qualiopi", "cedre", "proxim-services"} <= shipped.keys()
    iso = shipped["iso-9001"]
    assert [c.number for c in iso.chapters.order_by("position")] == [str(n) for n in range(4, 11)]
    qualiopi = Requirement.objects.filter(chapter__referential=shipped["qualiopi"])
    assert shipped["qualiopi"].chapters.count() == 7
    assert sorted(int(r.number) for r in qualiopi) == list(range(1, 33))
    assert all(r.indicator == f"qualiopi.{r.number}" for r in qualiopi)
    assert shipped["cedre"].is_example and shipped["proxim-services"].is_example
    assert not iso.is_example and not shipped["qualiopi"].is_example
    cedre_indicators = set(
        Requirement.objects.filter(chapter__referential=shipped["cedre"])
        .exclude(indicator="")
        .values_list("indicator", flat=True)
    )
    assert cedre_indicators == {
        "people.commitment_contract_within_days",
        "people.interviews_per_path",
        "people.barriers_followed",
    }


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_each_shipped_file_is_valid(path):
    parsed = referential_parse(path.read_bytes(), filename=path.name)
    assert parsed.chapters and all(c.requirements for c in parsed.chapters)
