import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.cohorts import queries
from lcpa.core.public_cache import public_cached
from lcpa.core.rate_limits import count_stored, limit_reached
from lcpa.public.forms import ContactForm, JurisdictionFilterForm
from lcpa.public.services import contact_message_submit

CONTACT_RATE_GROUP = "public.contact"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        {
            "communities": queries.learning_communities(),
            "upcoming_cohorts": queries.upcoming_cohorts()[:6],
        },
    )


@require_GET
def learning_communities(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/learning_communities.html",
        {"communities": queries.learning_communities_with_modules()},
    )


@require_GET
def learning_community(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    communities = public_cached(
        "learning-communities-with-modules",
        today,
        build=lambda: list(queries.learning_communities_with_modules(today=today)),
    )
    community = next((each for each in communities if each.slug == slug), None)
    if community is None:
        raise Http404("No such learning community.")
    return render(
        request,
        "public/learning_community.html",
        {"community": community, "communities": communities},
    )


@require_GET
def jurisdictions(request: HttpRequest) -> HttpResponse:
    communities = public_cached(
        "learning-communities", build=lambda: list(queries.learning_communities())
    )
    states = public_cached("participating-states", build=queries.participating_states)
    form = JurisdictionFilterForm(request.GET or None, communities=communities, states=states)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    community, state = filters.get("learning_community", ""), filters.get("state", "")
    rows, map_points = public_cached(
        "participating-jurisdictions",
        community,
        state,
        build=lambda: _with_map_points(
            queries.participating_jurisdictions(learning_community=community, state=state)
        ),
    )
    return render(
        request,
        "public/jurisdictions.html",
        {
            "form": form,
            "rows": rows,
            "filters": (community, state),
            "filtered": bool(community or state),
            "map_points": map_points,
        },
    )


def _with_map_points(
    rows: list[queries.ParticipatingJurisdiction],
) -> tuple[list[queries.ParticipatingJurisdiction], list[dict]]:
    return rows, [row.as_map_point() for row in rows]


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """The form. Only sent messages count towards the per-address limit (CONTACT_RATE_LIMIT,
    read at request time): at the limit the form comes back with what was typed, status 429."""
    rate = settings.CONTACT_RATE_LIMIT
    rate_limited = False
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_spam:
            return redirect("public:contact_thanks")
        rate_limited = form.is_valid() and limit_reached(
            request, group=CONTACT_RATE_GROUP, rate=rate
        )
        if form.is_valid() and not rate_limited:
            data = form.cleaned_data
            contact_message_submit(
                submission_key=data["submission_key"] or uuid.uuid4(),
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                topic=data["topic"],
                message=data["message"],
            )
            count_stored(request, group=CONTACT_RATE_GROUP, rate=rate)
            return redirect("public:contact_thanks")
    else:
        form = ContactForm()
    return render(
        request,
        "public/contact.html",
        {"form": form, "rate_limited": rate_limited},
        status=429 if rate_limited else 200,
    )


@require_GET
def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "public/contact_thanks.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/privacy.html")
