"""The security headers of every page, and templates that the Content-Security-Policy can
serve as they are: no inline script, no inline style attribute, no on… handler."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "tremplin"
# Rendered to PDF by WeasyPrint, never sent to a browser: their <style> is no CSP matter.
PDF_ONLY = {
    "missions/templates/missions/invoice_pdf.html",
    "observatory/templates/observatory/report.html",
    "people/templates/people/person_data_pdf.html",
}

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _templates():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in PDF_ONLY:
            yield relative, path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("inline script", INLINE_SCRIPT),
        ("inline style", INLINE_STYLE),
        ("event handler attribute", HANDLER),
    ],
)
def test_no_template_needs_an_unsafe_inline_policy(name, pattern):
    found = [f"{path}: {m.group(0)}" for path, text in _templates() for m in pattern.finditer(text)]
    assert not found, f"{name} blocked by the CSP (move it to a static file): {found}"


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_the_security_headers(client):
    response = client.get("/annuaire/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/annuaire/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
