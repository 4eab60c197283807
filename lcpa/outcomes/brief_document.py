"""A brief as people read it: its text and its one or two charts, with small numbers
suppressed as on the public results page (the team's preview shows exactly what the public
will see), as a page and as a tagged PDF (WeasyPrint, PDF/UA-1, like the action plan).

Each chart slot is the measure's chart (`outcomes.charts`) drawn from its published months
only (suppressed months are left out of the drawing and its limits), as an SVG image, and a
table of the same months that says which were suppressed.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from lcpa.outcomes.charts import chart_svg, measure_chart
from lcpa.outcomes.models import Brief, TeamMeasure
from lcpa.outcomes.results import MeasureResult, measure_results
from lcpa.outcomes.suppression import PublicValue

# The months a brief's chart slot shows (a brief is one page).
BRIEF_MONTHS = 12


@dataclass(frozen=True)
class BriefChart:
    result: MeasureResult
    image: str  # a data: URL of the SVG drawing ("" without a published month)
    description: str  # the drawing in words, its alternative text

    @property
    def months(self) -> list[PublicValue]:
        return self.result.months[-BRIEF_MONTHS:]


def _chart(team_measure: TeamMeasure, result: MeasureResult) -> BriefChart:
    months = result.months[-BRIEF_MONTHS:]
    shown = (
        [o for o in result.public_observations if o.period >= months[0].period] if months else []
    )
    if not shown:
        return BriefChart(result=result, image="", description="")
    chart = measure_chart(team_measure, observations=shown)
    svg = chart_svg(chart.spec).encode()
    words = " ".join(chart.signals_in_words) or result.trend
    return BriefChart(
        result=result,
        image="data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
        description=f"{chart.chart_name} of {result.name}, published months only. {words}",
    )


@dataclass(frozen=True)
class BriefView:
    brief: Brief
    charts: list[BriefChart]

    @property
    def team(self):
        return self.brief.team

    @property
    def title(self) -> str:
        return self.brief.headline

    @property
    def filename_stem(self) -> str:
        return f"{slugify(str(self.team.jurisdiction)) or 'team'}-brief-{self.brief.pk}"


def assemble(brief: Brief, today: date) -> BriefView:
    team_measures = brief.team_measures
    results = measure_results(team_measures, today)
    return BriefView(brief=brief, charts=[_chart(tm, results[tm.pk]) for tm in team_measures])


def _nothing_fetcher():
    """A WeasyPrint URL fetcher that reads the brief's own data: URLs (its charts) and fetches
    nothing else."""
    from weasyprint.urls import URLFetcher

    class NothingFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):
            if not url.startswith("data:image/svg+xml;base64,"):
                raise ValueError(f"A brief fetches nothing, not {url}")
            return super().fetch(url, headers)

    return NothingFetcher()


def render_document(view: BriefView):
    """The laid-out WeasyPrint document (its pages can be inspected in tests)."""
    import weasyprint

    fetcher = _nothing_fetcher()
    stylesheet = weasyprint.CSS(
        string=render_to_string("outcomes/brief_print.css"), url_fetcher=fetcher
    )
    html = weasyprint.HTML(
        string=render_to_string("outcomes/brief_print.html", {"view": view}),
        base_url=settings.SITE_URL + "/",
        url_fetcher=fetcher,
    )
    return html.render(stylesheets=[stylesheet])


def render_pdf(view: BriefView) -> bytes:
    """A tagged PDF/UA-1 file: headings and tables in its structure tree, its title and
    language, so screen readers can follow it."""
    return render_document(view).write_pdf(pdf_variant="pdf/ua-1")
