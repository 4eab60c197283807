"""A team's action plan: its five deliverables in order and its implementation steps, as a
page, a PDF and a Word file.

`answers_for` turns stored answers into what every read-only view shows (module page after
submitting, expert review, shared deliverables, the action plan), so they all look the same.
"""

import io
import mimetypes
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from lcpa.cohorts import queries
from lcpa.cohorts.models import CohortModule, Deliverable, DeliverableFile, Team
from lcpa.curriculum.models import DeliverablePrompt

Kind = DeliverablePrompt.Kind

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters XML 1.0 (and so Word) cannot hold: C0 controls other than tab and line breaks.
_NOT_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _xml_text(text: str) -> str:
    return str(text).translate(_NOT_XML)


@dataclass
class Answer:
    """One prompt with the team's answer, ready to show read-only."""

    prompt: dict
    value: Any = None
    files: list[DeliverableFile] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.prompt["key"]

    @property
    def label(self) -> str:
        return self.prompt["label"]

    @property
    def kind(self) -> str:
        return self.prompt["kind"]

    @property
    def is_table(self) -> bool:
        return self.kind == Kind.TABLE

    @property
    def is_file(self) -> bool:
        return self.kind == Kind.FILE

    @property
    def columns(self) -> list[str]:
        return self.prompt.get("options") or ["Entry"]

    @property
    def rows(self) -> list[list[str]]:
        """Table rows padded to the number of columns."""
        if not isinstance(self.value, list):
            return []
        width = len(self.columns)
        rows = []
        for row in self.value:
            cells = [str(cell) for cell in row] if isinstance(row, list) else [str(row)]
            rows.append((cells + [""] * width)[:width])
        return rows

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Table rows as (column, cell) pairs, for tables that stack on small screens."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    @property
    def text(self) -> str:
        """The answer as plain text ("" when unanswered); tables and files are shown apart."""
        value = self.value
        if value is None or isinstance(value, list):
            return ""
        if self.kind == Kind.DATE and isinstance(value, str):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return value
            return _long_date(day)
        if self.kind == Kind.NUMBER and isinstance(value, int | float):
            return f"{value:,}"
        return str(value)

    @property
    def is_empty(self) -> bool:
        if self.is_file:
            return not self.files
        if self.is_table:
            return not any(any(cell for cell in row) for row in self.rows)
        return self.text.strip() == ""


def answers_for(
    prompts: list[dict], answers: dict | None, files: list[DeliverableFile] = ()
) -> list[Answer]:
    answers = answers or {}
    by_key: dict[str, list[DeliverableFile]] = {}
    for file in files:
        by_key.setdefault(file.prompt_key, []).append(file)
    return [
        Answer(prompt=prompt, value=answers.get(prompt["key"]), files=by_key.get(prompt["key"], []))
        for prompt in prompts
    ]


@dataclass
class Section:
    """One module of the plan."""

    module: CohortModule
    step: queries.ModuleStep
    answers: list[Answer]

    @property
    def deliverable(self) -> Deliverable | None:
        return self.step.deliverable


