"""The staff workflow with the keyboard alone (Tab, Shift+Tab, Enter, Space and the arrow keys in
a select), in headless Chromium: on the pipeline, tick rows and assign them in bulk; on a
session, cancel it. Every control on the way is reached by Tab and shows a focus ring, and after
each action focus lands on what the person needs next: the error summary when something is
missing, the message saying what was done when it worked."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from lcpa.browser import assert_clean, open_page, sign_in_context
from lcpa.cohorts.models import Session
from lcpa.cohorts.services import session_schedule
from lcpa.intake.models import InterestRegistration
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import Client, make_staff, module_of

pytestmark = pytest.mark.browser

MOST_TABS = 120

# What has focus, and whether it shows a ring: its own outline, or for USWDS checkboxes (the
# input is off screen) the outline USWDS draws on the box in front of the label.
FOCUSED = """() => {
  const el = document.activeElement;
  let ringed = el;
  if (el.classList.contains("usa-checkbox__input")) {
    ringed = document.querySelector(`label[for="${el.id}"]`);
  }
  const own = getComputedStyle(ringed);
  const box = getComputedStyle(ringed, "::before");
  const visible = (style) => style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    id: el.id,
    tag: el.tagName,
    text: (el.innerText || el.value || "").trim().slice(0, 60),  // enough to tell them apart
    ring: el === document.body || visible(own) || (ringed !== el && visible(box)),
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, is_it, what: str, *, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until `is_it(focused)`; every stop must show a focus ring."""
    seen = []
    for _ in range(MOST_TABS):
        page.keyboard.press(key)
        now = focused(page)
        seen.append(now["text"] or now["id"])
        assert now["ring"], f"no visible focus on {now} on the way to {what}"
        if is_it(now):
            return now
    pytest.fail(f"{what} cannot be reached with {key} in {MOST_TABS} presses: {seen[:12]}")


def submit(page) -> None:
    """Enter on the focused button, then wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def only_the_refusal(problems) -> None:
    """A form sent with a problem answers 400, which Chromium logs: that and nothing else."""
    found = problems.all()
    assert len(found) == 1 and "status of 400" in found[0], found
    problems.clear()


def by_id(element_id: str):
    return lambda now: now["id"] == element_id


def by_text(text: str):
    return lambda now: now["text"] == text[:60]


@pytest.fixture
def pipeline(cast):
    colleague = make_staff("sam@keyboard.example")
    colleague.full_name = "Sam Colleague"
    colleague.save()
    rows = {
        name: make_registration(jurisdiction_name=name, contact_name=f"{name} Contact")
        for name in ("Amherst", "Bedford", "Concord")
    }
    return cast.staff, colleague, rows


def test_staff_tick_rows_and_assign_them_with_the_keyboard_alone(browser, live_server, pipeline):
    staff, colleague, rows = pipeline
    amherst, bedford, concord = rows["Amherst"], rows["Bedford"], rows["Concord"]
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), staff, live_server.url)
        page.goto(reverse("intake:staff_pipeline"))

        # Nothing ticked: the error summary takes focus and says what to do.
        tab_to(page, by_text("Assign the selected"), "the bulk assign button")
        submit(page)
        assert focused(page)["id"] == "error-summary"
        assert "Select at least one registration" in page.locator("#error-summary").inner_text()
        only_the_refusal(problems)

        tab_to(page, by_id(f"select-{amherst.pk}"), "Amherst's box")
        page.keyboard.press("Space")
        tab_to(page, by_id(f"select-{concord.pk}"), "Concord's box")
        page.keyboard.press("Space")
        tab_to(page, by_id(f"select-{bedford.pk}"), "Bedford's box", key="Shift+Tab")
        assert not page.locator(f"#select-{bedford.pk}").is_checked()
        tab_to(page, by_text("Assign the selected"), "the bulk assign button")
        submit(page)
        page.wait_for_selector("h1:has-text('2 registrations')")

        tab_to(page, by_id("id_assignee"), "the assignee list")
        while page.locator("#id_assignee option:checked").inner_text() != "Sam Colleague":
            page.keyboard.press("ArrowDown")
        tab_to(page, by_text("Apply to 2 registrations"), "the apply button")
        submit(page)
        page.wait_for_selector("text=Assigned 2 registrations to Sam Colleague.")
        now = focused(page)
        assert now["text"] == "Assigned 2 registrations to Sam Colleague."
        assert_clean(problems, "the pipeline with the keyboard")

    assigned = InterestRegistration.objects.filter(assigned_to=colleague)
    assert set(assigned.values_list("jurisdiction_name", flat=True)) == {"Amherst", "Concord"}


def test_staff_cancel_a_session_with_the_keyboard_alone(browser, live_server, cast):
    starts = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)
    session = session_schedule(
        by=cast.staff,
        module=module_of(cast.cohort, 1),
        title="Vision and charter",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        meeting_url="https://meet.example.org/charter",
        agenda="Bring your draft charter.",
        facilitators=[cast.staff],
    )
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), cast.staff, live_server.url)
        page.goto(reverse("cohorts:staff_session_cancel", args=[session.pk]))

        # No reason: the error summary takes focus, and its link leads to the field.
        tab_to(page, by_text("Cancel the session and tell members"), "the cancel button")
        submit(page)
        assert focused(page)["id"] == "error-summary"
        only_the_refusal(problems)
        tab_to(
            page,
            by_text(
                "Why is the session cancelled?: Give the reason for cancelling: members read it."
            ),
            "the error's link",
        )
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "id_reason"
        page.keyboard.type("The presenter is ill.")

        tab_to(page, by_text("Cancel the session and tell members"), "the cancel button")
        submit(page)
        page.wait_for_selector("text=“Vision and charter” is cancelled.")
        assert focused(page)["text"].startswith("“Vision and charter” is cancelled.")
        assert_clean(problems, "cancelling a session with the keyboard")

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
