"""The public results page and its CSV file: the shared measures of the teams that chose to
show them, with small numbers suppressed (`outcomes.results`). Anyone may read them; the data
is kept in the public cache until a shared number, a team's choice or a threshold changes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lcpa.core.csv import SafeWriter
from lcpa.core.public_cache import public_cached
from lcpa.outcomes.queries import published_briefs
from lcpa.outcomes.results import cached_results
from lcpa.outcomes.templatetags.outcomes import plain_number

CSV_COLUMNS = [
    "learning_community",
    "jurisdiction",
    "state",
    "measure_code",
    "measure",
    "unit",
    "month",
    "value",
    "numerator",
    "denominator",
    "suppressed",
]


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    briefs = public_cached("published-briefs", build=published_briefs)
    return render(
        request, "outcomes/results.html", {"communities": cached_results(), "briefs": briefs}
    )


@require_GET
def results_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="results.csv"'
    writer = SafeWriter(response)
    writer.writerow(CSV_COLUMNS)
    for community in cached_results():
        for place in community.jurisdictions:
            for measure in place.measures:
                for month in measure.months:
                    writer.writerow(
                        [
                            community.name,
                            place.name,
                            place.state,
                            measure.code,
                            measure.name,
                            measure.unit,
                            f"{month.period:%Y-%m}",
                            plain_number(month.value),
                            plain_number(month.numerator),
                            plain_number(month.denominator),
                            month.suppressed,
                        ]
                    )
    return response
