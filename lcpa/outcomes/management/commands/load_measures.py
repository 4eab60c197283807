"""Load the measure dictionary from its data files: safe to run again, in production too."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lcpa.curriculum.content import ContentError
from lcpa.outcomes.content import CONTENT_DIR, read_directory
from lcpa.outcomes.services import measures_load


class Command(BaseCommand):
    help = (
        "Create or update each learning community's standard measures from "
        "lcpa/outcomes/content/*.yaml. A changed definition becomes a new version; values "
        "already recorded keep theirs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=CONTENT_DIR, help="Where the files are."
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check the files; write nothing."
        )

    def handle(self, *args, directory: Path, check: bool, **options) -> None:
        try:
            files = read_directory(directory)
            if check:
                self.stdout.write(f"{len(files)} measure files are valid.")
                return
            changes = measures_load(files=files)
        except ContentError as error:
            raise CommandError(f"The measures were not loaded:\n{error}") from None
        for line in changes:
            self.stdout.write(line)
        if changes:
            self.stdout.write(self.style.SUCCESS(f"Measures loaded: {len(changes)} changes."))
        else:
            self.stdout.write("The measures already match their files: nothing changed.")
