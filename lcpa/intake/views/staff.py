from django.http import HttpRequest, HttpResponse

from lcpa.core.decorators import staff_required


@staff_required
def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return HttpResponse("Staff")


pipeline = pipeline_export = registration_detail = followup_create = dashboard
registration_assign = registration_email = registration_merge = dashboard
