from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.core.notes import note_saved
from lcpa.notifications.access import get_notification_for_user, unsubscribing_user
from lcpa.notifications.forms import EmailPreferencesForm
from lcpa.notifications.kinds import Kind
from lcpa.notifications.queries import email_frequencies, notifications_for_user, unread_count
from lcpa.notifications.services import (
    email_preferences_update,
    email_unsubscribe,
    is_site_path,
    notification_open,
    notifications_mark_all_read,
)
from lcpa.notifications.unsubscribe import unsubscribe_read

PER_PAGE = 20


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for_user(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "unread": unread_count(request.user),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The header's bell alone, for htmx to refresh it."""
    return render(request, "notifications/_bell.html")


@login_required
@require_GET
def notification_go(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notification: mark it read and go where it leads (only ever a path in the site)."""
    notification = notification_open(notification=get_notification_for_user(request.user, pk))
    if not is_site_path(notification.url):
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    note_saved(request, f"Marked {count} notification{'' if count == 1 else 's'} read.")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            email_preferences_update(user=request.user, frequencies=form.cleaned_data)
            note_saved(request, "Your email settings are saved.")
            return redirect("notifications:settings")
    else:
        form = EmailPreferencesForm(initial=email_frequencies(request.user))
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners follow links); POST stops the emails, signed in or not."""
    wanted = unsubscribe_read(token)
    user = wanted and unsubscribing_user(wanted.user_id)
    if user is None:
        raise Http404
    what = Kind(wanted.what).label.lower() if wanted.what in Kind.values else None
    context = {"token": token, "kind_label": what, "digest": None if what else wanted.what}
    if request.method == "POST":
        context["stopped"] = [
            Kind(kind).label for kind in email_unsubscribe(user=user, what=wanted.what)
        ]
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
