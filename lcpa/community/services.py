"""Every write to the forum. Threads and replies are idempotent by their submission key."""

import uuid
from collections.abc import Sequence
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts import uploads
from lcpa.cohorts.models import Cohort, Deliverable
from lcpa.community.access import can_open_thread
from lcpa.community.mentions import mentioned_people
from lcpa.community.models import (
    Attachment,
    Category,
    Flag,
    Post,
    Reaction,
    ReadMark,
    Space,
    Subscription,
    Thread,
)
from lcpa.community.queries import opening_post_id
from lcpa.community.text import author_name, deliverable_markdown
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import notify


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


def category_create(*, space: Space, name: str, position: int, by: User) -> Category:
    """A new category in a space (program staff); its name is unique in the space."""
    if Category.objects.filter(space=space, name__iexact=name).exists():
        raise ForumError("This space already has a category of that name.")
    category = Category(space=space, name=name, position=position)
    category._change_reason = f"create by {by.email}"
    category.save()
    return category


def category_update(
    *, category: Category, name: str, position: int, archived: bool, by: User
) -> Category:
    """Rename, reorder or archive a category (program staff); the history keeps who did it."""
    clash = Category.objects.filter(space_id=category.space_id, name__iexact=name)
    if clash.exclude(pk=category.pk).exists():
        raise ForumError("This space already has a category of that name.")
    category.name, category.position, category.archived = name, position, archived
    category._change_reason = f"update by {by.email}"
    category.save(update_fields=["name", "position", "archived", "updated_at"])
    return category


def thread_move(*, thread: Thread, space: Space, category: Category | None, by: User) -> Thread:
    """Move a thread to another space or category (program staff), audited."""
    if category is not None and category.space_id != space.pk:
        raise ForumError("Choose a category of the space the thread moves to.")
    thread.space, thread.category = space, category
    thread._change_reason = f"move by {by.email}"
    thread.save(update_fields=["space", "category", "updated_at"])
    return thread


def thread_start(
    *,
    submission_key: UUID,
    space: Space,
    category: Category | None,
    title: str,
    body: str,
    is_question: bool,
    by: User,
    attachments: Sequence[uploads.CheckedUpload] = (),
) -> Thread:
    """Open a thread with its first post (and its files, checked by the form), once per
    submission key."""
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
            post = Post.objects.create(
                thread=thread, author=by, body=body, submission_key=uuid.uuid4()
            )
            _attach(post, attachments)
            _follow(by, thread)
            _tell_about(post, mentions=mentioned_people(thread, body), new_thread=True)
    except IntegrityError:
        return Thread.objects.get(submission_key=submission_key)
    return thread


def post_reply(
    *,
    submission_key: UUID,
    thread: Thread,
    body: str,
    by: User,
    attachments: Sequence[uploads.CheckedUpload] = (),
) -> Post:
    """Add a reply (and its files, checked by the form), once per submission key; a locked
    thread takes no more."""
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
            _attach(post, attachments)
            _follow(by, locked)
            _tell_about(post, mentions=mentioned_people(locked, body), new_thread=False)
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
    already = {person.pk for person in mentioned_people(post.thread, post.body)}
    with transaction.atomic():
        post.body = body
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at", "updated_at"])
        added = [p for p in mentioned_people(post.thread, body) if p.pk not in already]
        _tell_mentioned(post, added, _muting(post.thread))
    return post


def _attach(post: Post, attachments: Sequence[uploads.CheckedUpload]) -> None:
    """Keep the files the form checked (lcpa.cohorts.uploads)."""
    for upload, content_type in attachments:
        Attachment.objects.create(post=post, **uploads.kept_file(upload, content_type))


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


# Following, muting and telling people ---------------------------------------------------------


def _follow(user: User, thread: Thread) -> None:
    """Whoever writes in a thread follows it, unless they chose otherwise already."""
    Subscription.objects.get_or_create(
        user=user, thread=thread, defaults={"level": Subscription.Level.FOLLOW}
    )


def subscription_set(
    *,
    user: User,
    level: str | None,
    thread: Thread | None = None,
    category: Category | None = None,
) -> None:
    """Follow or mute a thread or a category; `level=None` goes back to the default."""
    if (thread is None) == (category is None):
        raise TypeError("subscription_set takes a thread or a category.")
    target = {"thread": thread} if thread is not None else {"category": category}
    if level is None:
        Subscription.objects.filter(user=user, **target).delete()
        return
    Subscription.objects.update_or_create(user=user, **target, defaults={"level": level})


def _about(thread: Thread) -> Q:
    """Subscriptions to the thread or to its category."""
    if thread.category_id is None:
        return Q(thread=thread)
    return Q(thread=thread) | Q(category_id=thread.category_id)


def _muting(thread: Thread) -> set[int]:
    return set(
        Subscription.objects.filter(_about(thread), level=Subscription.Level.MUTE).values_list(
            "user_id", flat=True
        )
    )


def _tell_mentioned(post: Post, people: list[User], muted: set[int]) -> set[int]:
    """Notify each mentioned person (never the author, never someone muting the thread)."""
    thread = post.thread
    told = set()
    for person in people:
        if person.pk == post.author_id or person.pk in muted:
            continue
        notify(
            user=person,
            kind=Kind.MENTION,
            title=f"{author_name(post)} mentioned you in “{thread.title}”",
            url=reverse("community:post", args=[post.pk]),
            group=thread.space.name,
        )
        told.add(person.pk)
    return told


