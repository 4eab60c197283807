"""Reads that hang off a fetched space or thread, with what their pages show prefetched."""

from django.db.models import Count, Q, QuerySet

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.community.access import posts_for_user, threads_for_user
from lcpa.community.models import Category, Post, Space, Thread


def threads_in(space: Space, user: User) -> QuerySet[Thread]:
    """The space's threads the user may open, pinned first, then by last activity."""
    replies = Q(posts__hidden=False) if not is_program_staff(user) else Q()
    return (
        threads_for_user(user)
        .filter(space=space)
        .select_related("category", "author")
        .annotate(post_count=Count("posts", filter=replies))
        .order_by("-pinned", "-last_activity_at", "-pk")
    )


def posts_in(thread: Thread, user: User) -> QuerySet[Post]:
    return (
        posts_for_user(user)
        .filter(thread=thread)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def categories_of(space: Space) -> QuerySet[Category]:
    return space.categories.all()
