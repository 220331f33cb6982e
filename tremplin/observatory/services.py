"""Writes of the observatory that people make (the figures themselves are computed by jobs,
`compute`/`maintenance`): the federation publishing a year."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import rules, selectors
from .models import Publication
from .selectors import NETWORK


@transaction.atomic
def publication_create(*, actor, year: int) -> Publication:
    """Publish a year of the network's figures: the public page and API show it from now
    on. Publishing a year again records the new day and who did it (the figures shown are
    always those of today's computation)."""
    rules.require(rules.can_publish(actor))
    if year not in selectors.available_years(NETWORK):
        raise ValidationError(
            {
                "year": _("The network has no figures for %(year)s: nothing to publish.")
                % {"year": year}
            }
        )
    publication, _created = Publication.objects.update_or_create(
        year=year,
        defaults={"published_on": datetime.date.today(), "published_by": actor},
    )
    return publication