@dataclass
class ActionPlan:
    team: Team
    sections: list[Section]
    generated_at: Any
    steps: list[queries.StepRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Action plan: {self.team.jurisdiction}"

    @property
    def step_columns(self) -> tuple[str, ...]:
        return STEP_COLUMNS

    @property
    def step_table(self) -> list[list[str]]:
        return [step_cells(row) for row in self.steps]

    @property
    def filename_stem(self) -> str:
        return f"{slugify(str(self.team.jurisdiction)) or 'team'}-action-plan"


def assemble(team: Team) -> ActionPlan:
    """All five deliverables of the team in order, with their answers and files, and the
    plan's implementation steps."""
    steps = queries.team_module_steps(team)
    files = queries.team_files_by_module(team)
    sections = [
        Section(
            module=step.module,
            step=step,
            answers=answers_for(
                step.module.prompts,
                step.deliverable.answers if step.deliverable else {},
                files.get(step.number, []),
            ),
        )
        for step in steps
    ]
    return ActionPlan(
        team=team,
        sections=sections,
        generated_at=timezone.now(),
        steps=queries.team_action_steps(team),
    )


def _static_only_fetcher():
    """A WeasyPrint URL fetcher that serves this site's static files and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = settings.SITE_URL + settings.STATIC_URL

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if not url.startswith(static_prefix):
                raise ValueError(f"Only static files are used in action plans, not {url}")
            path = finders.find(url[len(static_prefix) :].split("?")[0])
            if not path:
                raise ValueError(f"No static file at {url}")
            with open(path, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnlyFetcher()


def print_html(plan: ActionPlan) -> str:
    """The HTML WeasyPrint lays out (never served to browsers)."""
    return render_to_string("cohorts/workspace/action_plan_print.html", {"plan": plan})


def render_document(plan: ActionPlan):
    """The laid-out WeasyPrint document (its pages can be inspected in tests)."""
    import weasyprint

    fetcher = _static_only_fetcher()
    stylesheet = weasyprint.CSS(
        string=render_to_string("cohorts/workspace/action_plan_print.css"),
        url_fetcher=fetcher,
    )
    html = weasyprint.HTML(
        string=print_html(plan), base_url=settings.SITE_URL + "/", url_fetcher=fetcher
    )
    return html.render(stylesheets=[stylesheet])


def render_pdf(plan: ActionPlan) -> bytes:
    """A tagged PDF/UA-1 file: headings, lists and tables in its structure tree, the title
    shown by readers, and the language, so screen readers can follow it."""
    return render_document(plan).write_pdf(pdf_variant="pdf/ua-1")


STEP_COLUMNS = ("Step", "Who leads it", "Due", "Status")


def step_cells(row: queries.StepRow) -> list[str]:
    """An action step as the PDF and Word tables show it."""
    step = row.step
    owner = (step.owner.user.full_name or step.owner.user.email) if step.owner else "Nobody yet"
    status = step.get_status_display() + (" (overdue)" if row.overdue else "")
    if step.status == step.Status.DONE and step.done_on:
        status = f"Done on {_long_date(step.done_on)}"
    return [step.title, owner, _long_date(step.due_on), status]


def _docx_steps(document, steps: list[queries.StepRow]) -> None:
    document.add_heading("Implementation steps", level=1)
    if not steps:
        document.add_paragraph("No steps yet.")
        return
    table = document.add_table(rows=1, cols=len(STEP_COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, STEP_COLUMNS, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in steps:
        for cell, value in zip(table.add_row().cells, step_cells(row), strict=True):
            cell.text = _xml_text(value)


def render_docx(plan: ActionPlan) -> bytes:
    """The plan as a Word document (.docx)."""
    from docx import Document

    document = Document()
    document.core_properties.title = _xml_text(plan.title)
    document.core_properties.author = "Learning Communities for Policing Alternatives"
    document.add_heading(_xml_text(plan.title), level=0)
    team = plan.team
    document.add_paragraph(
        _xml_text(
            f"{team.name}, {team.cohort} ({team.cohort.learning_community}). "
            f"Prepared {_long_date(timezone.localdate(plan.generated_at))}."
        )
    )
    if not plan.sections:
        document.add_paragraph("This cohort's modules have not been set up yet.")
    for section in plan.sections:
        document.add_heading(
            f"Module {section.module.number}: {section.module.deliverable_name}", level=1
        )
        document.add_paragraph(f"{section.module.title}. Status: {section.step.status_label}.")
        for answer in section.answers:
            document.add_heading(_xml_text(answer.label), level=2)
            if answer.is_empty:
                document.add_paragraph("Not answered yet.")
            elif answer.is_table:
                table = document.add_table(rows=1, cols=len(answer.columns))
                table.style = "Table Grid"
                for cell, name in zip(table.rows[0].cells, answer.columns, strict=True):
                    cell.text = _xml_text(name)
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in answer.rows:
                    cells = table.add_row().cells
                    for cell, value in zip(cells, row, strict=True):
                        cell.text = _xml_text(value)
            elif answer.is_file:
                for file in answer.files:
                    document.add_paragraph(
                        _xml_text(f"{file.original_name} ({file.size // 1024 or 1} KB)"),
                        style="List Bullet",
                    )
            else:
                for paragraph in answer.text.split("\n\n"):
                    document.add_paragraph(_xml_text(paragraph.strip()))
    _docx_steps(document, plan.steps)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
