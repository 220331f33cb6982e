"""The browser walk's scan for raw codes, without a browser."""

from .walk_support import raw_codes, text_choices_codes


def test_the_codes_are_the_project_enumerations_values_not_french_words():
    codes = text_choices_codes()
    assert {"cdd_usage", "cesu", "draft"} <= codes
    # A word of its own label, or a French word: read in a sentence, not a code.
    assert not {"ACI", "surveillance", "client", "mission", "am"} & codes


def test_raw_codes_are_found_in_the_text_but_not_in_addresses_nor_code_shown_on_purpose():
    codes = text_choices_codes()
    text = (
        "Motif : CDD_MOINS_6M. Contrat : cdd_usage. Paiement : cesu ; par CESU. « draft » mode prestataire d'une ACI "
        "/api/v1/personnes/ lea_martin@demo.fr export_2026.csv colonnes nom_naissance"
    )
    assert raw_codes(text, codes, shown_as_code="nom; nom_naissance;") == [
        "CDD_MOINS_6M",
        "cdd_usage",
        "cesu",
        "draft",
    ]
    assert raw_codes("Statut : pending_review", codes) == ["pending_review"]
