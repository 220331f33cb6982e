import dataclasses
import datetime
import json
from decimal import Decimal

import pytest

from tremplin.people.asp.employee_record import (
    MAX_RECORDS_PER_BATCH,
    EmployeeRecordError,
    EmployeeRecordInput,
    batch_filename,
    build_batch,
    build_employee_record,
    check_employee_record,
    department_code,
    find_problems,
)
from tremplin.people.asp.record import asp_text

D = datetime.date

# A woman born in June 1985 in Lyon (69123), hired by an ACI on 3 March 2025.
GOOD = EmployeeRecordInput(
    siret="73282932000074",
    asp_measure="ACI_DC",
    approval_number="999992500123",
    approval_start=D(2025, 3, 3),
    approval_end=D(2027, 3, 2),
    contract_start=D(2025, 3, 3),
    asp_uid="a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5",
    nir="2 85 06 69 123 045 30",
    last_name="Lefèvre-Dubœuf",
    birth_name="Martin",
    first_names="Zoé Anaïs",
    sex="F",
    birth_date=D(1985, 6, 14),
    birth_place_insee="69123",
    birth_country_insee="99100",
    lane_number="12",
    lane_extension="B",
    lane_type="RUE",
    lane_name="de la République (haut)",
    address_complement="Bâtiment C",
    postcode="69002",
    commune_insee="69382",
    email="zoe@example.org",
    phone="06 12 34 56 78",
    education_level="50",
    prescriber_type="03",
    unemployed_since=D(2023, 1, 15),
    france_travail_id="1234567A",
    job_seeker_since=D(2023, 2, 1),
    rsa="OUI-NM",
    rsa_since=D(2024, 10, 1),
    aah_since=D(2020, 1, 1),
    single_parent=True,
    mobility_issue=True,
)


def changed(**fields):
    return dataclasses.replace(GOOD, **fields)


# --- The full record ------------------------------------------------------------------------


def test_the_good_record_has_no_problem():
    assert check_employee_record(GOOD) == []


def test_a_full_record_builds_to_the_asp_structure():
    line = build_employee_record(GOOD, line_number=7)
    assert list(line) == [
        "numLigne",
        "typeMouvement",
        "siret",
        "mesure",
        "personnePhysique",
        "adresse",
        "situationSalarie",
        "codeTraitement",
        "libelleTraitement",
    ]
    assert line["numLigne"] == 7
    assert line["typeMouvement"] == "C"
    assert line["siret"] == "73282932000074"
    assert line["mesure"] == "ACI_DC"
    assert line["codeTraitement"] is None and line["libelleTraitement"] is None

    person = line["personnePhysique"]
    assert person == {
        "passIae": "999992500123",
        "sufPassIae": None,
        "idItou": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5",
        "civilite": "MME",
        "nomUsage": "LEFEVRE-DUBOEUF",
        "nomNaissance": None,
        "prenom": "ZOE ANAIS",
        "dateNaissance": "14/06/1985",
        "codeComInsee": {"codeComInsee": "69123", "codeDpt": "069"},
        "codeInseePays": "100",
        "codeGroupePays": "1",
        "passDateDeb": "03/03/2025",
        "passDateFin": "02/03/2027",
        "salarieNIR": "285066912304530",
    }

    assert line["adresse"] == {
        "adrTelephone": None,
        "adrMail": None,
        "adrNumeroVoie": "12",
        "codeextensionvoie": "B",
        "codetypevoie": "RUE",
        "adrLibelleVoie": "DE LA REPUBLIQUE HAUT",
        "adrCpltDistribution": "BATIMENT C",
        "codeinseecom": "69382",
        "codepostalcedex": "69002",
    }

    situation = line["situationSalarie"]
    assert situation["orienteur"] == "03"
    assert situation["niveauFormation"] == "50"
    assert situation["salarieEnEmploi"] is False
    assert situation["salarieTypeEmployeur"] is None
    assert situation["salarieSansEmploiDepuis"] == "04"  # 25 months
    assert situation["inscritPoleEmploi"] is True
    assert situation["inscritPoleEmploiDepuis"] == "04"  # 25 months
    assert situation["numeroIDE"] == "1234567A"
    assert situation["salarieBenefRSA"] == "OUI-NM"
    assert situation["salarieBenefRSADepuis"] == "01"  # 5 months
    assert situation["salarieBenefASS"] is False
    assert situation["salarieBenefASSDepuis"] is None
    assert situation["salarieBenefAAH"] is True
    assert situation["salarieBenefAAHDepuis"] == "04"
    assert situation["salarieAideSociale"] is True
    assert situation["salarieBenefATA"] is False
    assert situation["salarieParentIsole"] is True
    assert situation["salarieMobilite"] is True
    assert situation["salarieRefugie"] is False
    # EITI fields are null for the other measures
    assert situation["revenuMensuelMoyenTI"] is None
    assert situation["nomActeurCreationEntr"] is None
    json.dumps(line)  # plain JSON types only


