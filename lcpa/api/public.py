"""Public, read-only endpoints: the learning communities and the participating jurisdictions."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from lcpa.api.schemas import ErrorOut, JurisdictionOut, LearningCommunityOut
from lcpa.cohorts.models import Team
from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Module

router = Router(tags=["Public"])


def _learning_communities() -> QuerySet[LearningCommunity]:
    return LearningCommunity.objects.prefetch_related(
        Prefetch("modules", queryset=Module.objects.order_by("number"))
    ).order_by("position", "name")


@router.get(
    "/learning-communities",
    response=list[LearningCommunityOut],
    summary="List the learning communities",
    operation_id="learning_communities_list",
    url_name="learning_communities_list",
)
def learning_communities_list(request: HttpRequest) -> QuerySet[LearningCommunity]:
    """The four learning communities, each with its implementing sector and five modules."""
    return _learning_communities()


@router.get(
    "/learning-communities/{slug}",
    response={200: LearningCommunityOut, 404: ErrorOut},
    summary="Get one learning community",
    operation_id="learning_community_get",
    url_name="learning_community_get",
)
def learning_community_get(request: HttpRequest, slug: str) -> LearningCommunity:
    community = _learning_communities().filter(slug=slug).first()
    if community is None:
        raise Http404("No learning community has that slug.")
    return community


class JurisdictionFilters(Schema):
    learning_community: str | None = Field(None, description="A learning community's slug.")
    state: str | None = Field(None, description="A two-letter postal code.")


@router.get(
    "/jurisdictions",
    response=list[JurisdictionOut],
    summary="List the participating jurisdictions",
    operation_id="jurisdictions_list",
    url_name="jurisdictions_list",
)
def jurisdictions_list(
    request: HttpRequest, filters: Query[JurisdictionFilters]
) -> QuerySet[Jurisdiction]:
    """Jurisdictions with a team in a cohort.

    Filter with `learning_community` (a slug) and `state` (a two-letter postal code).
    """
    jurisdictions = Jurisdiction.objects.filter(teams__isnull=False)
    if filters.learning_community:
        jurisdictions = jurisdictions.filter(
            teams__cohort__learning_community__slug=filters.learning_community
        )
    if filters.state:
        jurisdictions = jurisdictions.filter(state=filters.state.upper())
    return (
        jurisdictions.distinct()
        .order_by("state", "name")
        .prefetch_related(
            Prefetch(
                "teams",
                queryset=Team.objects.select_related("cohort__learning_community"),
            )
        )
    )
