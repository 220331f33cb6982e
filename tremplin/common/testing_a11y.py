"""Accessibility checks with axe-core inside the browser tests."""

from pathlib import Path

AXE = Path(__file__).parent / "tests" / "assets" / "axe-core" / "axe.min.js"


def axe_violations(page, *, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[str]:
    """WCAG 2.1 A/AA violations on the current page, one readable line each."""
    # Evaluated through the DevTools protocol, not added as an inline <script>: the page's
    # Content-Security-Policy (no inline script) would block that, and rightly.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:3]
        )
        for v in result["violations"]
    ]