def test_job_seeker_since_bucket():
    # Registered on 1 April 2023, hired on 3 March 2025: 23 full months.
    line = build_employee_record(changed(job_seeker_since=D(2023, 4, 1)))
    assert line["situationSalarie"]["inscritPoleEmploiDepuis"] == "03"  # 23 months


def test_optional_fields_are_sent_only_on_request():
    line = build_employee_record(GOOD, with_optional_fields=True)
    assert line["personnePhysique"]["nomNaissance"] == "MARTIN"
    assert line["adresse"]["adrTelephone"] == "0612345678"
    assert line["adresse"]["adrMail"] == "zoe@example.org"


def test_born_abroad():
    record = changed(
        nir="192079935001223",
        sex="M",
        birth_date=D(1992, 7, 3),
        birth_place_insee="",
        birth_country_insee="99350",
        rsa="NON",
        rsa_since=None,
    )
    person = build_employee_record(record)["personnePhysique"]
    assert person["civilite"] == "M"
    assert person["codeComInsee"] == {"codeComInsee": None, "codeDpt": "099"}
    assert person["codeInseePays"] == "350"
    assert person["codeGroupePays"] == "3"


def test_born_in_an_overseas_commune_the_asp_lists_as_a_country():
    person = build_employee_record(changed(birth_place_insee="98735", nir="", ntt="2" + "9" * 20))[
        "personnePhysique"
    ]
    assert person["codeComInsee"] == {"codeComInsee": None, "codeDpt": "099"}
    assert person["codeInseePays"] == "735"
    assert person["codeGroupePays"] == "1"


def test_ntt_is_sent_when_there_is_no_nir():
    ntt = "2130030133" + "a1b2c3d4e5"
    person = build_employee_record(changed(nir="", ntt=ntt))["personnePhysique"]
    assert person["salarieNIR"] == ntt


def test_birth_commune_alone_means_france_and_corsica_department():
    person = build_employee_record(
        changed(birth_country_insee="", birth_place_insee="2A004", nir="", ntt="21234567890X")
    )["personnePhysique"]
    assert person["codeComInsee"] == {"codeComInsee": "2A004", "codeDpt": "02A"}
    assert person["codeInseePays"] == "100"


def test_employed_person_gets_the_employer_type():
    situation = build_employee_record(changed(employed=True, unemployed_since=None))[
        "situationSalarie"
    ]
    assert situation["salarieEnEmploi"] is True
    assert situation["salarieTypeEmployeur"] == "04"  # the hiring ACI
    assert situation["salarieSansEmploiDepuis"] is None


def test_eiti_fields():
    record = changed(
        asp_measure="EITI_DC",
        oeth=True,
        are_since=D(2024, 12, 1),
        cape=True,
        business_creation_actor="Adie Lyon",
        mean_monthly_income=Decimal("850.5"),
        eiti_contributions="01",
    )
    situation = build_employee_record(record)["situationSalarie"]
    assert situation["salarieOETH"] is False  # always false for EITI
    assert situation["salarieBenefARE"] is True
    assert situation["salarieBenefAREDepuis"] == "01"
    assert situation["salarieBenefPrimeActivite"] is False
    assert situation["salarieBenefCAPE"] is True
    assert situation["salarieBenefCESA"] is False
    assert situation["nomActeurCreationEntr"] == "ADIE LYON"
    assert situation["revenuMensuelMoyenTI"] == "850,50"
    assert situation["cotisationsTI"] == "01"


def test_first_names_are_cut_at_30_characters_on_a_word():
    line = build_employee_record(changed(first_names="Marie-Christine Bernadette Éléonore"))
    assert line["personnePhysique"]["prenom"] == "MARIE-CHRISTINE BERNADETTE"


def test_an_address_complement_the_asp_would_refuse_is_not_sent():
    line = build_employee_record(changed(address_complement="Chez M. & Mme Dupont, 3e étage"))
    assert line["adresse"]["adrCpltDistribution"] is None


def test_a_record_with_problems_is_not_built():
    with pytest.raises(EmployeeRecordError) as caught:
        build_employee_record(changed(siret="", education_level=""))
    assert {problem.field for problem in caught.value.problems} == {"siret", "education_level"}
    assert "Le SIRET de la structure est obligatoire." in str(caught.value)


