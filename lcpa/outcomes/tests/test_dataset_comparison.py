"""The difference-in-differences design of a shootings dataset (C3): named on its own page
before the outcomes are shown, the estimate on the version page with its plain reading and the
parallel-trends caveat (on the generator's known effect), a choice made after the first
results or changed later kept in the history and shown as such, and what the page refuses."""

from datetime import date

import pytest
from django.urls import reverse

from lcpa.outcomes.analytics.samples.shootings import write_shootings
from lcpa.outcomes.models import Dataset
from lcpa.outcomes.tests.test_dataset_crashes_shootings import (
    confirm_as_proposed,
    coordinator_of,
    upload,
)


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def nypd_file(tmp_path):
    """3,000 victims in NYPD's layout: precinct 75 falls by exp(-0.5) (39 %) from July 2023
    against precinct 73."""
    out = tmp_path / "nypd-sample.csv"
    write_shootings(out, rows=3000, seed=7, effect=-0.5)
    return out.read_bytes()


@pytest.fixture
def coordinator(cast):
    return coordinator_of(cast, "community-violence-intervention", 500_000)


def comparison_url(dataset):
    return reverse("outcomes:dataset_comparison", args=[dataset.team_id, dataset.pk])


def report_url(version):
    return reverse("outcomes:dataset_report", args=[version.dataset.team_id, version.pk])


def choose(client, dataset, treated="75", comparison="73", start="2023-07-01"):
    return client.post(
        comparison_url(dataset),
        {"intervention_area": treated, "comparison_area": comparison, "starts_on": start},
    )


def test_a_comparison_named_before_the_results_shows_the_estimate_and_its_caveat(
    client, coordinator, nypd_file, django_capture_on_commit_callbacks
):
    team, user = coordinator
    client.force_login(user)
    capture = django_capture_on_commit_callbacks
    version = upload(client, team, "shootings", "nypd.csv", nypd_file, capture)
    dataset = version.dataset
    page = client.get(reverse("outcomes:dataset", args=[team.pk, dataset.pk])).content.decode()
    assert "Name the comparison areas before looking at results" in page
    form = client.get(comparison_url(dataset)).content.decode()
    assert "before</strong> you look at the results" in form

    saved = choose(client, dataset)
    assert saved.status_code == 302
    dataset.refresh_from_db()
    assert (dataset.intervention_area, dataset.comparison_area) == ("75", "73")
    assert dataset.intervention_starts_on == date(2023, 7, 1)
    assert dataset.comparison_chosen_by == user
    assert dataset.history.first().history_user == user

    confirm_as_proposed(client, version, capture)
    text = client.get(report_url(version)).content.decode()
    assert "Change against a comparison area" in text
    assert "before this dataset’s first results were shown" in text
    assert "From July 2023, area 75 had about" in text and "fewer shootings" in text
    assert "larger than chance alone would explain" in text
    assert "parallel trends" in text
    assert "was changed" not in text
    result = client.get(report_url(version)).context["comparison"].result
    assert 0.45 < result.irr < 0.78 and result.ci_high < 1  # exp(-0.5) = 0.61


def test_a_later_change_is_kept_and_shown_and_a_late_choice_is_flagged(
    client, coordinator, nypd_file, django_capture_on_commit_callbacks
):
    team, user = coordinator
    client.force_login(user)
    capture = django_capture_on_commit_callbacks
    version = upload(client, team, "shootings", "nypd.csv", nypd_file, capture)
    confirm_as_proposed(client, version, capture)
    text = client.get(report_url(version)).content.decode()
    assert "No comparison is chosen yet" in text

    choose(client, version.dataset)
    text = client.get(report_url(version)).content.decode()
    assert "after this dataset’s first results were shown" in text

    choose(client, version.dataset, comparison="40")
    choose(client, version.dataset, comparison="40")  # the same again: no new choice
    text = client.get(report_url(version)).content.decode()
    assert "The comparison was changed 1 time after it was first chosen" in text
    assert text.count("(a change)") == 1
    assert 'against area <span class="lc-user-text">40</span>' in text
    dataset = Dataset.objects.get(pk=version.dataset_id)
    assert [h.comparison_area for h in dataset.history.order_by("history_date")][-2:] == [
        "73",
        "40",
    ]


def test_an_area_the_file_does_not_have_is_said_plainly(
    client, coordinator, nypd_file, django_capture_on_commit_callbacks
):
    team, user = coordinator
    client.force_login(user)
    capture = django_capture_on_commit_callbacks
    version = upload(client, team, "shootings", "nypd.csv", nypd_file, capture)
    choose(client, version.dataset, comparison="Precinct 999")
    confirm_as_proposed(client, version, capture)
    text = client.get(report_url(version)).content.decode()
    assert "The estimate cannot be made from this version" in text
    assert "no shootings in area &#x27;Precinct 999&#x27;" in text


def test_the_form_refuses_the_same_area_twice_and_a_missing_date(client, coordinator, cast):
    team, user = coordinator
    dataset = Dataset.objects.create(team=team, kind="shootings", name="S", created_by=user)
    client.force_login(user)
    refused = choose(client, dataset, comparison=" 75 ", start="")
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Choose a comparison area other than the intervention area." in text
    assert "Enter the date the program started." in text
    dataset.refresh_from_db()
    assert (
        dataset.intervention_area == ""
        and not dataset.history.filter(intervention_area="75").exists()
    )


def test_only_shootings_take_a_comparison_and_only_the_teams_coordinators(
    client, coordinator, cast
):
    team, user = coordinator
    shootings = Dataset.objects.create(team=team, kind="shootings", name="S", created_by=user)
    calls = Dataset.objects.create(team=team, kind="calls", name="C", created_by=user)
    client.force_login(user)
    assert client.get(comparison_url(calls)).status_code == 404
    for someone in (cast.member_a1, cast.outsider):
        client.force_login(someone)
        assert client.get(comparison_url(shootings)).status_code == 404
        assert choose(client, shootings).status_code == 404
    shootings.refresh_from_db()
    assert shootings.intervention_area == ""
    client.logout()
    assert client.get(comparison_url(shootings)).status_code == 302
