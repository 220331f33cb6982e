"""The annual report as PDF (WeasyPrint): the year's figures, the map, the evolution as
an SVG bar chart drawn here (WeasyPrint runs no script), the tables and the definitions."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from .definitions import INDICATORS

BAR_WIDTH, CHART_HEIGHT = 40, 120


def _bars(evolution: dict) -> dict:
    years = sorted(evolution)
    values = [evolution[y]["accompanied"] for y in years]
    top = max((v for v in values if v), default=0) or 1
    bars = []
    for index, (year, value) in enumerate(zip(years, values, strict=True)):
        height = float(value or 0) / float(top) * CHART_HEIGHT
        bars.append(
            {
                "x": 10 + index * (BAR_WIDTH + 20),
                "y": 20 + CHART_HEIGHT - height,
                "height": height,
                "year": year,
                "value": value,
                "rate": evolution[year]["dynamic_rate"],
                "label_y": 16 + CHART_HEIGHT - height,
            }
        )
    return {"bars": bars, "width": 20 + len(bars) * (BAR_WIDTH + 20), "bar_width": BAR_WIDTH}


def annual_report(context: dict) -> bytes:
    html = render_to_string(
        "observatory/report.html",
        {
            **context,
            "pdf": True,
            "chart": _bars(context["board"].evolution),
            "indicators": INDICATORS,
        },
    )
    return HTML(string=html).write_pdf()
