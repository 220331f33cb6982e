"""Loading a référentiel from the file the federation maintains (format: referentials/README.md).

All or nothing: the file is read and checked whole, every error is reported with where it
is (the line of a TOML syntax error, « chapitre 3, exigence 3.2 » otherwise), and only a
file without error is saved, in one transaction. A code and version already loaded is
refused: a version once used is never edited, a new version is loaded beside it and becomes
the current one."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.quality import evidence

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "referentials"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {
    "code",
    "version",
    "kind",
    "title",
    "published_on",
    "source",
    "is_example",
    "chapters",
}
CHAPTER_KEYS = {"number", "title", "requirements"}
REQUIREMENT_KEYS = {"number", "title", "text", "evidence_expected", "indicator"}
LIMITS = {"code": 40, "version": 20, "title": 200, "source": 300}
# The French names of the keys, for the errors (the key itself is given too).
LABELS = {
    "code": gettext_lazy("code"),
    "version": gettext_lazy("version"),
    "kind": gettext_lazy("kind"),
    "title": gettext_lazy("title"),
    "source": gettext_lazy("source"),
    "number": gettext_lazy("number"),
    "text": gettext_lazy("text"),
    "evidence_expected": gettext_lazy("evidence expected"),
    "indicator": gettext_lazy("computed indicator"),
}
NUMBER_MAX = 20
TITLE_MAX = 300


@dataclass
class ParsedRequirement:
    number: str
    title: str
    text: str = ""
    evidence_expected: str = ""
    indicator: str = ""


@dataclass
class ParsedChapter:
    number: str
    title: str
    requirements: list[ParsedRequirement] = field(default_factory=list)


@dataclass
class ParsedReferential:
    code: str
    version: str
    kind: str
    title: str
    published_on: datetime.date | None
    source: str
    is_example: bool
    chapters: list[ParsedChapter]


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.toml"))


def _kinds() -> set[str]:
    from tremplin.quality.models import ReferentialKind

    return set(ReferentialKind.values)


class _Checker:
    """Collects every error of a file with its place, so the federation fixes them at once."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []

    def error(self, where: str | None, message: str) -> None:
        prefix = f"{self.filename}, {where}" if where else self.filename
        self.errors.append(f"{prefix} : {message}")

    def text(self, data: dict, key: str, where, *, required: bool, limit: int | None = None):
        value = data.get(key, "")
        if not isinstance(value, str):
            self.error(where, _("« %(key)s » must be text") % {"key": key})
            return ""
        value = value.strip()
        if required and not value:
            self.error(
                where, _("%(label)s missing (« %(key)s »)") % {"label": LABELS[key], "key": key}
            )
        if limit and len(value) > limit:
            self.error(
                where,
                _("« %(key)s » is %(length)s characters long, at most %(limit)s")
                % {"key": key, "length": len(value), "limit": limit},
            )
        if any(ord(c) < 32 and c not in "\n\t" for c in value):
            self.error(where, _("« %(key)s » holds control characters") % {"key": key})
        return value

    def unknown(self, data: dict, allowed: set[str], where) -> None:
        for key in sorted(set(data) - allowed):
            self.error(where, _("unknown key « %(key)s »") % {"key": key})


