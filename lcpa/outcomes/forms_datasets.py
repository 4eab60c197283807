"""The dataset upload forms: the page's form (which also sends the whole file when the browser
runs no JavaScript) and the start of a chunked upload (what dataset-upload.js sends first)."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat

from lcpa.core.forms import UswdsForm, apply_uswds, plain_messages
from lcpa.outcomes.analytics.formats import spaces_shown
from lcpa.outcomes.dataset_mapping import Screen, derived_sources, value_choices
from lcpa.outcomes.models import DatasetKind

# Both upload paths (the plain form and the chunked one) say the same, and what to do.
EMPTY_FILE = "The file is empty. Export your records again and upload that file."


class _DatasetFields(UswdsForm):
    kind = forms.ChoiceField(
        label="Kind of records",
        choices=[("", "- Select -"), *DatasetKind.choices],
        error_messages={"required": "Choose the kind of records in the file."},
    )
    name = forms.CharField(
        label="Dataset name",
        max_length=120,
        help_text="Use the same name each month, such as “CAD calls for service”: each file "
        "becomes a new version of that dataset.",
        error_messages={"required": "Enter a name for the dataset."},
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the dataset.")
        return name


class DatasetUploadForm(_DatasetFields):
    file = forms.FileField(
        label="File of records",
        error_messages={"required": "Choose the file to upload.", "empty": EMPTY_FILE},
        widget=forms.FileInput(
            attrs={"class": "usa-file-input", "accept": ".csv,.txt,.tsv,.xlsx,.parquet"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "CSV (any delimiter, UTF-8 or Windows-1252), Excel (.xlsx) or Parquet, up to "
            f"{filesizeformat(settings.DATASET_MAX_BYTES)}. Without JavaScript in your "
            f"browser, up to {filesizeformat(settings.DATASET_FORM_MAX_BYTES)}."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DATASET_FORM_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}. Without JavaScript this page "
                f"takes files up to {filesizeformat(limit)}: turn JavaScript on (the page then "
                "sends larger files in parts) or split the file."
            )
        return upload


class DatasetBeginForm(_DatasetFields):
    """What dataset-upload.js sends to start a chunked upload."""

    file_name = forms.CharField(max_length=255)
    size = forms.IntegerField(min_value=1, error_messages={"min_value": EMPTY_FILE})
    sha256 = forms.CharField(
        required=False,
        validators=[RegexValidator(r"^[0-9a-fA-F]{64}$", "Not a SHA-256 digest.")],
    )


NOT_IN_FILE = ""


class ColumnMappingForm(UswdsForm):
    """The mapping page's form, made from what `dataset_mapping.screen` shows: one select of
    the file's columns per standard column, the personal columns to keep, and one select of
    standard values per file value of each coded column (`value_<n>_<m>`)."""

    def __init__(self, data=None, *, screen: Screen, **kwargs) -> None:
        # Values listed for another file column than the one now chosen (the coordinator
        # changed it): they are listed afresh, with their proposals, to be checked.
        self.relisted: list[str] = []
        if data is not None:
            data = data.copy()
            for value_row in screen.values:
                target = value_row.column.name
                if data.get(f"source_{target}") != value_row.source:
                    self.relisted.append(target)
                    data[f"source_{target}"] = value_row.source
                    for m, (_raw, value) in enumerate(value_row.values):
                        data[f"value_{target}_{m}"] = value
        super().__init__(data, **kwargs)
        self.screen = screen
        file_columns = [(NOT_IN_FILE, "Not in this file")]
        file_columns += [(c, c) for c in screen.preview.columns]
        for row in screen.columns:
            column = row.column
            self.fields[f"column_{column.name}"] = forms.ChoiceField(
                label=column.name,
                choices=file_columns,
                required=False,
                initial=row.source,
                help_text=column.description,
            )
        personal = {c.name for c in screen.personal}
        self.fields["keep"] = forms.MultipleChoiceField(
            label="Personal identifiers to keep as they are",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (c.name, f"Keep {c.name} ({_fate(c.personal)} otherwise)") for c in screen.personal
            ],
            initial=[name for name in screen.keep if name in personal],
            help_text="Keep one only if your team needs it and may hold it.",
        )
        for value_row in screen.values:
            target = value_row.column.name
            self.fields[f"source_{target}"] = forms.CharField(
                widget=forms.HiddenInput, initial=value_row.source, required=False
            )
            choices = [("", "- Select -"), *((v, v) for v in value_choices(value_row.column))]
            for m, (raw, value) in enumerate(value_row.values):
                shown = spaces_shown(raw)
                self.fields[f"value_{target}_{m}"] = forms.ChoiceField(
                    label=shown,
                    choices=choices,
                    initial=value,
                    error_messages={"required": f"Choose the standard {target} for “{shown}”."},
                )
        # The fields exist only now: give them what UswdsForm gives declared fields.
        apply_uswds(self)
        plain_messages(self)

    def value_fields(self, target: str) -> list[forms.BoundField]:
        prefix = f"value_{target}_"
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def clean(self) -> dict:
        data = super().clean()
        used: dict[str, str] = {}
        for row in self.screen.columns:
            name = row.column.name
            source = data.get(f"column_{name}", NOT_IN_FILE)
            if source == NOT_IN_FILE:
                within = row.column.numbered_within
                if within and data.get(f"column_{within}", NOT_IN_FILE) != NOT_IN_FILE:
                    continue  # its rows are numbered within that column (NYPD's victims)
                if row.column.required:
                    self.add_error(
                        f"column_{name}",
                        f"Choose the file's column for {name}: every row needs it.",
                    )
                continue
            if source in used:
                self.add_error(
                    f"column_{name}",
                    f"The column “{source}” is already used for {used[source]}. "
                    "Use each column of the file for one standard column.",
                )
            used.setdefault(source, name)
        derived = derived_sources(self.screen.schema.kind)
        for target in self.relisted:
            self.add_error(
                f"column_{derived.get(target, target)}",
                f"The values of {target} are now those of the column you chose: check them "
                "below, then save again.",
            )
        return data

    def mapping(self) -> dict[str, str]:
        return {
            row.column.name: self.cleaned_data[f"column_{row.column.name}"]
            for row in self.screen.columns
            if self.cleaned_data[f"column_{row.column.name}"] != NOT_IN_FILE
        }

    def value_mappings(self) -> dict[str, dict[str, str]]:
        return {
            value_row.column.name: {
                raw: self.cleaned_data[f"value_{value_row.column.name}_{m}"]
                for m, (raw, _value) in enumerate(value_row.values)
            }
            for value_row in self.screen.values
        }


def _fate(personal: str) -> str:
    return "hashed" if personal == "hash" else "dropped"
