"""Static files from the npm packages: only the files the pages use (settings.VENDOR_STATIC),
not whole packages, so collectstatic copies, hashes and compresses a few megabytes."""

import os
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


def wanted(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a path (with /) matches a pattern, where * and ? stay within one directory."""
    return any(fnmatch(path, p) and path.count("/") == p.count("/") for p in patterns)


class VendorFinder(BaseFinder):
    """Serves `settings.VENDOR_STATIC`: {URL prefix: (package directory, file patterns)}, e.g.
    `"vendor/htmx": (node_modules / "htmx.org" / "dist", ["htmx.min.js"])`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.sources = []
        for prefix, (root, patterns) in settings.VENDOR_STATIC.items():
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # collectstatic puts the files under it
            self.sources.append((prefix, Path(root), tuple(patterns), storage))

    def check(self, **kwargs: object) -> list[Error]:
        return [
            Error(f"VENDOR_STATIC[{prefix!r}]: no directory {root}", id="lcpa.E010")
            for prefix, root, _, _ in self.sources
            if not root.is_dir()
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: object) -> str | list[str]:
        matches = []
        for prefix, root, patterns, _ in self.sources:
            relative = path.replace(os.sep, "/").removeprefix(f"{prefix}/")
            if relative == path or not wanted(relative, patterns):
                continue
            candidate = root / relative
            if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
                if not find_all:
                    return str(candidate)
                matches.append(str(candidate))
        return matches if find_all else ""

    def list(self, ignore_patterns: list[str] | None):
        for _, root, patterns, storage in self.sources:
            if root.is_dir():
                for path in utils.get_files(storage, ignore_patterns):
                    if wanted(path.replace(os.sep, "/"), patterns):
                        yield path, storage
