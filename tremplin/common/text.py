"""Text normalisation for search: accent-, case- and punctuation-insensitive."""

import re

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_search(text: str) -> str:
    """'Saint-Étienne-du-Rouvray' -> 'saint etienne du rouvray'.

    Stored in an indexed column so that a prefix search works the same on SQLite and
    PostgreSQL without relying on database collations or extensions."""
    return _NON_ALNUM.sub(" ", unidecode(text or "").lower()).strip()


def tag_set(text: str) -> frozenset[str]:
    """'Permis B, repassage ;Jardinage' -> {'permis b', 'repassage', 'jardinage'}: skills and
    licences are typed freely on requests and on people, and compared this way."""
    return frozenset(
        tag for tag in (normalize_search(part) for part in re.split(r"[,;\n]", text or "")) if tag
    )
