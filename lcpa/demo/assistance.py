"""The demo's TA requests (`content/ta_requests.yaml`), opened, worked and answered through the
assistance services and dated with `stamps.dated`. Keys are derived from the file's words, so a
second run finds every row already there."""

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

from django.core.files import File
from pydantic import AfterValidator, Field, model_validator

from lcpa.accounts.models import User
from lcpa.assistance import services
from lcpa.assistance.models import MAX_FILES, TARequest
from lcpa.cohorts.uploads import CheckedUpload, validate_upload
from lcpa.curriculum.content import read_yaml
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CONTENT_DIR, ModuleNumber, Place, _Strict, place_key
from lcpa.demo.stamps import at, dated

Category = TARequest.Category
FILES_DIR = CONTENT_DIR / "files"
KEYS = uuid.UUID("6d1f1b52-8f0e-4a57-9e57-5c1c3f6b2a11")


def _in_files_dir(name: str) -> str:
    if "/" in name or not (FILES_DIR / name).is_file():
        raise ValueError(f"{name!r} is not a file in {FILES_DIR}")
    return name


# The names of files in content/files/ sent with a request or a message (totals only).
DemoFiles = Annotated[
    list[Annotated[str, AfterValidator(_in_files_dir)]], Field(max_length=MAX_FILES)
]


class MessageSpec(_Strict):
    by: str
    days_ago: int = Field(ge=1)  # a day before today: the story never happens in the future
    body: str
    files: DemoFiles = []


class RequestSpec(_Strict):
    cohort: str
    place: Place
    opened_by: str
    days_ago: int = Field(ge=1)  # a day before today: the story never happens in the future
    category: Category
    urgency: TARequest.Urgency
    module: ModuleNumber | None = None
    title: str
    description: str
    files: DemoFiles = []
    assigned_to: str | None = None
    status: TARequest.Status
    resolved_days_ago: int | None = Field(default=None, ge=1)
    messages: list[MessageSpec] = []
    # The requester's answer to the satisfaction survey (1 to 5), for a resolved request.
    satisfaction: int | None = Field(default=None, ge=1, le=5)
    answered_days_ago: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _dates_fit(self) -> "RequestSpec":
        finished = self.status in (TARequest.Status.RESOLVED, TARequest.Status.CLOSED)
        if finished != (self.resolved_days_ago is not None):
            raise ValueError(
                "resolved_days_ago is given exactly when the status is resolved or closed"
            )
        if (self.satisfaction is None) != (self.answered_days_ago is None):
            raise ValueError("satisfaction and answered_days_ago go together")
        if self.satisfaction is not None and self.status != TARequest.Status.RESOLVED:
            raise ValueError("only a resolved request has a satisfaction answer")
        return self


class RequestsFile(_Strict):
    requests: list[RequestSpec]


def read_requests(directory: Path = CONTENT_DIR) -> RequestsFile:
    return read_yaml(directory / "ta_requests.yaml", RequestsFile, what="the demo TA requests")


@contextmanager
def _files(names: list[str]) -> Iterator[list[CheckedUpload]]:
    """The named files of content/files/, open and checked as an upload would be."""
    with ExitStack() as stack:
        checked = []
        for name in names:
            handle = File(stack.enter_context((FILES_DIR / name).open("rb")), name=name)
            checked.append(CheckedUpload(handle, validate_upload(handle)))
        yield checked


def _key(*words: str) -> uuid.UUID:
    return uuid.uuid5(KEYS, "|".join(words))


def seed_ta_requests(
    *, requests: RequestsFile, seeded: SeededCohorts, logins: dict[str, User], today: date
) -> int:
    """Open the file's requests that are not there yet; returns how many were added."""
    added = 0
    for spec in requests.requests:
        key = _key(spec.cohort, spec.place, spec.title)
        if TARequest.objects.filter(submission_key=key).exists():
            continue
        _seed_one(spec, key, seeded=seeded, logins=logins, today=today)
        added += 1
    return added


def _seed_one(
    spec: RequestSpec, key: uuid.UUID, *, seeded: SeededCohorts, logins: dict, today: date
) -> None:
    def when(days_ago: int, hour: int):
        return at(today - timedelta(days=days_ago), hour)

    team = seeded.teams[(spec.cohort, place_key(spec.place))]
    module = team.cohort.modules.get(number=spec.module) if spec.module else None
    with dated(when(spec.days_ago, 9)), _files(spec.files) as files:
        request = services.ta_request_open(
            submission_key=key,
            team=team,
            by=logins[spec.opened_by],
            category=spec.category,
            urgency=spec.urgency,
            title=spec.title,
            description=spec.description,
            module=module,
            files=files,
        )
    if spec.assigned_to:
        with dated(when(spec.days_ago, 11)):
            request = services.ta_request_assign(
                request=request, by=logins[spec.assigned_to], assignee=logins[spec.assigned_to]
            )
    finished = spec.status in (TARequest.Status.RESOLVED, TARequest.Status.CLOSED)
    if not finished and spec.status != request.status:
        # Any status but the last ones is set just after the request was assigned.
        _move(request, spec, logins, when(spec.days_ago, 12))
    for position, message in enumerate(spec.messages):
        author = logins[message.by]
        moment = when(message.days_ago, 14)
        with dated(moment), _files(message.files) as files:
            services.ta_message_post(
                submission_key=_key(str(key), str(position)),
                request=request,
                by=author,
                body=message.body,
                from_team=author.role == User.Role.PARTICIPANT,
                now=moment,
                files=files,
            )
    if finished:
        request = _move(request, spec, logins, when(spec.resolved_days_ago, 16))
    if spec.satisfaction is not None:
        moment = when(spec.answered_days_ago, 10)
        with dated(moment):
            services.ta_survey_answer(
                survey=request.surveys.latest("pk"), rating=spec.satisfaction, now=moment
            )


def _move(request: TARequest, spec: RequestSpec, logins: dict, moment) -> TARequest:
    with dated(moment):
        return services.ta_request_status_change(
            request=request,
            by=logins[spec.assigned_to or spec.opened_by],
            status=spec.status,
            now=moment,
        )
