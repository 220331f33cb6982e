"""Every page of every role, in Chromium, at a desktop's width and a phone's.

The demo network is seeded once; each demo login then walks its pages as a user would, from
its home page through the links it is shown (one page per view: a person's file stands for
all files). On each page: no sideways scrolling at 390 px nor at 1366 px (a wide table
scrolls inside its own box), the navigation on one line at 1366 px, and no axe violation."""

import base64
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tremplin.common.testing_a11y import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
MAX_PAGES = 45  # per role: every view the walk finds is one page; the demo has fewer
# Links the walk does not follow: files (PDF, CSV, XLSX, JSON), the API and its
# documentation (its own page), the Django admin, the language switch, the login pages.
SKIPPED = (
    "/api/",
    "/admin/",
    "/i18n/",
    "/connexion/",
    "/static/",
    "/media/",
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

# Where the right edge of the page is pushed past the viewport: the first culprits, named.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = el.parentElement, clipped = false;
      while (inside) {
        const style = getComputedStyle(inside);
        if (style.overflowX !== 'visible') { clipped = true; break; }
        inside = inside.parentElement;
      }
      if (!clipped) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
          ' (' + Math.round(box.right) + ' px)');
      }
    }
    if (culprits.length >= 3) break;
  }
  return [document.documentElement.scrollWidth + ' px wide: ' + culprits.join(', ')];
}"""

# The top entries of the navigation on one line: the same top for all of them.
NAV_LINES_JS = """() => {
  const items = [...document.querySelectorAll('nav.navbar .navbar-nav > .nav-item')];
  return new Set(items.map(item => Math.round(item.getBoundingClientRect().top))).size;
}"""

ROLES = [
    "direction",
    "conseiller",
    "planning",
    "compta",
    "salarie",
    "particulier",
    "delegue",
    "federation",
    "auditeur",
]


def _totp_code() -> str:
    from django_otp.oath import totp

    from tremplin.network.demo import demo_totp_secret

    return f"{totp(base64.b32decode(demo_totp_secret())):06d}"


def _login(page, login: str) -> None:
    from tremplin.network.demo import DEMO_DOMAIN, DEMO_PASSWORD

    page.goto("/connexion/")
    page.fill("#id_username", f"{login}@{DEMO_DOMAIN}")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url or "/connexion/code/" in url)
    if "/connexion/code/" in page.url:
        page.fill("#id_code", _totp_code())
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/connexion/" not in url)


def _view_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not any(skip in path for skip in SKIPPED):
            paths.append(path)
    return paths


def walk(page, origin: str, *, check) -> list[str]:
    """Breadth-first from the home page, one page per view; `check` on each page."""
    seen_views: set[str] = set()
    queue = deque(["/"])
    visited = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        view = _view_of(urlsplit(path).path)
        if view is None or view in seen_views:
            continue
        seen_views.add(view)
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a file the link downloads: not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(path)
        check(path, response.status)
        queue.extend(_links(page, origin))
    return visited


def test_every_page_of_every_role_fits_a_phone_and_a_desktop(
    transactional_db, live_server, browser
):
    """One test for all roles: the demo is seeded once (a live server's test empties the
    database when it ends)."""
    from tremplin.conftest import ensure_reference_data_after_flush, open_page

    ensure_reference_data_after_flush()
    call_command("seed_demo", structures=2, verbosity=0)
    report = []
    for login in ROLES:
        with open_page(browser, live_server) as page:
            problems, visited = _walk_role(page, login, live_server.url)
        if problems or not visited:
            report.append(f"{login}, {len(visited)} pages:")
            report.extend(f"  {problem}" for problem in problems or ["no page reached"])
    assert not report, "\n".join(report)


def _walk_role(page, login: str, origin: str) -> tuple[list[str], list[str]]:
    page.set_viewport_size(PHONE)
    _login(page, login)
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
        page.set_viewport_size(PHONE)

    return problems, walk(page, origin, check=check)
