"""The resource library: guides, templates and examples, searchable and filtered with GET.

A resource's page lists the sessions that use it, read through `cohorts.access`."""

import os

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from lcpa.accounts.models import User
from lcpa.cohorts.access import sessions_for_user
from lcpa.core.public_cache import public_cached
from lcpa.library.access import (
    get_resource_for_user,
    resources_for_user,
    sees_members_only_resources,
)
from lcpa.library.forms import ResourceFilterForm
from lcpa.library.models import Resource
from lcpa.library.search import resource_search, topics_of, with_topic

PER_PAGE = 20


def _filtered(resources: QuerySet[Resource], data: dict) -> QuerySet[Resource]:
    if data.get("community"):
        resources = resources.filter(learning_communities=data["community"])
    if data.get("module"):
        resources = resources.filter(modules__number=data["module"]).distinct()
    if data.get("kind"):
        resources = resources.filter(kind=data["kind"])
    if data.get("topic"):
        resources = with_topic(resources, data["topic"])
    return resource_search(resources, data.get("q") or "")


def _private(response: HttpResponse, user: User) -> HttpResponse:
    """Pages that may list members-only resources are never stored by shared caches."""
    if user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    visible = resources_for_user(request.user)
    members_only = sees_members_only_resources(request.user)
    topics = public_cached("resource-topics", members_only, build=lambda: topics_of(visible))
    form = ResourceFilterForm(request.GET, topics=topics)
    form.is_valid()  # a filter with a wrong value is reported and left out; the rest apply
    data = form.cleaned_data
    results = _filtered(visible, data).prefetch_related("learning_communities", "modules")
    # Lazy: the template keeps the rendered results (per visibility and query string) and
    # reads these only when it renders them afresh.
    page = SimpleLazyObject(lambda: Paginator(results, PER_PAGE).get_page(request.GET.get("page")))
    context = {
        "form": form,
        "page": page,
        "page_range": SimpleLazyObject(
            lambda: page.paginator.get_elided_page_range(page.number, on_each_side=2)
        ),
        "filtered": any(value not in (None, "") for value in data.values()),
        "sees_members_only": members_only,
        "query_string": request.GET.urlencode(),
    }
    return _private(render(request, "library/list.html", context), request.user)


@require_GET
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    sessions = (
        sessions_for_user(request.user)
        .filter(materials=resource)
        .select_related("cohort")
        .order_by("starts_at")
    )
    context = {
        "resource": resource,
        "communities": resource.learning_communities.all(),
        "sessions": sessions,
    }
    return _private(render(request, "library/detail.html", context), request.user)


@require_GET
def resource_download(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    if resource.file:
        try:
            handle = resource.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=os.path.basename(resource.file.name)
        )
        return _private(response, request.user)
    if resource.url:
        return redirect(resource.url)
    raise Http404
