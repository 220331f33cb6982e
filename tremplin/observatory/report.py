"""The annual report as PDF (WeasyPrint): the year's figures, the map, the evolution as
an SVG bar chart drawn here (WeasyPrint runs no script), the tables and the definitions."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from .definitions import INDICATORS

BAR_WIDTH, CHART_HEIGHT = 40, 120


def _bars(evolution: dict) -> dict:
    """Bars of the people accompanied, year by year; coordinates as SVG numbers (a dot,
    whatever the language: the template would localise a float to « 63,5 », which no
    SVG reader takes — the bars were drawn nowhere)."""
    years = sorted(evolution)
    values = [evolution[y]["accompanied"] for y in years]
    top = max((v for v in values if v), default=0) or 1
    bars = []
    for index, (year, value) in enumerate(zip(years, values, strict=True)):
        height = float(value or 0) / float(top) * CHART_HEIGHT
        bars.append(
            {
                "x": _svg(10 + index * (BAR_WIDTH + 20)),
                "y": _svg(20 + CHART_HEIGHT - height),
                "height": _svg(height),
                "year": year,
                "value": value,
                "hidden": evolution[year].get("accompanied_hidden"),
                "label_y": _svg(16 + CHART_HEIGHT - height),
            }
        )
    return {
        "bars": bars,
        "width": _svg(20 + len(bars) * (BAR_WIDTH + 20)),
        "bar_width": _svg(BAR_WIDTH),
    }


def _svg(number: float) -> str:
    return f"{number:.1f}"


def report_html(context: dict) -> str:
    """What WeasyPrint receives: the tests read its SVG as the PDF draws it."""
    return render_to_string(
        "observatory/report.html",
        {
            **context,
            "pdf": True,
            "chart": _bars(context["board"].evolution),
            "indicators": INDICATORS,
        },
    )


def annual_report(context: dict) -> bytes:
    return HTML(string=report_html(context)).write_pdf()
