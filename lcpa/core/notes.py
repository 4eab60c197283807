"""A "saved" confirmation shown beside the buttons of the form that was sent, not at the top of
the page: after saving a long form the person is down by its buttons. `core/_saved_note.html`
shows it there and moves focus to it; `base.html` leaves it out of the messages at the top."""

from django.contrib import messages
from django.http import HttpRequest

BESIDE_FORM = "beside-form"


def note_saved(request: HttpRequest, text: str) -> None:
    messages.success(request, text, extra_tags=BESIDE_FORM)
