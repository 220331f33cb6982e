"""Every legal figure names where a reader finds it — a text, never a file of this
repository — and says so when the text could not be checked."""

import datetime
import re

import pytest

from tremplin.rules.table import RULES

SOURCES = {r.key: r.source for r in RULES}
REPOSITORY_FILE = re.compile(r"\b[\w-]+\.(md|py|txt|json)\b", re.IGNORECASE)


def test_no_source_is_a_file_of_the_repository():
    assert all(r.source.strip() for r in RULES)
    assert [r.key for r in RULES if REPOSITORY_FILE.search(r.source)] == []


def _source(key, on):
    (found,) = [r for r in RULES if r.key == key and r.valid_from == on]
    return found.source


@pytest.mark.parametrize("kind", ["EI", "ETTI", "AI", "ACI", "EITI"])
def test_the_aide_au_poste_of_november_2024_cites_its_order(kind):
    source = _source(f"aide_poste.{kind}", datetime.date(2024, 11, 1))
    assert source.startswith("Arrêté du 4 décembre 2024 fixant les montants des aides")


def test_the_figures_cite_their_article_or_say_what_was_not_checked():
    assert "L5132-6" in SOURCES["contract.etti_mission_max_months"]
    assert "1er janvier 2025" in _source("aide_poste.EI", datetime.date(2025, 1, 1))
    for key in ("exit.counted_min_months.ACI", "exit.counted_min_hours.AI"):
        assert "2008-21" in SOURCES[key] and "non vérifiés" in SOURCES[key]
    assert "non vérifié" in SOURCES["pass.waiting_period_months"]
    assert "non vérifiée" in SOURCES["aide_poste.modulation_max"]
