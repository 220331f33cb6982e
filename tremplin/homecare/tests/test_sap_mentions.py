"""The mentions quotes, contracts and invoices print (arrêté du 17 mars 2015)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from tremplin.homecare import mentions
from tremplin.homecare.models import SapDeclaration, Service
from tremplin.network.models import Activity

pytestmark = pytest.mark.django_db

MANDATAIRE_FR = (
    "Attention, dans le cadre d'un contrat de placement de travailleurs, le consommateur est "
    "l'employeur de la personne qui effectue la prestation à son domicile. En cette qualité "
    "d'employeur, le consommateur est soumis à diverses obligations résultant notamment du "
    "code du travail et du code de la sécurité sociale."
)
MISE_A_DISPOSITION_FR = (
    "Dans le cadre d'un contrat de mise à disposition de travailleurs, le prestataire de "
    "service reste l'employeur."
)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def make_service(structure, activity="menage", mode="prestataire", **extra):
    return Service.objects.create(
        structure=structure,
        name=f"{activity} {mode}",
        activity=activity,
        mode=mode,
        work_activity=Activity.objects.order_by("pk").first(),
        price_excl_vat=Decimal(20),
        **extra,
    )


def test_the_mode_warnings_are_the_words_of_article_3():
    assert mentions.mode_warning("mandataire") == MANDATAIRE_FR
    assert mentions.mode_warning("mise_a_disposition") == MISE_A_DISPOSITION_FR
    assert mentions.mode_warning("prestataire") == ""
    assert mentions.mode_name("mise_a_disposition") == "Mode d'intervention « mise à disposition »"


def test_the_declaration_mention_names_the_agrement_in_force(structure, today):
    declaration = SapDeclaration(
        structure=structure,
        number="SAP732829320",
        declared_on=datetime.date(2019, 3, 4),
        agrement_number="AG-1",
        agrement_on=datetime.date(2019, 5, 6),
        agrement_until=today,
    )
    text = mentions.declaration_mention(declaration, on=today)
    assert text.startswith(
        "Organisme de services à la personne déclaré sous le n° SAP732829320 le 4 mars 2019"
    )
    assert "agrément n° AG-1 du 6 mai 2019" in text
    after = mentions.declaration_mention(declaration, on=today + datetime.timedelta(days=1))
    assert "AG-1" not in after
    assert mentions.declaration_mention(None, on=today) == ""


def test_the_tax_mention_carries_the_rate_and_the_sub_cap_of_the_rules(structure, today):
    assert "50 %" in mentions.tax_advantage_text(activity_code="menage", on=today)
    assert "dans la limite" not in mentions.tax_advantage_text(activity_code="menage", on=today)
    diy = mentions.tax_advantage_text(activity_code="bricolage", on=today)
    assert "500 €" in diy and "2 heures au plus par intervention" in diy
    assert "3\u00a0000 €" in mentions.tax_advantage_text(activity_code="informatique", on=today)
    assert "5\u00a0000 €" in mentions.tax_advantage_text(activity_code="jardinage", on=today)
    own = make_service(structure, tax_mention="Crédit d'impôt selon la loi.")
    assert mentions.service_tax_mention(own, on=today) == "Crédit d'impôt selon la loi."


def test_a_quote_carries_declaration_modes_warnings_tax_and_the_free_quote_notice(structure, today):
    SapDeclaration.objects.create(
        structure=structure, number="SAP732829320", declared_on=datetime.date(2019, 3, 4)
    )
    services = [
        make_service(structure, "menage", "mise_a_disposition"),
        make_service(structure, "bricolage", "mise_a_disposition"),
    ]
    quote = mentions.mentions_for(
        structure=structure, services=services, on=today, document=mentions.QUOTE
    )
    assert quote.declaration.startswith("Organisme de services à la personne déclaré")
    assert [m.mode for m in quote.modes] == ["mise_a_disposition"]
    assert MISE_A_DISPOSITION_FR in quote.lines
    assert len(quote.tax) == 2
    assert "100 € TTC" in quote.quote_notice
    invoice = mentions.mentions_for(
        structure=structure, services=services, on=today, document=mentions.INVOICE
    )
    assert invoice.quote_notice == ""
    assert MISE_A_DISPOSITION_FR not in invoice.lines
    assert "Mode d'intervention « mise à disposition »" in invoice.lines


def test_without_a_declaration_no_tax_advantage_is_mentioned(structure, today):
    result = mentions.mentions_for(
        structure=structure, services=[make_service(structure)], on=today
    )
    assert result.declaration == "" and result.tax == ()
    with pytest.raises(ValueError):
        mentions.mentions_for(structure=structure, services=[], on=today, document="memo")
