"""The activities of services à la personne, as the Code du travail lists them.

Source: Code du travail, art. D7231-1 (Légifrance).
I lists the activities under an agrément (L7232-1), II those under an autorisation of the
département (L313-1 of the Code de l'action sociale et des familles) when provided in the
« prestataire » mode, III those a declaration suffices for. Three activities have a yearly
sub-cap of the tax advantage (D7233-5); the amounts are dated rules (`tremplin.rules`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    AGREMENT = "agrement", _("Under an agrément (D7231-1, I)")
    AUTORISATION = "autorisation", _("Under an authorisation of the département (D7231-1, II)")
    DECLARATION = "declaration", _("Declaration only (D7231-1, III)")


class SubCap(models.TextChoices):
    """The activities whose tax advantage has its own yearly cap (D7233-5)."""

    NONE = "", _("No sub-cap")
    DIY = "diy", _("Small DIY: yearly cap, 2 hours per intervention")
    IT = "it", _("IT help: yearly cap")
    GARDENING = "gardening", _("Small gardening: yearly cap")


class InterventionMode(models.TextChoices):
    """How the structure provides a service; quotes, contracts and invoices state it
    (arrêté du 17 mars 2015, art. 2 and 4)."""

    PRESTATAIRE = "prestataire", _("Provider (« prestataire »)")
    MANDATAIRE = "mandataire", _("Agent (« mandataire »)")
    MISE_A_DISPOSITION = "mise_a_disposition", _("Placement (« mise à disposition »)")


@dataclass(frozen=True)
class SapActivity:
    code: str
    label: str
    regime: str
    sub_cap: str = SubCap.NONE


ACTIVITIES: tuple[SapActivity, ...] = (
    # I — agrément
    SapActivity("garde_moins_3", _("Childcare at home, children under 3"), Regime.AGREMENT),
    SapActivity(
        "accompagnement_moins_3",
        _("Accompanying children under 3 outside the home"),
        Regime.AGREMENT,
    ),
    # II — autorisation (in the « prestataire » mode; agrément in the « mandataire » mode)
    SapActivity(
        "assistance_dependants",
        _("Help at home for elderly or disabled people"),
        Regime.AUTORISATION,
    ),
    SapActivity(
        "conduite_dependants",
        _("Driving the personal vehicle of elderly or disabled people"),
        Regime.AUTORISATION,
    ),
    SapActivity(
        "accompagnement_dependants",
        _("Accompanying elderly or disabled people outside the home"),
        Regime.AUTORISATION,
    ),
    # III — declaration
    SapActivity("menage", _("Housework and household chores"), Regime.DECLARATION),
    SapActivity("jardinage", _("Small gardening work"), Regime.DECLARATION, SubCap.GARDENING),
    SapActivity(
        "bricolage", _("Small DIY work (« hommes toutes mains »)"), Regime.DECLARATION, SubCap.DIY
    ),
    SapActivity("garde_plus_3", _("Childcare at home, children over 3"), Regime.DECLARATION),
    SapActivity("soutien_scolaire", _("Tutoring and lessons at home"), Regime.DECLARATION),
    SapActivity("esthetique", _("Beauty care at home for dependent people"), Regime.DECLARATION),
    SapActivity("repas", _("Preparing meals at home"), Regime.DECLARATION),
    SapActivity("livraison_repas", _("Delivering meals at home"), Regime.DECLARATION),
    SapActivity("linge", _("Collecting and delivering ironed laundry"), Regime.DECLARATION),
    SapActivity("courses", _("Delivering shopping at home"), Regime.DECLARATION),
    SapActivity("informatique", _("IT help at home"), Regime.DECLARATION, SubCap.IT),
    SapActivity("animaux", _("Care and walks of pets of dependent people"), Regime.DECLARATION),
    SapActivity("vigilance", _("Temporary upkeep and watch of the residence"), Regime.DECLARATION),
    SapActivity("administratif", _("Administrative help at home"), Regime.DECLARATION),
    SapActivity(
        "accompagnement_plus_3",
        _("Accompanying children over 3 outside the home"),
        Regime.DECLARATION,
    ),
    SapActivity("teleassistance", _("Remote assistance and video assistance"), Regime.DECLARATION),
    SapActivity("interprete", _("Sign language interpreting and coding"), Regime.DECLARATION),
    SapActivity(
        "assistance_temporaire",
        _("Help at home for people temporarily in need"),
        Regime.DECLARATION,
    ),
    SapActivity(
        "conduite_temporaire",
        _("Driving the personal vehicle of people temporarily in need"),
        Regime.DECLARATION,
    ),
    SapActivity(
        "accompagnement_temporaire",
        _("Accompanying people temporarily in need outside the home"),
        Regime.DECLARATION,
    ),
    SapActivity(
        "coordination", _("Coordinating and delivering a package of services"), Regime.DECLARATION
    ),
)
BY_CODE = {activity.code: activity for activity in ACTIVITIES}
ACTIVITY_CHOICES = [(activity.code, activity.label) for activity in ACTIVITIES]


def activity(code: str) -> SapActivity:
    return BY_CODE[code]
