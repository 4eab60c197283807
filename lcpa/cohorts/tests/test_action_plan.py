"""The action plan: all five deliverables in order on one page, as a PDF (WeasyPrint) and as a
Word document (.docx) for councils and funders."""

import io
import re
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from lcpa.cohorts import actionplan
from lcpa.cohorts.models import CohortModule, Deliverable, DeliverableFile
from lcpa.cohorts.services import deliverable_save, deliverable_submit
from lcpa.cohorts.tests.pdf_objects import read_pdf, structure_tree
from lcpa.testing import module_of

TITLES = [
    "Team charter and goals",
    "Data inventory and baseline",
    "Resource map and policy review",
    "Program design and implementation plan",
    "Sustainability, funding and storytelling plan",
]


@pytest.fixture
def plan_team(cast, cohort):
    """Team A with all five deliverables written; module 1 with every kind of answer."""
    for number, title in enumerate(TITLES, start=1):
        CohortModule.objects.filter(cohort=cast.cohort, number=number).update(
            deliverable_name=title
        )
    answers = {
        1: {
            "vision": "Care-first responses for <every> crisis call.\n\nSecond paragraph.",
            "goals": [["Divert calls", "Share of calls", "June 2027"], ["Cut repeats", "", ""]],
            "lead": "Dana Ruiz",
            "start_date": "2026-10-01",
            "budget": 125000,
            "approach": "Co-responder",
        },
        2: {"baseline": "2,400 crisis calls a year."},
        3: {"resource_map": "Mobile crisis team, two sobering centers."},
        4: {"design": "A 24/7 community responder unit."},
        5: {"sustainability": "County general fund from 2028."},
    }
    for number in range(1, 6):
        deliverable = deliverable_save(
            team=cast.team_a,
            module=module_of(cast.team_a, number),
            answers=answers[number],
            base_version=0,
            by=cast.member_a1,
        )
        if number == 1:
            DeliverableFile.objects.create(
                deliverable=deliverable,
                prompt_key="charter",
                file=SimpleUploadedFile("signed-charter.pdf", b"%PDF-1.7\n"),
                original_name="signed-charter.pdf",
                content_type="application/pdf",
                size=9,
                uploaded_by=cast.member_a1,
            )
        if number < 5:
            deliverable_submit(deliverable=deliverable, by=cast.member_a1)
    return cast.team_a


def test_the_page_assembles_the_five_deliverables_in_order(client, cast, plan_team):
    client.force_login(cast.member_a2)
    response = client.get(reverse("cohorts:action_plan", args=[plan_team.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(f"{title}</h2>") for title in TITLES]
    assert positions == sorted(positions)
    assert "Action plan: Amherst, MA" in page
    assert "Care-first responses for &lt;every&gt; crisis call." in page
    assert "<p>Second paragraph.</p>" in page
    assert (
        '<th scope="col">Measure</th>' in page
        and '<td class="lc-user-text" data-label="Goal">Cut repeats</td>' in page
    )
    assert "October 1, 2026" in page and "125,000" in page and "Co-responder" in page
    assert "signed-charter.pdf" in page
    assert page.count("Submitted</span>") == 4 and "Draft</span>" in page
    assert reverse("cohorts:action_plan_pdf", args=[plan_team.pk]) in page
    assert reverse("cohorts:action_plan_doc", args=[plan_team.pk]) in page


def _page_texts(box, found):
    text = getattr(box, "text", None)
    if text:
        found.append(text)
    for child in getattr(box, "children", None) or []:
        _page_texts(child, found)
    return found


def test_the_pdf_renders_with_all_five_deliverables(client, cast, plan_team):
    plan = actionplan.assemble(plan_team)
    document = actionplan.render_document(plan)
    assert len(document.pages) >= 5  # each module starts a new page
    texts = " ".join(" ".join(_page_texts(page._page_box, [])) for page in document.pages)
    for number, title in enumerate(TITLES, start=1):
        assert f"Module {number}: {title}" in texts
    assert "Care-first responses for <every> crisis call." in texts
    assert "Cut repeats" in texts and "signed-charter.pdf" in texts
    assert "County general fund from 2028." in texts

    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:action_plan_pdf", args=[plan_team.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="amherst-ma-action-plan.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert b"DejaVu" in _inflated(response.content)  # the embedded font


def _inflated(pdf: bytes) -> bytes:
    """The PDF's compressed streams, inflated, to look for names inside them."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"".join(inflated)


def test_the_pdf_fetches_nothing_but_the_sites_static_files(plan_team):
    fetcher = actionplan._static_only_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")


def test_the_word_document_opens_and_holds_all_five_deliverables(client, cast, plan_team):
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:action_plan_doc", args=[plan_team.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="amherst-ma-action-plan.docx"'
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for number, title in enumerate(TITLES, start=1):
        assert f"Module {number}: {title}" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Care-first responses for <every> crisis call." in text
    assert "signed-charter.pdf (1 KB)" in text
    goals = document.tables[0]
    assert [cell.text for cell in goals.rows[0].cells] == ["Goal", "Measure", "By when"]
    assert [cell.text for cell in goals.rows[2].cells] == ["Cut repeats", "", ""]


def test_the_word_document_survives_control_characters_in_answers(client, cast, plan_team):
    deliverable = Deliverable.objects.get(team=plan_team, module__number=5)
    deliverable.answers = {"sustainability": "Bell\x07 and form feed\x0c here"}
    deliverable.save()
    document = Document(io.BytesIO(actionplan.render_docx(actionplan.assemble(plan_team))))
    assert "Bell and form feed here" in "\n".join(p.text for p in document.paragraphs)


def test_a_plan_with_nothing_written_yet_still_renders(client, cast, cohort):
    client.force_login(cast.member_b)
    team = cast.team_b.pk
    page = client.get(reverse("cohorts:action_plan", args=[team])).content.decode()
    assert page.count("Not answered yet.") >= 5
    assert client.get(reverse("cohorts:action_plan_pdf", args=[team])).status_code == 200
    assert client.get(reverse("cohorts:action_plan_doc", args=[team])).status_code == 200


def test_the_pdf_is_tagged_for_screen_readers(client, cast, plan_team):
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:action_plan_pdf", args=[plan_team.pk]))
    pdf = read_pdf(response.content)
    catalog = pdf.catalog
    assert catalog["MarkInfo"] == {"Marked": True}
    assert catalog["Lang"] == "en"
    assert pdf.info["Title"] == "Action plan: Amherst, MA"
    assert catalog["ViewerPreferences"]["DisplayDocTitle"] is True
    metadata = pdf.stream(catalog["Metadata"]).decode()
    assert 'pdfuaid:part="1"' in metadata
    assert '<rdf:li xml:lang="x-default">Action plan: Amherst, MA</rdf:li>' in metadata

    tree = structure_tree(pdf)
    document = tree.children[0]
    assert document.type == "Document"
    types = tree.types()
    assert types.count("H1") == 1
    assert types.count("H2") == 6  # one per module, and the implementation steps
    assert "H3" in types
    assert types.index("H1") < types.index("H2") < types.index("H3")
    tables = [element for element in tree.walk() if element.type == "Table"]
    assert len(tables) == 1  # module 1's goals
    head, body = tables[0].children
    assert (head.type, body.type) == ("THead", "TBody")
    assert [cell.type for cell in head.children[0].children] == ["TH", "TH", "TH"]
    assert [row.type for row in body.children] == ["TR", "TR"]
    assert [cell.type for cell in body.children[0].children] == ["TD", "TD", "TD"]
    assert "L" in types and "LI" in types  # the list of uploaded files
