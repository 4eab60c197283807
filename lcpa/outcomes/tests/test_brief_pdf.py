"""A published brief as a PDF: one page, tagged PDF/UA-1 (title, language, headings and
tables in its structure tree), small numbers suppressed, nothing fetched from anywhere."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from lcpa.cohorts.tests.pdf_objects import read_pdf, structure_tree
from lcpa.outcomes import brief_document
from lcpa.outcomes.briefs import brief_approve, brief_create, brief_submit
from lcpa.outcomes.tests.test_briefs import TEXT
from lcpa.outcomes.tests.test_results import LATEST, record
from lcpa.testing import choose_measure


@pytest.fixture
def published(cast):
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    year = {date(2025, 12, 1): (30, 100)} | {date(2026, m, 1): (30 + m, 100) for m in range(1, 10)}
    record(coverage, year | {date(2026, 10, 1): (9, 100), LATEST: (10, 100)}, by=cast.member_a1)
    backup = choose_measure(cast.team_a, "police_backup_rate", by=cast.member_a1)
    record(backup, {date(2026, m, 1): (12, 60) for m in range(1, 12)}, by=cast.member_a1)
    brief = brief_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        **{**TEXT, "chart_1": coverage, "chart_2": backup},
    )
    return brief_approve(brief=brief_submit(brief=brief, by=cast.member_a1), by=cast.staff)


def _texts(box, found):
    text = getattr(box, "text", None)
    if text:
        found.append(text)
    for child in getattr(box, "children", None) or []:
        _texts(child, found)
    return found


def test_the_pdf_is_one_page_with_the_story_and_suppressed_months(published):
    view = brief_document.assemble(published, date(2026, 12, 1))

    document = brief_document.render_document(view)

    assert len(document.pages) == 1
    text = " ".join(_texts(document.pages[0]._page_box, []))
    assert TEXT["headline"] in text
    assert "They listened, and nobody was arrested." in text
    assert "Percent of eligible calls" in text and "Percent of alternative responses" in text
    assert "Oct 2026 Suppressed" in text  # 9 of 100
    assert "Nov 2026 10" in text  # 10 of 100
    assert "Suppressed: fewer than 10." in text
    assert "9 percent" not in text
    assert "<script>" not in text


def test_anyone_downloads_the_published_brief_as_a_tagged_pdf(client, published):
    response = client.get(reverse("outcomes:brief_pdf", args=[published.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="amherst-ma-brief-{published.pk}.pdf"'
    )
    pdf = read_pdf(response.content)
    catalog = pdf.catalog
    assert catalog["MarkInfo"] == {"Marked": True}
    assert catalog["Lang"] == "en"
    assert pdf.info["Title"] == TEXT["headline"]
    assert catalog["ViewerPreferences"]["DisplayDocTitle"] is True
    assert 'pdfuaid:part="1"' in pdf.stream(catalog["Metadata"]).decode()
    types = structure_tree(pdf).types()
    assert types.count("H1") == 1
    assert types.count("H2") == 4  # what changed, for whom, the numbers, next steps
    assert types.count("H3") == 2  # one per chart
    assert types.count("Figure") == 2  # the charts, with their alternative text
    tables = [element for element in structure_tree(pdf).walk() if element.type == "Table"]
    assert len(tables) == 2
    head, body = tables[0].children
    assert (head.type, body.type) == ("THead", "TBody")


def test_the_pdf_fetches_nothing(published):
    fetcher = brief_document._nothing_fetcher()
    for url in ("http://169.254.169.254/latest/meta-data", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
