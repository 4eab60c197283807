"""Reading the curriculum's data files (`content/<slug>.yaml`) and checking them.

Each file is one learning community: its page text, its five modules and their deliverable
prompts, with Markdown for the long texts. A file that breaks the schema is refused with a
`ContentError` naming the file, the line and the field, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from lcpa.curriculum.models import DeliverablePrompt, Sector

CONTENT_DIR = Path(__file__).resolve().parent / "content"
MODULE_COUNT = 5

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=50)]
PromptKind = Literal[tuple(DeliverablePrompt.Kind.values)]  # type: ignore[valid-type]
SectorValue = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
KINDS_WITH_OPTIONS = {DeliverablePrompt.Kind.CHOICE, DeliverablePrompt.Kind.TABLE}


class ContentError(Exception):
    """A curriculum file that cannot be loaded; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PromptSpec(_Strict):
    key: Key
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    kind: PromptKind
    help_text: str = ""
    options: tuple[Text, ...] = ()
    required: bool = True
    refers_to: Key | Literal[""] = ""

    @model_validator(mode="after")
    def _options_fit_the_kind(self) -> PromptSpec:
        if self.kind in KINDS_WITH_OPTIONS and not self.options:
            raise ValueError(f"a {self.kind} prompt needs options (its choices or columns)")
        if self.kind not in KINDS_WITH_OPTIONS and self.options:
            raise ValueError(f"a {self.kind} prompt takes no options")
        return self


class ModuleSpec(_Strict):
    number: Annotated[int, Field(ge=1, le=MODULE_COUNT)]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
    deliverable_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)
    ]
    aims: Text
    guidance: str = ""
    prompts: tuple[PromptSpec, ...] = Field(min_length=1)


class LearningCommunitySpec(_Strict):
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$", max_length=50)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    short_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)
    ]
    position: Annotated[int, Field(ge=0)]
    implementing_sector: SectorValue
    tagline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    purpose: Text
    who_should_join: Text
    modules: tuple[ModuleSpec, ...]

    @model_validator(mode="after")
    def _five_modules_with_unique_keys(self) -> LearningCommunitySpec:
        numbers = [module.number for module in self.modules]
        if sorted(numbers) != list(range(1, MODULE_COUNT + 1)):
            raise ValueError(f"modules must be numbered 1 to {MODULE_COUNT}, once each")
        seen: set[str] = set()
        for module in sorted(self.modules, key=lambda m: m.number):
            for prompt in module.prompts:
                if prompt.key in seen:
                    raise ValueError(
                        f"module {module.number}: prompt key {prompt.key!r} is used twice"
                    )
                if prompt.refers_to and prompt.refers_to not in seen:
                    raise ValueError(
                        f"module {module.number}: prompt {prompt.key!r} refers to "
                        f"{prompt.refers_to!r}, which is not an earlier prompt"
                    )
                seen.add(prompt.key)
        return self


@dataclass(frozen=True)
class CurriculumFile:
    path: Path
    spec: LearningCommunitySpec


# The safe loader, in C when PyYAML was built with libyaml (about twenty times faster).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _lines(node: yaml.Node, path: tuple = (), found: dict | None = None) -> dict[tuple, int]:
    found = {} if found is None else found
    found[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, (*path, key.value), found)
            found[(*path, key.value)] = key.start_mark.line + 1  # the key's line, not the value's
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), found)
    return found


def _line_of(lines: dict[tuple, int], loc: tuple) -> int:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(the whole file)"


Schema = TypeVar("Schema", bound=BaseModel)
T = TypeVar("T")


def read_yaml(path: Path, schema: type[Schema], *, what: str) -> Schema:
    """One YAML file (safe loader) checked against a pydantic schema. A ContentError names the
    file, the line and the field of every problem; `what` says what the file should hold."""
    return _read(path, schema, what)[0]


def _read(path: Path, schema: type[Schema], what: str) -> tuple[Schema, dict[tuple, int]]:
    text = path.read_text(encoding="utf-8")
    loader = _SafeLoader(text)
    try:
        # One pass: the nodes (which know their lines), then the data made from them.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ContentError(f"{path.name}, line {line}: not valid YAML ({error})") from None
    finally:
        loader.dispose()
    if node is None or not isinstance(data, dict):
        raise ContentError(f"{path.name}, line 1: expected {what} (a mapping)")
    lines = _lines(node)
    try:
        return schema.model_validate(data), lines
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
            message = item["msg"].removeprefix("Value error, ")
            problems.append(
                f"{path.name}, line {_line_of(lines, loc)}, {_field_name(loc)}: {message}"
            )
        raise ContentError("\n".join(problems)) from None


def read_file(path: Path) -> CurriculumFile:
    spec, lines = _read(path, LearningCommunitySpec, "a learning community")
    if spec.slug != path.stem:
        raise ContentError(
            f"{path.name}, line {_line_of(lines, ('slug',))}, slug: {spec.slug!r} must match "
            f"the file name ({path.stem!r})"
        )
    return CurriculumFile(path=path, spec=spec)


def read_each(directory: Path, read: Callable[[Path], T], *, what: str) -> list[T]:
    """`read(path)` for every `*.yaml` file of the directory; all problems of all files at
    once. `what` names the files in the error for an empty directory ("curriculum files")."""
    files, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            files.append(read(path))
        except ContentError as error:
            problems.append(str(error))
    if problems:
        raise ContentError("\n".join(problems))
    if not files:
        raise ContentError(f"{directory}: no {what} (*.yaml) found")
    return files


def read_directory(directory: Path = CONTENT_DIR) -> list[CurriculumFile]:
    """Every curriculum file of the directory, checked."""
    return read_each(directory, read_file, what="curriculum files")
