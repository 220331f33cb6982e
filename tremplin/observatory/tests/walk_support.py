"""What the browser walk (test_browser_walk.py) checks on each page, and the routes it must
reach: the scripts run in the page, the raw codes a person must never read, and the routes
the apps classify (tests/routes*.py) as pages a role may open."""

import importlib
import pkgutil
import re

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

import tremplin
from tremplin.common.routes import Access

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

# The text a person reads: rendered text only, not attributes, hidden menus nor the values
# typed in fields; then the words shown as code on purpose (<code>, <kbd>, <samp>: the
# column names a file to import must have…), which are not labels.
VISIBLE_TEXT_JS = """() => [document.body.innerText,
  [...document.body.querySelectorAll('code, kbd, samp')].map(el => el.innerText).join(' ')]"""

# Enumeration values that are also ordinary French words or names (« client », « mission »,
# « association »…): read in a sentence, they are not a code.
FRENCH_WORDS = frozenset(
    {
        "absent",
        "active",
        "administrative",
        "association",
        "carte",
        "central",
        "client",
        "conseiller",
        "diagnostic",
        "digital",
        "document",
        "durable",
        "export",
        "file",
        "finances",
        "insertion",
        "justice",
        "mandataire",
        "mission",
        "observation",
        "positive",
        "prestataire",
        "refuse",
        "senior",
        "stable",
        "structure",
        "suspend",
        "transition",
        "virement",
    }
)
SNAKE_CASE = re.compile(r"^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$")
# A word as the text splits it: what surrounds it (punctuation, quotes) is not part of it.
WORD = re.compile(r"[^\s]+")
EDGES = ".,;:!?()[]{}«»\"'’“”…"


def text_choices_codes() -> frozenset[str]:
    """The values of every TextChoices of the project that a person must never read where
    their label belongs: « cdd_usage », « cesu », « draft »… (codes written UPPER_SNAKE, such
    as the exit reasons' « CDD_MOINS_6M » of the reference table, are found by their form). Short values (two letters),
    numbers, values that are a word of their own label (« ACI » of « Atelier et chantier
    d'insertion (ACI) », « surveillance » of « Audit de surveillance ») and French words are
    left out: they read the same in a sentence."""
    for module in pkgutil.walk_packages(tremplin.__path__, "tremplin."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    codes, words = set(), set(FRENCH_WORDS)
    for choices in _subclasses(models.TextChoices):
        if not choices.__module__.startswith("tremplin."):
            continue
        for value, label in choices.choices:
            # As written: « cesu » is not a word of « CESU bancaire ».
            words.update(re.findall(r"\w+", str(label)))
            if len(value) >= 3 and not value.isdigit():
                codes.add(value)
    return frozenset(code for code in codes if code not in words and code.lower() not in words)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def raw_codes(text: str, codes: frozenset[str], *, shown_as_code: str = "") -> list[str]:
    """The codes the text shows as words: an enumeration's value (case as stored) or a
    snake_case / UPPER_SNAKE token. Addresses, paths and file names (a word with « / », « @ »
    or « . » inside) are not words of the sentence, nor the words of `shown_as_code`."""
    found = []
    on_purpose = {word.strip(EDGES) for word in shown_as_code.split()}
    for match in WORD.finditer(text):
        word = match.group().strip(EDGES)
        if not word or any(mark in word for mark in "/@.="):
            continue
        if word in on_purpose or word in found:
            continue
        if word in codes or SNAKE_CASE.match(word):
            found.append(word)
    return found


def _patterns(entries, namespace="", prefix=""):
    for entry in entries:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def pages_of_roles(roles: set[str], *, files: tuple[str, ...]) -> dict[str, str]:
    """Route name -> URL pattern of every page some of `roles` may open, as the apps classify
    them: GET routes outside the API and the admin, whose pattern is not a file's (`files`:
    the walk's skipped parts of a URL), allowed to one of the roles (on its own structure's
    objects for a scoped route, or on another's)."""
    from tremplin.common.tests.test_tenancy import ROUTES

    patterns = dict(_patterns(get_resolver().url_patterns))
    pages = {}
    for name, route in ROUTES.items():
        pattern = patterns.get(name)
        if route.method != "get" or route.access == Access.ADMIN or pattern is None:
            continue
        if name.startswith("api:") or any(part in f"/{pattern}" for part in files):
            continue
        allowed = set(route.allowed)
        if route.access == Access.SCOPED and route.own_allowed is not None:
            allowed |= route.own_allowed
        if route.access == Access.PUBLIC or allowed & roles:
            pages[name] = pattern
    return pages
