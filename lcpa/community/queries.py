"""Reads that hang off a fetched space or thread, with what their pages show prefetched."""

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts.models import Deliverable, Team
from lcpa.community.access import posts_for_user, threads_for_user
from lcpa.community.models import (
    Category,
    Flag,
    Post,
    Reaction,
    ReadMark,
    Space,
    Subscription,
    Thread,
)


def threads_in(space: Space, user: User) -> QuerySet[Thread]:
    """The space's threads the user may open, pinned first, then by last activity, each with
    its number of posts, its last post and how far the user has read it."""
    replies = Q(posts__hidden=False) if not is_program_staff(user) else Q()
    read = ReadMark.objects.filter(user_id=user.pk, thread=OuterRef("pk"))
    return (
        threads_for_user(user)
        .filter(space=space)
        .select_related("category", "author")
        .annotate(
            post_count=Count("posts", filter=replies),
            last_post_id=Max("posts__pk", filter=replies),
            read_up_to=Subquery(read.values("last_read_post_id")[:1]),
        )
        .order_by("-pinned", "-last_activity_at", "-pk")
    )


def first_unread_post(thread: Thread, user: User) -> Post | None:
    """The first post the user has not been shown yet, or the last one if they have read all."""
    posts = posts_in(thread, user)
    mark = ReadMark.objects.filter(user_id=user.pk, thread=thread).first()
    if mark is not None:
        unread = posts.filter(pk__gt=mark.last_read_post_id).first()
        if unread is not None:
            return unread
        return posts.last()
    return posts.first()


def subscription_level(user: User, *, thread: Thread | None = None, category=None) -> str:
    """The user's choice for a thread or a category: "follow", "mute" or "" (none)."""
    target = {"thread": thread} if thread is not None else {"category": category}
    found = Subscription.objects.filter(user_id=user.pk, **target).first()
    return found.level if found else ""


def category_levels(space: Space, user: User) -> QuerySet[Category]:
    """The space's categories, each with the user's choice (`level`: follow, mute or none)."""
    chosen = Subscription.objects.filter(user_id=user.pk, category=OuterRef("pk"))
    return categories_of(space).annotate(level=Subquery(chosen.values("level")[:1]))


def posts_in(thread: Thread, user: User) -> QuerySet[Post]:
    """The thread's posts the user may read, oldest first, each with how many people found it
    helpful (`helpful_count`) and whether the user did (`helpful_mine`)."""
    mine = Reaction.objects.filter(post=OuterRef("pk"), user_id=user.pk)
    return (
        posts_for_user(user)
        .filter(thread=thread)
        .select_related("author")
        .prefetch_related("attachments")
        .annotate(helpful_count=Count("reactions"), helpful_mine=Exists(mine))
        .order_by("created_at", "pk")
    )


def accepted_answer(thread: Thread, user: User) -> Post | None:
    """The thread's accepted answer, if there is one the user may read."""
    if thread.accepted_post_id is None:
        return None
    return posts_in(thread, user).filter(pk=thread.accepted_post_id).first()


def categories_of(space: Space) -> QuerySet[Category]:
    """The categories a new thread may go in (archived ones are not offered)."""
    return space.categories.filter(archived=False)


def opening_post_id(thread: Thread) -> int | None:
    """The thread's first post: the question itself, never its answer."""
    return thread.posts.order_by("created_at", "pk").values_list("pk", flat=True).first()


def flag_queue(flags: QuerySet[Flag]) -> QuerySet[Flag]:
    """Open flags, oldest first, with their post, its thread and space, and who flagged it."""
    return flags.select_related(
        "flagged_by",
        "post__author",
        "post__thread__space__cohort",
        "post__thread__space__learning_community",
    ).order_by("created_at", "pk")


def spaces_with_categories(spaces: QuerySet[Space]) -> QuerySet[Space]:
    """Every space with all its categories (archived ones too), in order."""
    return spaces.select_related("cohort", "learning_community").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("position", "name"))
    )


def team_deliverable(team: Team, number: int) -> Deliverable | None:
    """The team's deliverable of a module (fetched team: through cohorts.access), with what
    a copy of its answers shows."""
    return (
        Deliverable.objects.filter(team=team, module__number=number)
        .select_related("team", "module")
        .prefetch_related("files")
        .first()
    )


def helpful_answers_by(author_ids) -> QuerySet[Post]:
    """Posts by these people that peers found useful: accepted as the answer to a question, or
    marked helpful (nobody marks their own). Hidden posts and posts in hidden threads
    do not count. Each carries `helpful` (how many people) and `accepted`, with its thread."""
    return (
        Post.objects.filter(author_id__in=author_ids, hidden=False, thread__hidden=False)
        .annotate(
            helpful=Count("reactions"),
            accepted=Exists(
                Thread.objects.filter(accepted_post_id=OuterRef("pk"), is_question=True)
            ),
        )
        .filter(Q(helpful__gt=0) | Q(accepted=True))
        .select_related("thread")
        .order_by("created_at", "pk")
    )
