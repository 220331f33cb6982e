"""The ASP code lists, as choices for forms and a reference table for exits."""

from .asp.reference import EDUCATION_LEVELS


def education_level_choices() -> list[tuple[str, str]]:
    return list(EDUCATION_LEVELS.items())
