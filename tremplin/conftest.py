import contextlib
import datetime
import importlib
import os
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from tremplin.accounts import services as account_services
from tremplin.accounts.models import StructureRole, UserKind
from tremplin.accounts.testing import PASSWORD, totp_enable, totp_now
from tremplin.common.testing import World
from tremplin.network import services as network_services
from tremplin.network.demo import ensure_reference_data
from tremplin.network.models import Commune

# Roles walked by the permission and tenancy tests: role name -> (user kind, membership role)
ROLES = {
    "anonymous": (None, None),
    "director": (UserKind.STRUCTURE_STAFF, StructureRole.DIRECTOR),
    "conseiller": (UserKind.STRUCTURE_STAFF, StructureRole.CONSEILLER),
    "planner": (UserKind.STRUCTURE_STAFF, StructureRole.PLANNER),
    "accountant": (UserKind.STRUCTURE_STAFF, StructureRole.ACCOUNTANT),
    "employee": (UserKind.EMPLOYEE, StructureRole.EMPLOYEE),
    "household": (UserKind.HOUSEHOLD, StructureRole.CLIENT),
    "delegate": (UserKind.DELEGATE, None),
    "federation": (UserKind.FEDERATION, None),
    "auditor": (UserKind.AUDITOR, None),
}


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login` stands for the whole login, second factor included, as the
    login page would leave the session. Tests of the login itself post to the real pages
    (tremplin/accounts/tests/) and prove the enforcement there."""
    from django.test import Client

    from tremplin.accounts.security import session_record

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session_record(session, user, verified=True)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def browser_login(page, user, password=PASSWORD):
    """Log in through the pages, typing the second factor's code when asked for it."""
    page.goto("/connexion/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url or "/connexion/code/" in url)
    if "/connexion/code/" in page.url:
        page.fill("#id_code", totp_now(user))
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/connexion/" not in url)


# Every test runs on a pinned day, never on the machine's: an ordinary Wednesday by default,
# and CI runs the suite again on hard days (the 1st of a month, 31 December, 29 February)
# with TREMPLIN_TODAY=YYYY-MM-DD (see .ci/run). The clock ticks from 10:00, Paris time.
DEFAULT_TODAY = datetime.date(2026, 11, 18)


def pinned_today() -> datetime.date:
    value = os.environ.get("TREMPLIN_TODAY")
    return datetime.date.fromisoformat(value) if value else DEFAULT_TODAY


@pytest.fixture(autouse=True)
def _pinned_day():
    moment = datetime.datetime.combine(
        pinned_today(), datetime.time(10), tzinfo=zoneinfo.ZoneInfo("Europe/Paris")
    )
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def today() -> datetime.date:
    """The pinned day every test runs on."""
    return pinned_today()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Territories are reference data: loaded once per test database, kept by every test
    (tests run in transactions rolled back on top of them)."""
    with django_db_blocker.unblock():
        if not Commune.objects.exists():
            call_command("load_territories", verbosity=0)
            ensure_reference_data()


@pytest.fixture
def federation_user(db):
    ensure_reference_data_after_flush()
    return account_services.user_create(
        email="admin-fede@tremplin.test", kind=UserKind.FEDERATION, password=PASSWORD
    )


def make_structure(*, actor, name, siret, commune="69123", **fields):
    return network_services.structure_create(
        actor=actor,
        name=name,
        siret=siret,
        kind=fields.pop("kind", "AI"),
        address="1 rue de la Paix",
        commune=Commune.objects.get(pk=commune),
        **fields,
    )


def ensure_reference_data_after_flush():
    """Transactional tests (live server, threads) empty the database when they end: the
    ones after them reload the few territories and the reference rows they need."""
    if not Commune.objects.exists():
        network_services.territories_load(departements=["69", "35", "38", "29", "42", "75"])
    ensure_reference_data()
    _reload_exit_reasons()
    _reload_shipped_referentials()


@pytest.fixture
def structure(federation_user):
    """One structure, for tests that need no more."""
    return make_structure(actor=federation_user, name="AI du Rhône", siret="73282932000074")


@pytest.fixture
def world(db, federation_user) -> World:
    own = make_structure(
        actor=federation_user, name="AI du Rhône", siret="73282932000074", commune="69123"
    )
    other = make_structure(
        actor=federation_user,
        name="ACI de Bretagne",
        siret="35600000000048",
        commune="35238",
        kind="ACI",
    )
    group = network_services.group_save(actor=federation_user, name="GES Rhône", structures=[own])
    users = {"anonymous": None, "federation": federation_user}
    for role, (kind, membership_role) in ROLES.items():
        if role in ("anonymous", "federation"):
            continue
        user = account_services.user_create(
            email=f"{role}@tremplin.test",
            kind=kind,
            password=PASSWORD,
            first_name=role.capitalize(),
            last_name="Test",
        )
        if membership_role:
            account_services.structure_membership_add(
                user=user, structure=own, role=membership_role
            )
        if kind == UserKind.DELEGATE:
            account_services.delegation_membership_add(user=user, delegation=own.delegation)
        users[role] = user
    assert own.delegation_id != other.delegation_id
    return World(
        own=own,
        other=other,
        own_delegation=own.delegation,
        other_delegation=other.delegation,
        group=group,
        users=users,
    )


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if os.path.exists(path) else None


# --- Browser tests ---------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is missing (apt-get install chromium): browser tests not run"
        if os.environ.get("TREMPLIN_STRICT"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django would then refuse
    # the test's own database calls, which are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def open_page(browser, live_server):
    """A page that fails the test on any Content-Security-Policy violation: Chromium reports
    them as console errors ("Refused to execute inline script…", "Refused to apply inline
    style…"), the sign of a script, style or handler the policy blocks."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    # Generous: two test processes share 2 cores with Chromium and the live server; a page
    # that never comes still fails, a slow one under load does not.
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        yield page
    finally:
        context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    with open_page(browser, live_server) as page:
        yield page


# The two widths every role's day is tried at: a laptop's and a phone's.
WIDTHS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(WIDTHS))
def sized_page(request, page):
    """The page at a desktop's width, then at a phone's (the test runs twice)."""
    page.set_viewport_size(WIDTHS[request.param])
    return page


def assert_page_fits(page) -> None:
    """No sideways scrolling and no axe violation on the page shown."""
    from tremplin.common.testing_a11y import axe_violations

    width = page.evaluate("document.documentElement.clientWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"{page.url} scrolls sideways: {scroll} px for {width} px"
    violations = axe_violations(page)
    assert not violations, f"{page.url}: " + "\n".join(violations)


def hire_in_path(*, conseiller, structure, pass_number, start, end, weekly_hours=26):
    """Paul Girard, hired in a path the way a conseiller does it (diagnosis, PASS IAE, CDDI
    from `start` to `end`): the employee of the browser tests, who need one the planner may
    assign."""
    from tremplin.people.services import approvals, contracts, eligibility, persons

    person = persons.person_create(
        actor=conseiller,
        structure=structure,
        last_name="Girard",
        first_names="Paul",
        sex="M",
        birth_date=datetime.date(1990, 2, 2),
    )
    eligibility.diagnosis_create(
        actor=conseiller,
        person=person,
        author_kind="employer",
        author_name="K",
        made_on=start,
        criteria=["l1_rsa"],
    )
    approvals.approval_issue(actor=conseiller, person=person, number=pass_number, start_date=start)
    contracts.contract_sign(
        actor=conseiller,
        person=person,
        kind="cddi",
        start_date=start,
        planned_end_date=end,
        weekly_hours=Decimal(weekly_hours),
    )
    return person


def _reload_shipped_referentials():
    """The référentiels a migration loads from quality/referentials/ (emptied alike). Looked
    up by name: the lower apps' tests import this conftest, and may not import quality."""
    loader = importlib.import_module("tremplin.quality.services.referentials")
    loader.referentials_ensure_shipped()


def _reload_exit_reasons():
    """Reference rows loaded by a migration are emptied by transactional tests: load again."""
    from tremplin.people.asp.reference import EXIT_REASONS
    from tremplin.people.models import ExitReason

    for reason in EXIT_REASONS:
        ExitReason.objects.update_or_create(
            code=reason.code, defaults={"label": reason.label, "category": reason.category}
        )


@pytest.fixture
def browser_world(transactional_db, page):
    """The world of the other tests, in a database the live server sees. Transactional
    tests empty the database after each test, so the few territories needed are loaded
    again here (the Rhône and Ille-et-Vilaine)."""
    ensure_reference_data_after_flush()
    federation = account_services.user_create(
        email="admin-fede@tremplin.test", kind=UserKind.FEDERATION, password=PASSWORD
    )
    own = make_structure(actor=federation, name="AI du Rhône", siret="73282932000074")
    director = account_services.user_create(
        email="director@tremplin.test",
        kind=UserKind.STRUCTURE_STAFF,
        password=PASSWORD,
        first_name="Danielle",
        last_name="Directrice",
    )
    account_services.structure_membership_add(
        user=director, structure=own, role=StructureRole.DIRECTOR
    )
    # Directors and federation staff must have a second factor (see browser_login).
    totp_enable(director)
    totp_enable(federation)
    conseiller = account_services.user_create(
        email="conseiller@tremplin.test",
        kind=UserKind.STRUCTURE_STAFF,
        password=PASSWORD,
        first_name="Karim",
        last_name="Conseiller",
    )
    account_services.structure_membership_add(
        user=conseiller, structure=own, role=StructureRole.CONSEILLER
    )
    return {"own": own, "director": director, "federation": federation, "conseiller": conseiller}
