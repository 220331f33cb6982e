import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from tremplin.people.asp.reference import (
    COUNTRIES,
    DYNAMIC_EXIT_CATEGORIES,
    EDUCATION_LEVELS,
    EXIT_CATEGORIES,
    EXIT_REASONS,
    FRANCE,
    OVERSEAS_COMMUNES_AS_COUNTRIES,
    AspValidationError,
    allocation_duration,
    exit_reason,
    is_cap_bep_or_below,
    load_countries,
    validate_birth_country,
)

# --- Exit reasons ---------------------------------------------------------------------------


def test_the_five_asp_exit_categories():
    assert set(EXIT_CATEGORIES) == {"durable", "transition", "positive", "other", "withdrawn"}
    assert EXIT_CATEGORIES["withdrawn"] == "Retrait des sorties constatées"
    assert {"durable", "transition", "positive"} == DYNAMIC_EXIT_CATEGORIES


@pytest.mark.parametrize("reason", EXIT_REASONS, ids=lambda reason: reason.code)
def test_every_exit_reason_has_one_of_the_five_categories(reason):
    assert reason.category in EXIT_CATEGORIES
    assert reason.label
    assert reason.code == reason.code.upper()
    assert reason.category_label == EXIT_CATEGORIES[reason.category]


def test_exit_reason_codes_are_unique_and_every_category_is_used():
    codes = [reason.code for reason in EXIT_REASONS]
    assert len(codes) == len(set(codes))
    assert {reason.category for reason in EXIT_REASONS} == set(EXIT_CATEGORIES)


def test_design_md_examples_fall_in_their_category():
    expected = {
        "CDI": "durable",
        "CDD_6M_PLUS": "durable",
        "INTERIM_6M_PLUS": "durable",
        "FONCTION_PUBLIQUE": "durable",
        "CREATION_ENTREPRISE": "durable",
        "CDD_MOINS_6M": "transition",
        "INTERIM_MOINS_6M": "transition",
        "CONTRAT_AIDE": "transition",
        "FORMATION_QUALIFIANTE": "positive",
        "AUTRE_SIAE": "positive",
        "CHOMAGE": "other",
        "DECES": "withdrawn",
    }
    assert {code: exit_reason(code).category for code in expected} == expected


def test_dynamic_exits_and_the_denominator():
    assert exit_reason("CDI").is_dynamic
    assert exit_reason("AUTRE_SIAE").is_dynamic
    assert not exit_reason("CHOMAGE").is_dynamic
    assert not exit_reason("DECES").is_dynamic
    assert exit_reason("CHOMAGE").counts_in_denominator
    assert not exit_reason("DECES").counts_in_denominator
    with pytest.raises(KeyError):
        exit_reason("INCONNU")


# --- Education levels -----------------------------------------------------------------------


def test_education_levels_are_the_asp_codes():
    assert list(EDUCATION_LEVELS) == [
        "00",
        "01",
        "10",
        "20",
        "30",
        "40",
        "41",
        "50",
        "51",
        "60",
        "70",
    ]
    assert all(label for label in EDUCATION_LEVELS.values())


@pytest.mark.parametrize("code", ["00", "01", "50", "51", "60", "70"])
def test_cap_bep_and_below_meet_the_level_2_criterion(code):
    assert is_cap_bep_or_below(code)


@pytest.mark.parametrize("code", ["10", "20", "30", "40", "41"])
def test_bac_and_above_do_not(code):
    assert not is_cap_bep_or_below(code)


def test_unknown_education_level_is_refused():
    with pytest.raises(ValueError, match="inconnu"):
        is_cap_bep_or_below("99")


# --- Durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (datetime.date(2025, 1, 1), "01"),  # 0 months
        (datetime.date(2024, 7, 2), "01"),  # 5 months and 30 days
        (datetime.date(2024, 7, 1), "02"),  # exactly 6 months
        (datetime.date(2024, 1, 2), "02"),  # 11 months
        (datetime.date(2024, 1, 1), "03"),  # 12 months
        (datetime.date(2023, 1, 2), "03"),  # 23 months
        (datetime.date(2023, 1, 1), "04"),  # 24 months
        (datetime.date(2010, 5, 17), "04"),
    ],
)
def test_allocation_duration_buckets(since, expected):
    assert allocation_duration(since, datetime.date(2025, 1, 1)) == expected


# --- Countries ------------------------------------------------------------------------------


def test_countries_file_is_loaded_with_its_source():
    tables = load_countries()
    assert "ref_insee_pays_v4" in tables.source
    assert tables.countries is COUNTRIES
    assert len(COUNTRIES) > 200


def test_country_codes_are_insee_99xxx_with_an_asp_group():
    assert all(len(code) == 5 and code.startswith("99") for code in COUNTRIES)
    assert {country.group for country in COUNTRIES.values()} == {"1", "2", "3"}
    france = COUNTRIES[FRANCE]
    assert (france.name, france.group, france.asp_code) == ("FRANCE", "1", "100")
    assert COUNTRIES["99350"].name == "MAROC"
    assert COUNTRIES["99109"].group == "2"  # Allemagne: CEE


def test_overseas_communes_are_insee_98xxx():
    assert OVERSEAS_COMMUNES_AS_COUNTRIES["98735"] == "PAPEETE"
    assert OVERSEAS_COMMUNES_AS_COUNTRIES["98818"] == "NOUMEA"
    assert all(code.startswith("98") for code in OVERSEAS_COMMUNES_AS_COUNTRIES)


def test_validate_birth_country_accepts_a_known_code():
    assert validate_birth_country("99100").name == "FRANCE"
    assert validate_birth_country(" 99352 ").name == "ALGERIE"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Le pays de naissance est obligatoire."),
        ("100", "doit être un code INSEE de 5 chiffres commençant par 99"),
        ("69123", "doit être un code INSEE de 5 chiffres commençant par 99"),
        ("99999", "est inconnu du référentiel ASP"),
    ],
)
def test_validate_birth_country_refuses_bad_codes(code, message):
    with pytest.raises(AspValidationError, match=message):
        validate_birth_country(code)


def test_the_package_imports_without_django():
    """Plain Python: importing it must not pull Django in (run in a fresh interpreter)."""
    root = Path(__file__).resolve().parents[4]
    code = (
        "import sys; import tremplin.people.asp.employee_record; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, check=False)
    assert result.returncode == 0
