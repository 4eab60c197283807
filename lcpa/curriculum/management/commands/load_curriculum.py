"""Load the curriculum from its data files: safe to run again, in production too."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lcpa.curriculum.content import CONTENT_DIR, ContentError, read_directory
from lcpa.curriculum.services import curriculum_load


class Command(BaseCommand):
    help = (
        "Create or update the learning communities, their modules and deliverable prompts from "
        "lcpa/curriculum/content/*.yaml. Cohorts keep their own copy; nothing else changes."
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
        except ContentError as error:
            raise CommandError(f"The curriculum was not loaded:\n{error}") from None
        if check:
            self.stdout.write(f"{len(files)} curriculum files are valid.")
            return
        changes = curriculum_load(files=files)
        for line in changes:
            self.stdout.write(line)
        if changes:
            self.stdout.write(self.style.SUCCESS(f"Curriculum loaded: {len(changes)} changes."))
        else:
            self.stdout.write("The curriculum already matches its files: nothing changed.")
