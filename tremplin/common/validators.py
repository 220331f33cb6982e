"""Control characters refused in every text typed or imported: one rule for the pages (the
form mixin), the API (the base serializers of tremplin.common.api) and the import's cells.

Refused everywhere: C0 controls but tab, line feed and carriage return; DEL and the C1
controls (U+007F–U+009F); the non-characters U+FFFE and U+FFFF; lone surrogates. They are
invisible, mean nothing in a name or a note, and most are illegal in XML: one of them made
the XLSX export fail. Tab and line breaks are refused too in single-line fields (a name, a
NIR), accepted in multi-line ones (notes, an address).

Text that looks like a spreadsheet formula (`=HYPERLINK(…)`, `@SUM(…)`) is accepted: a name
or a note may start with « - » or « + » (a phone number) and is stored as typed; every CSV
and XLSX written neutralises it instead (tremplin.common.spreadsheets)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Characters never accepted in text (see the module's docstring).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Also refused in a single-line field.
LINE_BREAK = re.compile("[\t\n\r]")


def control_character_error(value: str, *, multiline: bool = True) -> str | None:
    """The French message for the first forbidden character of `value`, or None."""
    match = CONTROL.search(value)
    if match:
        return str(
            _(
                "This field contains an invisible control character (U+%(code)04X, "
                "position %(position)s): delete it."
            )
            % {"code": ord(match.group()), "position": match.start() + 1}
        )
    if not multiline:
        match = LINE_BREAK.search(value)
        if match:
            return str(
                _(
                    "This field holds one line: remove the line break or tab "
                    "(position %(position)s)."
                )
                % {"position": match.start() + 1}
            )
    return None


@deconstructible
class NoControlCharacters:
    """Validator: refuses the characters of `control_character_error`."""

    def __init__(self, multiline: bool = True):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str):
            message = control_character_error(value, multiline=self.multiline)
            if message:
                raise ValidationError(message, code="control_character")

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


SINGLE_LINE = NoControlCharacters(multiline=False)
MULTI_LINE = NoControlCharacters(multiline=True)


def add_text_validator(validators: list[Callable], *, multiline: bool) -> None:
    """Append the right validator to a field's `validators` list, once."""
    if not any(isinstance(v, NoControlCharacters) for v in validators):
        validators.append(MULTI_LINE if multiline else SINGLE_LINE)
