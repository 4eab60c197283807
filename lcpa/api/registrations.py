"""Staff-only endpoints: interest registrations, their members and follow-ups, and a CSV export."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from lcpa.api.auth import staff_token
from lcpa.api.schemas import (
    ErrorOut,
    RegistrationDetailOut,
    RegistrationOut,
    RegistrationStatus,
    ValidationErrorOut,
)
from lcpa.intake.exports import registrations_csv_response
from lcpa.intake.models import InterestRegistration
from lcpa.intake.queries import pipeline_registrations, registration_detail

router = Router(tags=["Staff: registrations"], auth=staff_token)

AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut}
AUTH_ERROR_DOCS = {
    401: {"description": "No API token, an unknown token or a revoked one."},
    403: {
        "description": "A valid token whose owner is not program staff or has not set up an "
        "authenticator app."
    },
}


# Past this page the offset would no longer fit the database's integers.
LAST_PAGE = 1_000_000


class RegistrationPagination(PageNumberPagination):
    """Ninja's page-number pagination with a last possible page: without one, a page number
    such as 350417036221028800 made the database offset overflow (a 500 found by schemathesis);
    now it is a 422 like any other invalid parameter. A large `page_size` is still capped."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=LAST_PAGE)
        page_size: int | None = Field(None, ge=1)


class RegistrationFilters(Schema):
    status: RegistrationStatus | None = None
    learning_community: str | None = Field(None, max_length=50, description="A slug.")
    state: str | None = Field(None, max_length=2, description="A two-letter postal code.")
    overdue: bool | None = Field(None, description="Only open registrations past their due date.")
    search: str | None = Field(
        None, max_length=200, description="Jurisdiction, contact or member name or email."
    )


def _filtered(filters: RegistrationFilters) -> QuerySet[InterestRegistration]:
    return pipeline_registrations(
        status=filters.status.value if filters.status else None,
        learning_community=filters.learning_community,
        state=filters.state,
        overdue=filters.overdue,
        search=filters.search,
    )


@router.get(
    "/registrations",
    response={200: list[RegistrationOut], **AUTH_ERRORS, 422: ValidationErrorOut},
    summary="List interest registrations",
    operation_id="registrations_list",
    url_name="registrations_list",
    openapi_extra={"responses": AUTH_ERROR_DOCS},
)
@paginate(RegistrationPagination, page_size=50, max_page_size=200)
def registrations_list(
    request: HttpRequest, filters: Query[RegistrationFilters]
) -> QuerySet[InterestRegistration]:
    """Interest registrations, newest first, a page at a time (`page`, `page_size`).

    Filter by `status`, `learning_community` (slug), `state` (postal code), `overdue` and
    `search` (jurisdiction, contact name or email). Needs a staff API token.
    """
    return _filtered(filters)


@router.get(
    "/registrations/export.csv",
    response={200: None, **AUTH_ERRORS, 422: ValidationErrorOut},
    summary="Export interest registrations as CSV",
    operation_id="registrations_export",
    url_name="registrations_export",
    openapi_extra={
        "responses": {
            200: {
                "description": "The filtered registrations, one row each.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            },
            **AUTH_ERROR_DOCS,
        }
    },
)
def registrations_export(request: HttpRequest, filters: Query[RegistrationFilters]) -> HttpResponse:
    """The same filters as the list, every matching registration in one CSV file."""
    return registrations_csv_response(_filtered(filters))


@router.get(
    "/registrations/{int:registration_id}",
    response={200: RegistrationDetailOut, **AUTH_ERRORS, 404: ErrorOut},
    summary="Get one interest registration",
    operation_id="registration_get",
    url_name="registration_get",
    openapi_extra={"responses": AUTH_ERROR_DOCS},
)
def registration_get(request: HttpRequest, registration_id: int) -> InterestRegistration:
    """One registration with its proposed members and its follow-ups, newest first."""
    registration = registration_detail(registration_id)
    if registration is None:
        raise Http404("No registration has that id.")
    return registration
