"""The demo's peer forum (`content/forum.yaml`): threads, replies, helpful marks and accepted
answers, written through the forum's services and dated with `stamps.dated`. Keys are derived
from the file's words, so a second run finds every thread already there."""

import uuid
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Max
from pydantic import Field

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.community import services
from lcpa.community.models import Space, Thread
from lcpa.curriculum.content import read_yaml
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CONTENT_DIR, _Strict, place_key
from lcpa.demo.stamps import at, dated

KEYS = uuid.UUID("2b0f4c8e-3f7d-4a8e-b7c1-5e2d9a41f0c3")


class ReplySpec(_Strict):
    by: str
    days_ago: int = Field(ge=1)
    body: str
    helpful: list[str] = []
    accepted: bool = False


class ThreadSpec(_Strict):
    cohort: str
    category: str | None = None
    by: str
    days_ago: int = Field(ge=1)  # a day before today: the story never happens in the future
    question: bool = False
    title: str
    body: str
    replies: list[ReplySpec] = []


class ForumFile(_Strict):
    threads: list[ThreadSpec]


def read_forum(directory: Path = CONTENT_DIR) -> ForumFile:
    return read_yaml(directory / "forum.yaml", ForumFile, what="the demo forum")


def _key(*words: str) -> uuid.UUID:
    return uuid.uuid5(KEYS, "|".join(words))


def _writer(who: str, cohort: str, *, seeded: SeededCohorts, logins: dict[str, User]) -> User:
    """A login by email, or the first member of the cohort's team of that place."""
    if "@" in who:
        return logins[who]
    team: Team = seeded.teams[(cohort, place_key(who))]
    return team.memberships.select_related("user").order_by("pk").first().user


def seed_forum(
    *, forum: ForumFile, seeded: SeededCohorts, logins: dict[str, User], today: date
) -> int:
    """Write the file's threads that are not there yet; returns how many were added."""
    services.spaces_ensure()
    added = 0
    for spec in forum.threads:
        key = _key(spec.cohort, spec.title)
        if Thread.objects.filter(submission_key=key).exists():
            continue
        _seed_one(spec, key, seeded=seeded, logins=logins, today=today)
        added += 1
    return added


def _seed_one(
    spec: ThreadSpec, key: uuid.UUID, *, seeded: SeededCohorts, logins: dict, today: date
) -> None:
    def writer(who: str) -> User:
        return _writer(who, spec.cohort, seeded=seeded, logins=logins)

    def when(days_ago: int, hour: int):
        return at(today - timedelta(days=days_ago), hour)

    space = Space.objects.get(cohort=seeded.cohorts[spec.cohort])
    category = services.category_add(space=space, name=spec.category) if spec.category else None
    with dated(when(spec.days_ago, 9)):
        thread = services.thread_start(
            submission_key=key,
            space=space,
            category=category,
            title=spec.title,
            body=spec.body,
            is_question=spec.question,
            by=writer(spec.by),
        )
    for position, reply in enumerate(spec.replies):
        with dated(when(reply.days_ago, 10 + position)):
            post = services.post_reply(
                submission_key=_key(str(key), str(position)),
                thread=thread,
                body=reply.body,
                by=writer(reply.by),
            )
        with dated(when(reply.days_ago, 12 + position)):
            for who in reply.helpful:
                services.post_helpful_toggle(post=post, by=writer(who))
            if reply.accepted:
                services.thread_accept(thread=thread, post=post, by=writer(spec.by))
    # Replies move a thread up at the real time; the demo's threads are as active as their
    # last post.
    last = thread.posts.aggregate(last=Max("created_at"))["last"]
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=last)
