"""The deliverable form, built from a cohort module's prompts (CohortModule.prompts).

Every prompt becomes one field named `answer_<key>`; a table prompt becomes a grid of cell fields
`answer_<key>__<row>_<column>` with its row count in `answer_<key>__rows`. Nothing is required
while the team drafts: required prompts are checked when the team submits (services).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from lcpa.cohorts.models import DeliverableReview
from lcpa.cohorts.uploads import validate_upload
from lcpa.core.forms import UswdsForm
from lcpa.curriculum.models import DeliverablePrompt

Kind = DeliverablePrompt.Kind

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
TABLE_CELL_MAX = 1_000
TABLE_MIN_ROWS = 3
TABLE_MAX_ROWS = 40


def field_name(key: str) -> str:
    return f"answer_{key}"


def rows_name(key: str) -> str:
    return f"answer_{key}__rows"


def cell_name(key: str, row: int, column: int) -> str:
    return f"answer_{key}__{row}_{column}"


def prompt_anchor(prompt: dict) -> str:
    """The id of the first input of a prompt, for links from an error summary."""
    if prompt["kind"] == Kind.TABLE:
        return f"id_{cell_name(prompt['key'], 0, 0)}"
    if prompt["kind"] == Kind.CHOICE:
        return f"id_{field_name(prompt['key'])}_0"
    return f"id_{field_name(prompt['key'])}"


@dataclass
class PromptItem:
    """One prompt as the template shows it: its field(s), stored files and earlier answers."""

    prompt: dict
    bound_field: forms.BoundField | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[forms.BoundField]] = field(default_factory=list)
    rows_field_name: str = ""
    row_count: int = 0
    files: list = field(default_factory=list)
    earlier: Any = None  # (step, answer) of the earlier prompt this one refers to
    conflict: Any = None  # the answer someone else saved meanwhile

    @property
    def key(self) -> str:
        return self.prompt["key"]

    @property
    def kind(self) -> str:
        return self.prompt["kind"]

    @property
    def anchor(self) -> str:
        return prompt_anchor(self.prompt)

    @property
    def describedby(self) -> str:
        """Ids of the hint and error texts (for a fieldset's aria-describedby)."""
        ids = []
        if self.prompt.get("help_text"):
            ids.append(f"hint-{self.key}")
        if self.errors:
            ids.append(f"error-{self.key}")
        return " ".join(ids)

    @property
    def errors(self) -> list[str]:
        if self.bound_field is not None:
            return list(self.bound_field.errors)
        return [error for row in self.rows for cell in row for error in cell.errors]

    @property
    def labelled_rows(self) -> list[list[tuple[str, forms.BoundField]]]:
        """The grid's rows as (column, cell) pairs, for the grid that stacks on small screens."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


class DeliverableForm(forms.Form):
    """A team's answers to one module's deliverable.

    `answers` are the stored answers (initial values); `add_row_to` is the key of a table prompt
    that gets one more row (the "Add a row" button, which works without JavaScript).
    """

    def __init__(
        self,
        prompts: list[dict],
        *,
        answers: dict | None = None,
        add_row_to: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.prompts = prompts
        answers = answers or {}
        self.row_counts: dict[str, int] = {}
        self.sniffed: dict[str, str] = {}
        for prompt in prompts:
            key, kind = prompt["key"], prompt["kind"]
            if kind == Kind.TABLE:
                self._add_table(prompt, answers.get(key), add_row=add_row_to == key)
                continue
            built = self._field_for(prompt)
            if built is None:
                continue
            initial = answers.get(key)
            if kind == Kind.DATE and isinstance(initial, str):
                try:
                    initial = date.fromisoformat(initial)
                except ValueError:
                    initial = None
            built.initial = initial
            self.fields[field_name(key)] = built

    @staticmethod
    def _field_for(prompt: dict) -> forms.Field | None:
        label, help_text = prompt["label"], prompt.get("help_text", "")
        common = {"label": label, "help_text": help_text, "required": False}
        kind = prompt["kind"]
        if kind == Kind.SHORT_TEXT:
            return forms.CharField(
                max_length=SHORT_TEXT_MAX,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
                **common,
            )
        if kind == Kind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_MAX,
                widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 6}),
                **common,
            )
        if kind == Kind.CHOICE:
            options = prompt.get("options") or []
            return forms.ChoiceField(
                choices=[(option, option) for option in options],
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
                **common,
            )
        if kind == Kind.DATE:
            return forms.DateField(
                widget=forms.DateInput(attrs={"class": "usa-input", "type": "date"}),
                **common,
            )
        if kind == Kind.NUMBER:
            return forms.DecimalField(
                max_digits=15,
                decimal_places=4,
                widget=forms.NumberInput(attrs={"class": "usa-input", "step": "any"}),
                **common,
            )
        if kind == Kind.FILE:
            return forms.FileField(
                widget=forms.FileInput(attrs={"class": "usa-file-input"}),
                **common,
            )
        return None

    def _add_table(self, prompt: dict, stored: Any, *, add_row: bool) -> None:
        key = prompt["key"]
        columns = prompt.get("options") or ["Entry"]
        stored_rows = stored if isinstance(stored, list) else []
        if self.is_bound:
            try:
                count = int(self.data.get(rows_name(key), TABLE_MIN_ROWS))
            except (TypeError, ValueError):
                count = TABLE_MIN_ROWS
        else:
            count = len(stored_rows)
        count = max(TABLE_MIN_ROWS, count) + (1 if add_row else 0)
        count = min(count, TABLE_MAX_ROWS)
        self.row_counts[key] = count
        for row in range(count):
            values = stored_rows[row] if row < len(stored_rows) else []
            for column, name in enumerate(columns):
                cell = forms.CharField(
                    label=f"{name}, row {row + 1}",
                    max_length=TABLE_CELL_MAX,
                    required=False,
                    widget=forms.TextInput(attrs={"class": "usa-input"}),
                )
                cell.initial = values[column] if column < len(values) else ""
                self.fields[cell_name(key, row, column)] = cell

    def clean(self) -> dict:
        cleaned = super().clean()
        for prompt in self.prompts:
            if prompt["kind"] != Kind.FILE:
                continue
            name = field_name(prompt["key"])
            upload = cleaned.get(name)
            if not upload:
                continue
            try:
                self.sniffed[name] = validate_upload(upload)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, as stored in Deliverable.answers (files are stored apart)."""
        result: dict[str, Any] = {}
        for prompt in self.prompts:
            key, kind = prompt["key"], prompt["kind"]
            if kind == Kind.FILE:
                continue
            if kind == Kind.TABLE:
                columns = prompt.get("options") or ["Entry"]
                rows = []
                for row in range(self.row_counts[key]):
                    cells = [
                        _text(self.cleaned_data.get(cell_name(key, row, column)) or "")
                        for column in range(len(columns))
                    ]
                    if any(cells):
                        rows.append(cells)
                result[key] = rows
                continue
            value = self.cleaned_data.get(field_name(key))
            if value is None or value == "":
                result[key] = ""
            elif kind == Kind.DATE:
                result[key] = value.isoformat()
            elif kind == Kind.NUMBER:
                result[key] = _number(value)
            else:
                result[key] = _text(value) if isinstance(value, str) else value
        return result

    def uploads(self) -> list[tuple[str, UploadedFile, str]]:
        """(prompt key, file, sniffed content type) of each file chosen in this post."""
        chosen = []
        for prompt in self.prompts:
            if prompt["kind"] != Kind.FILE:
                continue
            name = field_name(prompt["key"])
            upload = self.cleaned_data.get(name)
            if upload:
                chosen.append((prompt["key"], upload, self.sniffed[name]))
        return chosen

    def _describe_widgets(self) -> None:
        """Point each input at its hint and error texts (aria-describedby); fieldsets (tables,
        choices) carry theirs in the template."""
        errors = self.errors if self.is_bound else {}
        for prompt in self.prompts:
            key, kind = prompt["key"], prompt["kind"]
            if kind == Kind.TABLE:
                for name, cell in self.fields.items():
                    if name.startswith(f"answer_{key}__") and name in errors:
                        cell.widget.attrs["aria-describedby"] = f"error-{key}"
                continue
            name = field_name(key)
            if kind == Kind.CHOICE or name not in self.fields:
                continue
            ids = []
            if prompt.get("help_text"):
                ids.append(f"hint-{key}")
            if kind == Kind.FILE:
                ids.append(f"filehint-{key}")
            if name in errors:
                ids.append(f"error-{key}")
            if ids:
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def items(self) -> list[PromptItem]:
        """The prompts in order, each with its bound field or its grid of cells."""
        self._describe_widgets()
        items = []
        for prompt in self.prompts:
            key, kind = prompt["key"], prompt["kind"]
            if kind == Kind.TABLE:
                columns = prompt.get("options") or ["Entry"]
                rows = [
                    [self[cell_name(key, row, column)] for column in range(len(columns))]
                    for row in range(self.row_counts[key])
                ]
                items.append(
                    PromptItem(
                        prompt=prompt,
                        columns=columns,
                        rows=rows,
                        rows_field_name=rows_name(key),
                        row_count=self.row_counts[key],
                    )
                )
            elif field_name(key) in self.fields:
                items.append(PromptItem(prompt=prompt, bound_field=self[field_name(key)]))
        return items


def _text(value: str) -> str:
    """Trimmed, with browsers' CRLF line ends stored as LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class ReviewForm(UswdsForm):
    """An expert's decision on a submitted deliverable."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=DeliverableReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept it or ask for changes."},
    )
    comments = forms.CharField(
        label="Comments for the team",
        help_text="Needed when you ask for changes. Everyone on the team reads them.",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("decision") == DeliverableReview.Decision.CHANGES
            and not (cleaned.get("comments") or "").strip()
        ):
            self.add_error("comments", "Say what should change: the team sees your comments.")
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if self.errors.get("comments"):
            self.fields["comments"].widget.attrs["aria-describedby"] = (
                "id_comments_helptext id_comments_error"
            )


def form_data_for(prompts: list[dict], answers: dict, *, version: int) -> dict[str, str]:
    """What a browser sends for these answers (files aside): for tests and scripted clients."""
    data = {"version": str(version)}
    for prompt in prompts:
        key, kind = prompt["key"], prompt["kind"]
        value = answers.get(key)
        if kind == Kind.FILE:
            continue
        if kind == Kind.TABLE:
            rows = value or []
            data[rows_name(key)] = str(max(len(rows), TABLE_MIN_ROWS))
            for row, cells in enumerate(rows):
                for column, cell in enumerate(cells):
                    data[cell_name(key, row, column)] = str(cell)
            continue
        if value not in (None, ""):
            data[field_name(key)] = str(value)
    return data
