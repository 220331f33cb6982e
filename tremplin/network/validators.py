"""Identifier validators: python-stdnum does the arithmetic, we say what is wrong in French."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret


def _check(module, value: str, length: int, label: str) -> str:
    compact = module.compact(value or "")
    try:
        return module.validate(compact)
    except stdnum_errors.InvalidFormat as exc:
        raise ValidationError(
            _("A %(label)s is made of %(length)s digits.") % {"label": label, "length": length},
            code="invalid_format",
        ) from exc
    except stdnum_errors.InvalidLength as exc:
        raise ValidationError(
            _("A %(label)s has %(length)s digits; this one has %(count)s.")
            % {"label": label, "length": length, "count": len(compact)},
            code="invalid_length",
        ) from exc
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _("This %(label)s's check key is wrong: check for a mistyped digit.")
            % {"label": label},
            code="invalid_checksum",
        ) from exc


def validate_siret(value: str) -> str:
    return _check(stdnum_siret, value, 14, "SIRET")


def validate_siren(value: str) -> str:
    return _check(stdnum_siren, value, 9, "SIREN")