def referential_parse(content: bytes, *, filename: str) -> ParsedReferential:
    """The référentiel the file describes; a ValidationError listing every error found."""
    check = _Checker(filename)
    if len(content) > settings.QUALITY_REFERENTIAL_MAX_BYTES:
        raise ValidationError(
            _("%(file)s : the file is larger than %(limit)s kB.")
            % {"file": filename, "limit": settings.QUALITY_REFERENTIAL_MAX_BYTES // 1000}
        )
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("%(file)s : the file is not UTF-8 text.") % {"file": filename}
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib says « Invalid value (at line 3, column 9) »: keep the line, in French.
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        if found:
            message = _(
                "%(file)s, line %(line)s (column %(column)s): invalid TOML syntax (%(detail)s)."
            ) % {
                "file": filename,
                "line": found.group(1),
                "column": found.group(2),
                "detail": str(exc).split(" (at line")[0],
            }
        else:
            message = _("%(file)s : invalid TOML syntax (%(detail)s).") % {
                "file": filename,
                "detail": exc,
            }
        raise ValidationError(message) from exc

    check.unknown(data, TOP_KEYS, None)
    code = check.text(data, "code", None, required=True, limit=LIMITS["code"])
    if code and not SLUG.match(code):
        check.error(None, _("« code » holds only lower-case letters, digits and dashes"))
    version = check.text(data, "version", None, required=True, limit=LIMITS["version"])
    kind = check.text(data, "kind", None, required=True)
    if kind and kind not in _kinds():
        check.error(
            None,
            _("unknown kind « %(kind)s » (one of: %(kinds)s)")
            % {"kind": kind, "kinds": ", ".join(sorted(_kinds()))},
        )
    title = check.text(data, "title", None, required=True, limit=LIMITS["title"])
    source = check.text(data, "source", None, required=False, limit=LIMITS["source"])
    published_on = data.get("published_on")
    if published_on is not None and (
        not isinstance(published_on, datetime.date) or isinstance(published_on, datetime.datetime)
    ):
        check.error(None, _("« published_on » must be a date such as 2019-06-06"))
        published_on = None
    is_example = data.get("is_example", False)
    if not isinstance(is_example, bool):
        check.error(None, _("« is_example » must be true or false"))
        is_example = False

    chapters = _parse_chapters(data.get("chapters"), check)
    if check.errors:
        raise ValidationError(check.errors)
    return ParsedReferential(
        code=code,
        version=version,
        kind=kind,
        title=title,
        published_on=published_on,
        source=source,
        is_example=is_example,
        chapters=chapters,
    )


def _parse_chapters(raw, check: _Checker) -> list[ParsedChapter]:
    if not isinstance(raw, list) or not raw:
        check.error(None, _("no chapter ([[chapters]])"))
        return []
    chapters, numbers = [], set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            check.error(_("chapter no. %(n)s") % {"n": position}, _("must be a table"))
            continue
        number = item.get("number")
        number = number.strip() if isinstance(number, str) else ""
        where = _("chapter %(number)s") % {"number": number or f"#{position}"}
        check.unknown(item, CHAPTER_KEYS, where)
        number = check.text(item, "number", where, required=True, limit=NUMBER_MAX)
        if number in numbers:
            check.error(where, _("number used twice"))
        numbers.add(number)
        chapter = ParsedChapter(
            number=number, title=check.text(item, "title", where, required=True, limit=TITLE_MAX)
        )
        chapter.requirements = _parse_requirements(item.get("requirements"), where, check)
        chapters.append(chapter)
    return chapters


def _parse_requirements(raw, chapter_where: str, check: _Checker) -> list[ParsedRequirement]:
    if not isinstance(raw, list) or not raw:
        check.error(chapter_where, _("no requirement ([[chapters.requirements]])"))
        return []
    requirements, numbers = [], set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            check.error(chapter_where, _("requirement no. %(n)s must be a table") % {"n": position})
            continue
        number = item.get("number")
        number = number.strip() if isinstance(number, str) else ""
        where = _("%(chapter)s, requirement %(number)s") % {
            "chapter": chapter_where,
            "number": number or f"#{position}",
        }
        check.unknown(item, REQUIREMENT_KEYS, where)
        number = check.text(item, "number", where, required=True, limit=NUMBER_MAX)
        if number in numbers:
            check.error(where, _("number used twice in the chapter"))
        numbers.add(number)
        indicator = check.text(item, "indicator", where, required=False, limit=80)
        if indicator and not evidence.is_known(indicator):
            check.error(where, _("unknown indicator « %(key)s »") % {"key": indicator})
        requirements.append(
            ParsedRequirement(
                number=number,
                title=check.text(item, "title", where, required=True, limit=TITLE_MAX),
                text=check.text(item, "text", where, required=False),
                evidence_expected=check.text(item, "evidence_expected", where, required=False),
                indicator=indicator,
            )
        )
    return requirements


def _duplicate(parsed: ParsedReferential, filename: str) -> ValidationError:
    return ValidationError(
        _(
            "%(file)s : the référentiel « %(code)s » version %(version)s is already loaded. "
            "A loaded version is never changed: give the file a new version."
        )
        % {"file": filename, "code": parsed.code, "version": parsed.version}
    )


def referential_save(parsed: ParsedReferential, *, filename: str, models=None):
    """Save a checked référentiel as the current version of its code. `models` gives the
    classes to use (a data migration passes its historical ones)."""
    if models is None:
        from tremplin.quality.models import Chapter, Referential, Requirement
    else:
        Referential, Chapter, Requirement = models
    with transaction.atomic():
        if Referential.objects.filter(code=parsed.code, version=parsed.version).exists():
            raise _duplicate(parsed, filename)
        Referential.objects.filter(code=parsed.code, is_current=True).update(is_current=False)
        try:
            with transaction.atomic():
                referential = Referential.objects.create(
                    code=parsed.code,
                    version=parsed.version,
                    kind=parsed.kind,
                    title=parsed.title,
                    published_on=parsed.published_on,
                    source=parsed.source,
                    is_example=parsed.is_example,
                    is_current=True,
                )
        except IntegrityError as exc:  # loaded at the same moment by someone else
            raise _duplicate(parsed, filename) from exc
        requirements = []
        for position, item in enumerate(parsed.chapters):
            chapter = Chapter.objects.create(
                referential=referential, number=item.number, title=item.title, position=position
            )
            requirements += [
                Requirement(
                    chapter=chapter,
                    number=r.number,
                    title=r.title,
                    text=r.text,
                    evidence_expected=r.evidence_expected,
                    indicator=r.indicator,
                    position=index,
                )
                for index, r in enumerate(item.requirements)
            ]
        Requirement.objects.bulk_create(requirements)
    return referential


def referential_load(*, content: bytes, filename: str, models=None):
    """Check then save one file (all or nothing)."""
    parsed = referential_parse(content, filename=filename)
    return referential_save(parsed, filename=filename, models=models)


def referentials_load_files(paths: list[Path], *, models=None) -> list:
    """Several files in one transaction: one error and none of them is saved."""
    errors: list[str] = []
    parsed = []
    for path in paths:
        try:
            content = path.read_bytes()
            parsed.append((referential_parse(content, filename=path.name), path.name))
        except OSError as exc:
            errors.append(
                _("%(file)s : cannot be read (%(error)s).") % {"file": path, "error": exc}
            )
        except ValidationError as exc:
            errors += exc.messages
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for item, filename in parsed:
            saved.append(referential_save(item, filename=filename, models=models))
    return saved


def referentials_ensure_shipped() -> int:
    """Load the shipped files again where no référentiel is left (a test database emptied
    by a transactional test loses what the migration loaded); the number loaded."""
    from tremplin.quality.models import Referential

    if Referential.objects.exists():
        return 0
    return len(referentials_load_files(shipped_files()))
