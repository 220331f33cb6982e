"""The import's columns: their definitions and aliases, and the parsers of their cells."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from tremplin.common.text import normalize_search
from tremplin.network.models import Commune, Postcode

from ..asp.reference import EDUCATION_LEVELS
from ..models import Person
from ..services.persons import clean_nir
from .reading import _Bad, _text

# --- Cells ------------------------------------------------------------------------------


_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    if match := _FR_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise _Bad(f"date « {text} » illisible : écrivez JJ/MM/AAAA ou AAAA-MM-JJ.")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _Bad(f"la date « {text} » n'existe pas.") from None


def _past_date(value: Any) -> datetime.date | None:
    day = parse_date(value)
    if day is not None and day > datetime.date.today():
        raise _Bad(f"la date {day:%d/%m/%Y} est dans le futur.")
    return day


def _birth_date(value: Any) -> datetime.date | None:
    day = _past_date(value)
    if day is not None and day.year < 1900:
        raise _Bad(f"la date de naissance {day:%d/%m/%Y} est avant 1900.")
    return day


_TRUE = frozenset({"oui", "o", "1", "vrai", "x", "true", "yes"})
_FALSE = frozenset({"non", "n", "0", "faux", "false", "no", ""})


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize_search(_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad(f"« {_text(value)} » : répondez oui ou non.")


_SEXES = {"f": "F", "femme": "F", "m": "M", "h": "M", "homme": "M"}


def _sex(value: Any) -> str:
    text = _text(value)
    try:
        return _SEXES[normalize_search(text)]
    except KeyError:
        raise _Bad(f"sexe « {text} » inconnu : écrivez F ou M.") from None


_NIR_MESSAGES = {
    "nir_length": "un NIR a 15 caractères (13 et une clé de 2 chiffres) ; celui-ci en a {n}.",
    "nir_checksum": "la clé du NIR est fausse : vérifiez les deux derniers chiffres et ceux "
    "qui précèdent.",
    "nir_format": "ce NIR n'est pas valide : il commence par 1, 2, 3, 4, 7 ou 8 et ne "
    "contient que des chiffres (2A/2B pour la Corse).",
}


def _nir(value: Any) -> str | None:
    text = _text(value)
    try:
        return clean_nir(text) or None
    except ValidationError as exc:
        compact = re.sub(r"[\s.-]", "", text)
        raise _Bad(_NIR_MESSAGES.get(exc.code, "NIR invalide.").format(n=len(compact))) from None


def _email(value: Any) -> str:
    text = _text(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise _Bad(f"adresse e-mail « {text} » invalide.") from None
    return text


def _phone(value: Any) -> str:
    text = _text(value)
    if isinstance(value, int | float) and len(text) == 9:
        text = "0" + text  # a spreadsheet dropped the leading zero
    return text


def _education_level(value: Any) -> str:
    text = _text(value)
    if len(text) == 1 and text.isdigit():
        text = "0" + text
    if text and text not in EDUCATION_LEVELS:
        codes = ", ".join(EDUCATION_LEVELS)
        raise _Bad(f"niveau de formation « {text} » inconnu : codes ASP {codes}.")
    return text


class _Communes:
    """Commune lookup by INSEE code or postcode, optionally followed by the name; the
    tables are read on first use. Half the postcodes are also the INSEE code of another
    commune (69001: Lyon's postcode, Affoux's INSEE code): such a value is refused in the
    `commune` column unless the name follows; `code_insee` and `code_postal` columns say
    which one the file holds."""

    def __init__(self, mode: str = "either"):
        self.mode = mode  # "either", "insee" or "postcode"
        self.names: dict[str, tuple[str, str]] | None = None  # code -> (name, search name)
        self.by_postcode: dict[str, list[str]] = {}

    def _load(self) -> None:
        self.names = {
            code: (name, search_name)
            for code, name, search_name in Commune.objects.values_list(
                "code", "name", "search_name"
            )
        }
        for postcode, code in Postcode.objects.values_list("code", "commune_id"):
            self.by_postcode.setdefault(postcode, []).append(code)

    def __call__(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        if self.names is None:
            self._load()
        if len(text) == 4 and text.isdigit():  # a spreadsheet dropped the leading zero
            text = "0" + text
        match = re.match(r"^(\d[0-9AB]\d{3})\b\s*(.*)$", text.upper())
        if match is None:
            raise _Bad(f"commune « {text} » : donnez le code INSEE ou le code postal.")
        code, name = match.groups()
        found: list[str] = []
        if self.mode != "postcode" and code in self.names:
            found.append(code)
        if self.mode != "insee":
            found += [c for c in self.by_postcode.get(code, []) if c not in found]
        if name:
            wanted = normalize_search(name)
            found = [c for c in found if self.names[c][1] == wanted]
        if len(found) == 1:
            return found[0]
        what = {"insee": "code INSEE", "postcode": "code postal"}.get(self.mode)
        if not found:
            raise _Bad(f"commune « {text} » inconnue ({what or 'ni code INSEE, ni code postal'}).")
        names = ", ".join(sorted(self.names[c][0] for c in found)[:5])
        raise _Bad(
            f"« {code} » désigne {len(found)} communes ({names}{'…' if len(found) > 5 else ''}) : "
            f"écrivez le code suivi du nom (« {code} {self.names[found[0]][0]} »), ou mettez "
            "les codes INSEE dans une colonne code_insee."
        )


# --- Columns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # as written in the header (normalised)
    field: str  # Person field
    parse: Callable[[Any], Any] | None = None  # None: text; text is checked against max_length
    required: bool = False
    multiline: bool = False  # line breaks accepted (tremplin.common.validators)


def _columns() -> list[Column]:
    return [
        Column("nom", "last_name", required=True),
        Column("nom_naissance", "birth_name"),
        Column("prenoms", "first_names", required=True),
        Column("sexe", "sex", _sex, required=True),
        Column("date_naissance", "birth_date", _birth_date, required=True),
        Column("nir", "nir", _nir),
        Column("email", "email", _email),
        Column("telephone", "phone", _phone),
        Column("adresse", "address", multiline=True),
        Column("commune", "commune_id", _Communes()),
        Column("code_insee", "commune_id", _Communes("insee")),
        Column("code_postal", "commune_id", _Communes("postcode")),
        Column("niveau_formation", "education_level", _education_level),
        Column("rsa_depuis", "rsa_since", _past_date),
        Column("ass_depuis", "ass_since", _past_date),
        Column("aah_depuis", "aah_since", _past_date),
        Column("demandeur_emploi_depuis", "job_seeker_since", _past_date),
        Column("identifiant_france_travail", "job_seeker_id"),
        Column("qpv", "qpv", _boolean),
        Column("rqth", "rqth", _boolean),
        Column("parent_isole", "single_parent", _boolean),
        Column("refugie", "refugee", _boolean),
        Column("mobilite", "mobility_problem", _boolean),
        Column("competences", "skills", multiline=True),
    ]


COLUMN_NAMES = [c.name for c in _columns()]
ALIASES = {
    "nom_d_usage": "nom",
    "nom_de_naissance": "nom_naissance",
    "prenom": "prenoms",
    "date_de_naissance": "date_naissance",
    "courriel": "email",
    "e_mail": "email",
    "tel": "telephone",
    "code_commune": "code_insee",
    "commune_insee": "code_insee",
    "cp": "code_postal",
    "niveau_de_formation": "niveau_formation",
    "identifiant_ft": "identifiant_france_travail",
    "parent_isolee": "parent_isole",
    "refugiee": "refugie",
    "probleme_de_mobilite": "mobilite",
}


def header_key(cell: Any) -> str:
    """'Date de naissance' -> 'date_de_naissance' -> 'date_naissance'."""
    key = normalize_search(_text(cell)).replace(" ", "_")
    return ALIASES.get(key, key)


def _max_lengths() -> dict[str, int]:
    return {
        f.attname: f.max_length
        for f in Person._meta.concrete_fields
        if getattr(f, "max_length", None) and f.get_internal_type() == "CharField"
    }
