"""The dataset upload forms: the page's form (which also sends the whole file when the browser
runs no JavaScript) and the start of a chunked upload (what dataset-upload.js sends first)."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat

from lcpa.core.forms import UswdsForm
from lcpa.outcomes.models import DatasetKind


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
        error_messages={"required": "Choose the file to upload."},
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
    size = forms.IntegerField(min_value=1, error_messages={"min_value": "The file is empty."})
    sha256 = forms.CharField(
        required=False,
        validators=[RegexValidator(r"^[0-9a-fA-F]{64}$", "Not a SHA-256 digest.")],
    )
