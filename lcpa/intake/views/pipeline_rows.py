"""One pipeline row as HTML, built in Python.

The pipeline shows 25 rows of nine cells on a page staff load all day; the template language
resolving ~30 variables per row cost more than the rest of the page. format_html escapes every
value, as the template's autoescaping did. Cells marked lc-wide-only are left out of the
compact cards on narrow screens (site.css).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lcpa.intake.queries import PipelineRow

_ROW = (
    "<tr>"
    '<td data-label="Select"><input type="hidden" name="page_ids" value="{pk}">'
    '<div class="usa-checkbox">'
    '<input class="usa-checkbox__input" type="checkbox" name="selected" value="{pk}" '
    'id="select-{pk}"{checked}>'
    '<label class="usa-checkbox__label lc-checkbox-box-only" for="select-{pk}">'
    '<span class="usa-sr-only">Select {name}, {state}</span></label></div></td>'
    '<th scope="row" data-label="Jurisdiction"><a href="{url}">{name}</a>'
    '<div class="font-sans-2xs text-base">{contact}</div>'
    '<div class="font-sans-2xs text-base lc-user-text lc-wide-only">{email}</div>{tags}</th>'
    '<td data-label="State">{state}</td>'
    '<td data-label="Population" class="lc-wide-only">{population}</td>'
    '<td data-label="Learning communities" class="lc-wide-only">{communities}</td>'
    '<td data-label="Status">{status}</td>'
    '<td data-label="Assigned to">{assignee}</td>'
    '<td data-label="Submitted" class="lc-nowrap lc-wide-only">{submitted}</td>'
    '<td data-label="Follow up by">{due}</td>'
    "</tr>"
)
_TAGS = [
    ("merged_into_id", "bg-base-dark", "Merged"),
    ("possible_duplicate", "bg-accent-warm-darker", "Possible duplicate"),
    ("overdue", "bg-secondary-dark", "Overdue"),
]
_CLOSED = SafeString(
    '<span aria-hidden="true">—</span><span class="usa-sr-only">None: closed</span>'
)
_CHECKED = SafeString(" checked")


def _due_cell(row: PipelineRow, label: str) -> SafeString:
    if not (row.follow_up_due_on and row.is_open):
        return _CLOSED
    if not row.overdue:
        return format_html('<span class="lc-nowrap">{}</span>', label)
    days = row.days_overdue
    return format_html(
        '<span class="lc-nowrap">{}</span><div class="font-sans-2xs">{} business day{} late</div>',
        label,
        days,
        "" if days == 1 else "s",
    )


def row_html(
    row: PipelineRow, *, url: str, communities: str, submitted: str, due: str, selected: bool
) -> SafeString:
    tags = format_html_join(
        "",
        '<span class="usa-tag {}">{}</span>',
        ((css, label) for attribute, css, label in _TAGS if getattr(row, attribute)),
    )
    return format_html(
        _ROW,
        pk=row.pk,
        checked=_CHECKED if selected else "",
        name=row.jurisdiction_name,
        state=row.state,
        url=url,
        contact=row.contact_name,
        email=row.contact_email,
        tags=tags,
        population=f"{row.population:,}",
        communities=communities,
        status=row.status_label,
        assignee=row.assignee if row.assigned_to_id else "Nobody yet",
        submitted=submitted,
        due=_due_cell(row, due),
    )
