"""Every page of every role, in Chromium, at a desktop's width and a phone's.

The demo network is seeded once; each demo login (and a visitor not logged in) then walks its
pages as a user would, from its home page through every link it is shown, until no link leads
to a page it has not seen. One page per view: a person's file stands for all files, one
invoice for all invoices. On each page: no sideways scrolling at 390 px nor at 1366 px (a wide
table scrolls inside its own box), the navigation on one line at 1366 px, no axe violation,
and no raw code in the text a person reads (an enumeration's value such as « CDD_USAGE » or
« cesu » where its label belongs, a snake_case token).

Every page the apps classify as open to a role (tests/routes*.py) must be reached by the
walk of some role, or be listed in NOT_WALKED with the reason it cannot be (a page reached
only by a form, one whose link carries a token sent by e-mail…). One browser for the whole
test, one context per role, resized between the two widths."""

import base64
import time
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tremplin.common.testing_a11y import axe_violations

from .walk_support import (
    NAV_LINES_JS,
    OVERFLOW_JS,
    VISIBLE_TEXT_JS,
    pages_of_roles,
    raw_codes,
    text_choices_codes,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# A walk that finds more pages than this is following links that never end (a calendar's
# « next week » keeps giving new addresses of one view, but one page per view stops that):
# it fails rather than stopping quietly.
MAX_PAGES = 400
# Links to files the walk does not open as pages: PDF, CSV, XLSX, JSON, XML, calendars, a
# person's data export.
FILES = (
    "/healthz",
    "/donnees/",
    "/pdf",
    ".pdf",
    ".csv",
    ".xlsx",
    ".json",
    ".xml",
    ".ics",
    "format=",
    "export=",
    "/export",
    "facturx",
)
# Links the walk does not follow either: the API and its documentation (their own tests),
# the Django admin, the language switch, static files; the login pages once logged in.
SKIPPED = ("/api/", "/admin/", "/i18n/", "/static/", "/media/", *FILES)
LOGGED_IN_SKIPPED = (*SKIPPED, "/connexion/")

# Demo login -> the role the routes are classified for; None: a visitor not logged in.
ROLES = {
    "direction": "director",
    "conseiller": "conseiller",
    "planning": "planner",
    "compta": "accountant",
    "salarie": "employee",
    "particulier": "household",
    "delegue": "delegate",
    "federation": "federation",
    "auditeur": "auditor",
    None: None,
}

# Pages no walk reaches through links, each with why; a page listed here that a walk does
# reach fails too, so that the list only holds what is true.
NOT_WALKED = {
    "accounts:invitation_accept": "its link carries a token sent by e-mail (accounts' tests)",
    "accounts:password_reset_confirm": "its link carries a token sent by e-mail",
    "accounts:password_reset_done": "shown once the reset form is posted",
    "accounts:password_reset_complete": "shown once a new password is posted",
    "people:import_job": "shown once a file to import is posted",
    "homecare:attestation_run": "shown once the year's tax attestations are started (a POST)",
    "missions:reassign_list": (
        "linked from the planner's home once an exit or an early end leaves a slot to reassign:"
        " the demo has none (missions' test_reassign and test_browser_reassign open it)"
    ),
    "network:commune_suggestions": "a fragment the address fields' script fetches",
    "network:group_edit": "linked from the groups' list: the demo has no group",
    "homecare:advance_enrol": "linked only for a household not enrolled for the advance",
    "homecare:contract_sign": "linked only for an accepted quote whose contract is unsigned",
    # One page per view: the walk opens the first person's file and the first audit; these
    # links are shown only on files or audits in another state.
    "people:barrier_status": "linked from a file with an open barrier",
    "people:exit_reason": "linked from the file of a person who has left",
    "people:prolongation_request_decide": "linked from a file with a pending request",
    "quality:action_check": "linked from an audit with an action plan to check",
    "quality:audit_edit": "linked from an audit not yet done",
    "quality:audit_report": "linked from an audit whose visit is done",
    "quality:certification_decide": "linked from an audit whose report is written",
    "quality:document_download": "a file, linked from an audit with documents",
    "quality:finding_create": "linked from an audit in progress",
    "quality:finding_other_sites": "linked from an audit with findings",
    "training:my_satisfaction": "linked for a trainee once a training ends",
}


def _totp_code() -> str:
    from django_otp.oath import totp

    from tremplin.network.demo import demo_totp_secret

    return f"{totp(base64.b32decode(demo_totp_secret())):06d}"


def _login(page, login: str, walk: "Walk") -> None:
    """Log in through the pages; the second factor's page is checked as the others."""
    from tremplin.network.demo import DEMO_DOMAIN, DEMO_PASSWORD

    page.goto("/connexion/")
    page.fill("#id_username", f"{login}@{DEMO_DOMAIN}")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url or "/connexion/code/" in url)
    if "/connexion/code/" in page.url:
        walk.visit("/connexion/code/", 200)
        page.fill("#id_code", _totp_code())
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/connexion/" not in url)


