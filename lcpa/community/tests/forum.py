"""Shared helpers of the forum tests: a space of the cast, a thread in it, a reply."""

import uuid

from lcpa.accounts.models import User
from lcpa.community.models import Post, Space, Thread
from lcpa.community.services import post_reply, spaces_ensure, thread_start
from lcpa.testing import Cast


def space_of(cast: Cast, kind: str) -> Space:
    spaces_ensure()
    if kind == "cohort":
        return Space.objects.get(cohort=cast.cohort)
    if kind == "community":
        return Space.objects.get(learning_community=cast.cohort.learning_community)
    return Space.objects.get(kind=Space.Kind.PROGRAM)


def start_thread(
    space: Space,
    by: User,
    title: str = "Night coverage",
    body: str = "How?",
    *,
    is_question: bool = False,
    category=None,
) -> Thread:
    return thread_start(
        submission_key=uuid.uuid4(),
        space=space,
        category=category,
        title=title,
        body=body,
        is_question=is_question,
        by=by,
    )


def reply(thread: Thread, by: User, body: str) -> Post:
    return post_reply(submission_key=uuid.uuid4(), thread=thread, body=body, by=by)