def _tell_about(post: Post, *, mentions: list[User], new_thread: bool) -> None:
    """Tell the people a new post mentions, then those following the thread or its category
    who may still open it; muting wins over following and over a mention."""
    thread = post.thread
    muted = _muting(thread)
    told = _tell_mentioned(post, mentions, muted) | muted | {post.author_id}
    followers = (
        User.objects.filter(is_active=True)
        .filter(
            pk__in=Subscription.objects.filter(
                _about(thread), level=Subscription.Level.FOLLOW
            ).values("user_id")
        )
        .exclude(pk__in=told)
        .order_by("pk")
    )
    if new_thread:
        title = f"New thread in {thread.category}: “{thread.title}”"
    else:
        title = f"{author_name(post)} replied in “{thread.title}”"
    for person in followers:
        if can_open_thread(person, thread):
            notify(
                user=person,
                kind=Kind.REPLY,
                title=title,
                url=reverse("community:post", args=[post.pk]),
                group=thread.space.name,
            )


def thread_read(*, user: User, thread: Thread, up_to_post_id: int) -> None:
    """Remember that the person has seen the thread up to this post (never moves back)."""
    moved = ReadMark.objects.filter(user=user, thread=thread).update(
        last_read_post_id=Greatest(F("last_read_post_id"), Value(up_to_post_id))
    )
    if not moved:
        ReadMark.objects.get_or_create(
            user=user, thread=thread, defaults={"last_read_post_id": up_to_post_id}
        )


# Helpful reactions and accepted answers ------------------------------------------------------


def post_helpful_toggle(*, post: Post, by: User) -> bool:
    """Mark the post helpful, or take the mark back; True when it is now marked. Nobody marks
    their own post."""
    if post.author_id == by.pk:
        raise ForumError("You cannot mark your own post as helpful.")
    removed, _ = Reaction.objects.filter(post=post, user=by).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=by)
    except IntegrityError:  # the same click twice at once: it is marked
        pass
    return True


def thread_accept(*, thread: Thread, post: Post | None, by: User) -> Thread:
    """Accept one post of a question thread as its answer (or withdraw it, with None). Who may
    do it (the asker, program staff) is checked by access.get_question_for_acceptor."""
    if not thread.is_question:
        raise ForumError("Only a question can have an accepted answer.")
    if post is not None and post.thread_id != thread.pk:
        raise ForumError("Choose a post of this thread.")
    if post is not None and post.pk == opening_post_id(thread):
        raise ForumError("The question itself cannot be its answer: choose a reply.")
    thread.accepted_post = post
    thread._change_reason = f"{'accept' if post else 'withdraw'} by {by.email}"
    thread.save(update_fields=["accepted_post", "updated_at"])
    return thread


# Flags ----------------------------------------------------------------------------------------


def flag_raise(*, post: Post, reason: str, by: User) -> Flag:
    """Flag a post for staff, with a reason; a second flag by the same person while the first
    is open changes nothing."""
    existing = Flag.objects.filter(post=post, flagged_by=by, status=Flag.Status.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Flag.objects.create(post=post, flagged_by=by, reason=reason)
    except IntegrityError:
        return Flag.objects.get(post=post, flagged_by=by, status=Flag.Status.OPEN)


def flag_resolve(*, flag: Flag, hide: bool, by: User) -> Flag:
    """Resolve a flag (program staff): hide the post, which resolves every open flag on it, or
    dismiss this flag. The post's and the flags' histories keep who did what."""
    if flag.status != Flag.Status.OPEN:
        raise ForumError("This flag was already resolved.")
    now = timezone.now()
    with transaction.atomic():
        if hide:
            post_moderate(post=flag.post, hidden=True, by=by)
            flags = list(Flag.objects.filter(post_id=flag.post_id, status=Flag.Status.OPEN))
        else:
            flags = [flag]
        for each in flags:
            each.status = Flag.Status.HIDDEN if hide else Flag.Status.DISMISSED
            each.resolved_by, each.resolved_at = by, now
            each._change_reason = f"{each.status} by {by.email}"
            each.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])
    flag.refresh_from_db()
    return flag


# Sharing a deliverable with peers --------------------------------------------------------------


def deliverable_post_to_forum(*, deliverable: Deliverable, by: User) -> Thread:
    """Post a copy of the deliverable's answers, as they are now, as a thread in its cohort's
    space: later edits of the deliverable do not change it. Once per version of the
    deliverable (sharing the same version again finds the thread)."""
    spaces_ensure()
    existing = Thread.objects.filter(
        shared_deliverable=deliverable, shared_version=deliverable.version
    ).first()
    if existing is not None:
        return existing
    team, module = deliverable.team, deliverable.module
    try:
        with transaction.atomic():
            thread = thread_start(
                submission_key=uuid.uuid4(),
                space=Space.objects.get(cohort_id=team.cohort_id),
                category=None,
                title=f"{team.name}: {module.deliverable_name} (module {module.number})"[:200],
                body=deliverable_markdown(deliverable),
                is_question=False,
                by=by,
            )
            thread.shared_deliverable, thread.shared_version = deliverable, deliverable.version
            thread._change_reason = f"deliverable shared by {by.email}"
            thread.save(update_fields=["shared_deliverable", "shared_version", "updated_at"])
    except IntegrityError:
        return Thread.objects.get(
            shared_deliverable=deliverable, shared_version=deliverable.version
        )
    return thread