def test_batch_numbers_its_lines_and_has_a_limit():
    batch = build_batch([GOOD, changed(asp_uid="autre")])
    assert batch["msgInformatif"] is None and batch["telId"] is None
    assert [line["numLigne"] for line in batch["lignesTelechargement"]] == [1, 2]
    with pytest.raises(ValueError, match="700"):
        build_batch([GOOD] * (MAX_RECORDS_PER_BATCH + 1))
    with pytest.raises(ValueError, match="vide"):
        build_batch([])


def test_helpers():
    assert batch_filename(datetime.datetime(2025, 3, 4, 5, 6, 7)) == "RIAE_FS_20250304050607.json"
    assert len(batch_filename(datetime.datetime(2025, 3, 4))) == 27
    assert department_code("69123") == "069"
    assert department_code("97411") == "974"
    assert asp_text("  Cœur  d’Alène ") == "COEUR D'ALENE"


# --- Each rule fails with its French message on a bad input ----------------------------------

RULES = [
    # (id, changes, field, message fragment)
    ("siret-required", {"siret": ""}, "siret", "Le SIRET de la structure est obligatoire."),
    ("siret-key", {"siret": "73282932000075"}, "siret", "n'est pas valide"),
    ("measure", {"asp_measure": "GEIQ"}, "asp_measure", "La mesure ASP « GEIQ » est inconnue"),
    ("approval-required", {"approval_number": ""}, "approval_number", "est obligatoire"),
    (
        "approval-format",
        {"approval_number": "99999-123"},
        "approval_number",
        "doit comporter 12 chiffres",
    ),
    (
        "approval-dates",
        {"approval_end": D(2025, 1, 1)},
        "approval_end",
        "antérieure à sa date de début",
    ),
    (
        "hiring-in-pass",
        {"contract_start": D(2027, 6, 1)},
        "contract_start",
        "comprise dans la période de validité du PASS IAE",
    ),
    ("uid", {"asp_uid": "x" * 31}, "asp_uid", "de 1 à 30 lettres ou chiffres"),
    ("sex", {"sex": "X"}, "sex", "La civilité (sexe F ou M) est obligatoire."),
    ("last-name", {"last_name": " "}, "last_name", "Le nom de famille est obligatoire."),
    ("first-name-chars", {"first_names": "Zoé2"}, "first_names", "ne peut contenir que"),
    ("birth-name-chars", {"birth_name": "M@rtin"}, "birth_name", "ne peut contenir que"),
    (
        "too-young",
        {"birth_date": D(2010, 1, 1), "nir": "", "ntt": "21234567890X"},
        "birth_date",
        "au moins 16 ans",
    ),
    ("nir-length", {"nir": "28506691230"}, "nir", "Le NIR doit comporter 15 caractères"),
    ("nir-key", {"nir": "285066912304531"}, "nir", "La clé du NIR est incorrecte"),
    ("nir-format", {"nir": "2850669X2304530"}, "nir", "n'est pas au bon format"),
    ("nir-first-digit", {"nir": "585066912304574"}, "nir", "doit commencer par 1, 2, 3, 4, 7 ou 8"),
    ("nir-sex", {"sex": "M"}, "nir", "La civilité renseignée ne correspond pas au NIR."),
    (
        "nir-birth-date",
        {"birth_date": D(1985, 7, 14)},
        "nir",
        "La date de naissance renseignée ne correspond pas au NIR.",
    ),
    ("ntt-required", {"nir": ""}, "ntt", "un numéro technique temporaire (NTT) doit être"),
    (
        "ntt-required-for-nia",
        {"nir": "785066912304571"},
        "ntt",
        "numéro d'attente commençant par 7 ou 8",
    ),
    ("ntt-format", {"nir": "", "ntt": "3123"}, "ntt", "Le NTT doit commencer par 1 ou 2"),
    (
        "birth-country-required",
        {"birth_country_insee": "", "birth_place_insee": ""},
        "birth_country_insee",
        "Le pays de naissance est obligatoire.",
    ),
    (
        "birth-country-unknown",
        {"birth_country_insee": "99998", "birth_place_insee": ""},
        "birth_country_insee",
        "inconnu du référentiel ASP",
    ),
    (
        "birth-place-in-france",
        {"birth_place_insee": ""},
        "birth_place_insee",
        "Si le pays de naissance est la France, la commune de naissance est obligatoire.",
    ),
    (
        "birth-place-abroad",
        {"birth_country_insee": "99350"},
        "birth_place_insee",
        "Il n'est pas possible de saisir une commune de naissance hors de France.",
    ),
    (
        "birth-place-format",
        {"birth_place_insee": "6912"},
        "birth_place_insee",
        "doit comporter 5 caractères",
    ),
    (
        "birth-place-overseas-unknown",
        {"birth_place_insee": "98999"},
        "birth_place_insee",
        "inconnue du référentiel ASP",
    ),
    ("lane-type", {"lane_type": ""}, "lane_type", "Le type de voie est obligatoire."),
    ("lane-type-code", {"lane_type": "STRASSE"}, "lane_type", "inconnu du référentiel ASP"),
    ("lane-name", {"lane_name": ""}, "lane_name", "Le nom de voie est obligatoire."),
    ("lane-number", {"lane_number": "12b"}, "lane_number", "que des chiffres"),
    ("lane-extension", {"lane_extension": "X"}, "lane_extension", "B (bis), T (ter)"),
    ("postcode", {"postcode": ""}, "postcode", "Le code postal est obligatoire."),
    ("postcode-format", {"postcode": "6900"}, "postcode", "composé de 5 chiffres"),
    (
        "commune",
        {"commune_insee": ""},
        "commune_insee",
        "La commune INSEE de l'adresse est obligatoire.",
    ),
    ("commune-format", {"commune_insee": "Lyon"}, "commune_insee", "doit comporter 5 caractères"),
    ("email", {"email": "zoe.example.org"}, "email", "n'est pas valide"),
    ("phone", {"phone": "12 34"}, "phone", "10 chiffres"),
    (
        "education-required",
        {"education_level": ""},
        "education_level",
        "Le niveau de formation est obligatoire.",
    ),
    (
        "education-code",
        {"education_level": "55"},
        "education_level",
        "inconnu du référentiel ASP",
    ),
    ("prescriber", {"prescriber_type": "42"}, "prescriber_type", "orienteur « 42 » est inconnu"),
    (
        "employed-and-unemployed",
        {"employed": True},
        "unemployed_since",
        "ne peut avoir de période sans emploi",
    ),
    (
        "unemployed-since-required",
        {"unemployed_since": None},
        "unemployed_since",
        "sans emploi est obligatoire",
    ),
    (
        "employer-type-only-if-employed",
        {"employer_type": "01"},
        "employer_type",
        "que si la personne est en emploi",
    ),
    (
        "employer-type-code",
        {"employed": True, "unemployed_since": None, "employer_type": "09"},
        "employer_type",
        "inconnu du référentiel ASP",
    ),
    (
        "employed-resourceless",
        {"employed": True, "unemployed_since": None, "resourceless": True},
        "resourceless",
        "ne peut pas être déclarée sans ressources",
    ),
    (
        "france-travail-pair",
        {"job_seeker_since": None},
        "france_travail_id",
        "vont de pair",
    ),
    (
        "france-travail-format",
        {"france_travail_id": "12345"},
        "france_travail_id",
        "8 caractères",
    ),
    ("rsa-value", {"rsa": "OUI"}, "rsa", "NON, OUI-M ou OUI-NM"),
    (
        "rsa-since-required",
        {"rsa_since": None},
        "rsa_since",
        "date d'entrée au RSA est obligatoire",
    ),
    (
        "rsa-since-without-rsa",
        {"rsa": "NON"},
        "rsa_since",
        "alors que la personne n'en bénéficie pas",
    ),
    (
        "since-after-hiring",
        {"aah_since": D(2025, 4, 1)},
        "aah_since",
        "ne peut pas être postérieure à l'embauche",
    ),
    (
        "eiti-income",
        {"asp_measure": "EITI_DC", "business_creation_actor": "Adie"},
        "mean_monthly_income",
        "revenu net mensuel moyen avant le parcours est obligatoire",
    ),
    (
        "eiti-actor",
        {"asp_measure": "EITI_DC", "mean_monthly_income": Decimal(0)},
        "business_creation_actor",
        "acteur de la création d'entreprise rencontré est obligatoire",
    ),
    (
        "eiti-actor-chars",
        {
            "asp_measure": "EITI_DC",
            "mean_monthly_income": Decimal(0),
            "business_creation_actor": "BGE n°3",
        },
        "business_creation_actor",
        "que des lettres, des espaces et des tirets",
    ),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"), [rule[1:] for rule in RULES], ids=[rule[0] for rule in RULES]
)
def test_each_rule_fails_with_its_french_message(changes, field, message):
    problems = find_problems(changed(**changes))
    assert any(problem.field == field and message in problem.message for problem in problems), (
        problems
    )
    assert any(message in text for text in check_employee_record(changed(**changes)))
    with pytest.raises(EmployeeRecordError):
        build_employee_record(changed(**changes))


def test_every_rule_id_is_unique():
    ids = [rule[0] for rule in RULES]
    assert len(ids) == len(set(ids))
