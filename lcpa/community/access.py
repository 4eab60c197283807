"""The only way views fetch forum rows, and the one place that says who may see them.

A cohort's space: its teams' members, the people who serve the cohort (facilitators, national
experts, TA providers) and program staff. A learning community's space: the members and helpers
of any of its cohorts, past cohorts included. The program's space: everyone who takes part (a
team member, an expert, a TA provider, a facilitator, staff). Hidden threads and posts: staff
only. A miss is always a 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff, supports_cohorts
from lcpa.cohorts.access import cohorts_served_by
from lcpa.cohorts.models import Cohort, Membership
from lcpa.community.models import Attachment, Category, Flag, Post, Space, Thread


def _cohorts_of(user: User) -> QuerySet[Cohort]:
    """Cohorts the user is an active team member of or serves (a subquery, not run alone)."""
    member_of = Membership.objects.filter(user_id=user.pk, removed_at__isnull=True).values(
        "team__cohort_id"
    )
    return Cohort.objects.filter(Q(pk__in=member_of) | Q(pk__in=cohorts_served_by(user)))


def sees_forum(user: User) -> bool:
    """Whether the user sees the program's space (so at least one space): one query at most."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_program_staff(user) or supports_cohorts(user):
        return True
    return _cohorts_of(user).exists()


def spaces_for_user(user: User) -> QuerySet[Space]:
    if not sees_forum(user):
        return Space.objects.none()
    if is_program_staff(user):
        return Space.objects.all()
    cohorts = _cohorts_of(user)
    return Space.objects.filter(
        Q(kind=Space.Kind.PROGRAM)
        | Q(kind=Space.Kind.COHORT, cohort__in=cohorts.values("pk"))
        | Q(
            kind=Space.Kind.COMMUNITY,
            learning_community__in=cohorts.values("learning_community_id"),
        )
    )


def get_space_for_user(user: User, pk: int) -> Space:
    space = (
        spaces_for_user(user).select_related("cohort", "learning_community").filter(pk=pk).first()
    )
    if space is None:
        raise Http404
    return space


def threads_for_user(user: User) -> QuerySet[Thread]:
    threads = Thread.objects.filter(space__in=spaces_for_user(user))
    if not is_program_staff(user):
        threads = threads.filter(hidden=False)
    return threads


def get_thread_for_user(user: User, pk: int) -> Thread:
    thread = (
        threads_for_user(user)
        .select_related("space__cohort", "space__learning_community", "category", "author")
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        raise Http404
    return thread


def posts_for_user(user: User) -> QuerySet[Post]:
    posts = Post.objects.filter(thread__in=threads_for_user(user))
    if not is_program_staff(user):
        posts = posts.filter(hidden=False)
    return posts


def get_post_for_user(user: User, pk: int) -> Post:
    post = posts_for_user(user).select_related("thread").filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def get_own_post_for_user(user: User, pk: int) -> Post:
    """A post the user wrote and can still see: only its author edits it."""
    post = get_post_for_user(user, pk)
    if post.author_id != user.pk:
        raise Http404
    return post


def can_open_thread(user: User, thread: Thread) -> bool:
    """Whether the person may open the thread now (who gets told about it)."""
    return threads_for_user(user).filter(pk=thread.pk).exists()


def get_category_for_user(user: User, pk: int) -> Category:
    category = Category.objects.filter(space__in=spaces_for_user(user), pk=pk).first()
    if category is None:
        raise Http404
    return category


def get_question_for_acceptor(user: User, pk: int) -> Thread:
    """A question thread whose answer the user may accept: the one who asked, or staff."""
    thread = get_thread_for_user(user, pk)
    if not thread.is_question or not (thread.author_id == user.pk or is_program_staff(user)):
        raise Http404
    return thread


def open_flags_for_user(user: User) -> QuerySet[Flag]:
    """The flags waiting for staff: program staff see them all, nobody else any."""
    if not is_program_staff(user):
        return Flag.objects.none()
    return Flag.objects.filter(status=Flag.Status.OPEN)


def get_open_flag_for_user(user: User, pk: int) -> Flag:
    flag = open_flags_for_user(user).select_related("post__thread").filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


def get_attachment_for_user(user: User, pk: int) -> Attachment:
    """A file on a post the user may read."""
    attachment = Attachment.objects.filter(post__in=posts_for_user(user), pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment
