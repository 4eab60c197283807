"""The upload form of an observations import: a CSV or Excel file, checked by its bytes."""

from django import forms

from lcpa.cohorts.uploads import CSV, TEXT, XLSX, validate_upload
from lcpa.core.forms import UswdsForm

MAX_IMPORT_SIZE = 2 * 1024 * 1024
IMPORT_TYPES = {CSV, TEXT, XLSX}


class ObservationImportForm(UswdsForm):
    file = forms.FileField(
        label="Spreadsheet of values",
        help_text="A CSV or Excel (.xlsx) file with the template's columns, up to 2 MB.",
        error_messages={"required": "Choose the file with your values."},
        widget=forms.FileInput(attrs={"class": "usa-file-input", "accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; an import can be up to 2 MB. "
                "Split it into smaller files."
            )
        content_type = validate_upload(upload)
        if content_type not in IMPORT_TYPES:
            raise forms.ValidationError(
                "This file is not a spreadsheet, whatever its name says. Save it as CSV or "
                "Excel (.xlsx) and upload it again."
            )
        self.content_type = XLSX if content_type == XLSX else CSV
        return upload
