"""Every write to the forum. Threads and replies are idempotent by their submission key."""

import uuid
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Cohort
from lcpa.community.models import Category, Post, Space, Thread


class ForumError(Exception):
    """A write the forum refuses, with a message for the person who tried."""


def spaces_ensure() -> None:
    """Create the program's space and those of every cohort and learning community that does
    not have one yet. Idempotent, and a constant number of queries."""
    Space.objects.get_or_create(kind=Space.Kind.PROGRAM)
    cohorts = Cohort.objects.exclude(forum_space__isnull=False).values_list(
        "pk", "learning_community_id"
    )
    missing = list(cohorts)
    if not missing:
        return
    have = set(
        Space.objects.filter(kind=Space.Kind.COMMUNITY).values_list(
            "learning_community_id", flat=True
        )
    )
    communities = {community for _, community in missing} - have
    Space.objects.bulk_create(
        [Space(kind=Space.Kind.COHORT, cohort_id=pk) for pk, _ in missing]
        + [Space(kind=Space.Kind.COMMUNITY, learning_community_id=pk) for pk in communities],
        ignore_conflicts=True,
    )


def category_add(*, space: Space, name: str, position: int = 0) -> Category:
    category, _ = Category.objects.get_or_create(
        space=space, name=name, defaults={"position": position}
    )
    return category


def thread_start(
    *,
    submission_key: UUID,
    space: Space,
    category: Category | None,
    title: str,
    body: str,
    is_question: bool,
    by: User,
) -> Thread:
    """Open a thread with its first post, once per submission key."""
    if category is not None and category.space_id != space.pk:
        raise ForumError("Choose a category of this space.")
    existing = Thread.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                submission_key=submission_key,
                space=space,
                category=category,
                title=title,
                is_question=is_question,
                author=by,
                last_activity_at=now,
            )
            Post.objects.create(thread=thread, author=by, body=body, submission_key=uuid.uuid4())
    except IntegrityError:
        return Thread.objects.get(submission_key=submission_key)
    return thread


def post_reply(*, submission_key: UUID, thread: Thread, body: str, by: User) -> Post:
    """Add a reply, once per submission key; a locked thread takes no more."""
    existing = Post.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            locked = Thread.objects.select_for_update().get(pk=thread.pk)
            if locked.locked:
                raise ForumError("This thread is locked: it takes no more replies.")
            post = Post.objects.create(
                thread=locked, author=by, body=body, submission_key=submission_key
            )
            Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
    except IntegrityError:
        return Post.objects.get(submission_key=submission_key)
    return post


def post_edit(*, post: Post, body: str, by: User) -> Post:
    """Change one's own post; the history keeps every earlier version."""
    if post.author_id != by.pk:
        raise ForumError("Only the person who wrote a post can edit it.")
    if post.thread.locked:
        raise ForumError("This thread is locked: its posts can no longer be edited.")
    if body == post.body:
        return post
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at", "updated_at"])
    return post


THREAD_ACTIONS = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "lock": ("locked", True),
    "unlock": ("locked", False),
    "hide": ("hidden", True),
    "show": ("hidden", False),
}


def thread_moderate(*, thread: Thread, action: str, by: User) -> Thread:
    """Pin, lock or hide a thread (or undo it): program staff, checked by the view."""
    field, value = THREAD_ACTIONS[action]
    setattr(thread, field, value)
    thread._change_reason = f"{action} by {by.email}"
    thread.save(update_fields=[field, "updated_at"])
    return thread


def post_moderate(*, post: Post, hidden: bool, by: User) -> Post:
    """Hide a post from everyone but staff (or show it again); the history keeps who did it."""
    post.hidden = hidden
    post._change_reason = f"{'hide' if hidden else 'show'} by {by.email}"
    post.save(update_fields=["hidden", "updated_at"])
    return post