def _view_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


class Walk:
    """Breadth-first from the home page, one page per view, until the queue is empty."""

    def __init__(self, page, origin: str, *, skipped: tuple[str, ...], check):
        self.page, self.origin, self.skipped, self.check = page, origin, skipped, check
        self.seen_views: set[str] = set()
        self.visited: list[str] = []  # the pages checked, one per view
        self.page_views: set[str] = set()  # their views (after any redirect)
        self.file_views: set[str] = set()  # views of the files linked (not opened as pages)

    def visit(self, path: str, status: int) -> None:
        """Check the page the browser shows (reached by a link, or by logging in)."""
        view = _view_of(urlsplit(self.page.url).path)
        self.seen_views.add(view)
        self.page_views.add(view)
        self.visited.append(path)
        self.check(path, status)

    def run(self, start: str = "/") -> None:
        queue = deque([start])
        while queue:
            assert len(self.visited) < MAX_PAGES, (
                f"more than {MAX_PAGES} pages: {self.visited[-10:]}, {len(queue)} links left"
            )
            path = queue.popleft()
            view = _view_of(path)
            if view is None or view in self.seen_views:
                continue
            self.seen_views.add(view)
            if any(part in path for part in FILES):
                self.file_views.add(view)
                continue
            if any(part in path for part in self.skipped):
                continue
            try:
                response = self.page.goto(path)
            except PlaywrightError as error:  # a file the link downloads: not a page
                if "Download is starting" in str(error):
                    self.file_views.add(view)
                    continue
                raise
            content_type = (response and response.headers.get("content-type")) or ""
            if "text/html" not in content_type:
                self.file_views.add(view)
                continue
            if _view_of(self.page.url) != view:  # a redirection: reached, not a page
                self.page_views.add(view)
            self.visit(path, response.status)
            queue.extend(_links(self.page, self.origin))


def test_every_page_of_every_role_fits_a_phone_and_a_desktop(
    transactional_db, live_server, browser
):
    """One test for all roles: the demo is seeded once (a live server's test empties the
    database when it ends)."""
    from tremplin.conftest import ensure_reference_data_after_flush, open_page

    ensure_reference_data_after_flush()
    call_command("seed_demo", structures=2, verbosity=0)
    codes = text_choices_codes()
    report, timings, reached, files = [], [], set(), set()
    for login in ROLES:
        started = time.monotonic()
        with open_page(browser, live_server) as page:
            problems, walk = _walk_role(page, login, live_server.url, codes)
        timings.append(
            f"{login or 'visitor'}: {len(walk.visited)} pages, {time.monotonic() - started:.0f} s"
        )
        reached |= walk.page_views
        files |= walk.file_views
        if problems or not walk.visited:
            report.append(f"{login or 'visitor'}, {len(walk.visited)} pages:")
            report.extend(f"  {problem}" for problem in problems or ["no page reached"])
    print("\n".join(timings))
    pages = pages_of_roles({role for role in ROLES.values() if role}, files=FILES)
    missed = sorted(set(pages) - reached - files - NOT_WALKED.keys())
    if missed:
        report.append("pages no walk reached (link them, or say why in NOT_WALKED):")
        report.extend(f"  {name} ({pages[name]})" for name in missed)
    stale = sorted(NOT_WALKED.keys() & (reached | files))
    if stale:
        report.append(f"NOT_WALKED lists pages a walk reached: {stale}")
    assert not report, "\n".join(report)


def _walk_role(page, login: str | None, origin: str, codes) -> tuple[list[str], Walk]:
    page.set_viewport_size(PHONE)
    problems = []

    def check(path, status):
        if status >= 400:
            problems.append(f"{path}: HTTP {status} from a link the page shows")
            return
        for overflow in page.evaluate(OVERFLOW_JS):
            problems.append(f"{path} at 390 px: {overflow}")
        problems.extend(f"{path}: {violation}" for violation in axe_violations(page))
        page.set_viewport_size(DESKTOP)
        for overflow in page.evaluate(OVERFLOW_JS):
            problems.append(f"{path} at 1366 px: {overflow}")
        lines = page.evaluate(NAV_LINES_JS)
        if lines > 1:
            problems.append(f"{path} at 1366 px: the navigation takes {lines} lines")
        text, shown_as_code = page.evaluate(VISIBLE_TEXT_JS)
        for code in raw_codes(text, codes, shown_as_code=shown_as_code):
            problems.append(f"{path}: the raw code « {code} » where a label belongs")
        page.set_viewport_size(PHONE)

    walk = Walk(page, origin, skipped=SKIPPED if login is None else LOGGED_IN_SKIPPED, check=check)
    if login is not None:
        _login(page, login, walk)
    walk.run("/")
    return problems, walk
