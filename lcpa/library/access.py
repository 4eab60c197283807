"""Who sees which resources: public ones for everyone, members-only ones for participants."""

from django.db.models import QuerySet
from django.http import Http404

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.library.models import Resource


def sees_members_only_resources(user: User) -> bool:
    """Team members, program staff, national experts, TA providers and cohort facilitators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_program_staff(user):
        return True
    if user.role in (User.Role.NATIONAL_EXPERT, User.Role.TA_PROVIDER):
        return True
    # Read through the user's reverse relations: the library sits below `cohorts`.
    if user.memberships.filter(removed_at__isnull=True).exists():
        return True
    return (
        user.facilitated_cohorts.exists()
        or user.expert_cohorts.exists()
        or user.ta_cohorts.exists()
    )


def resources_for_user(user: User) -> QuerySet[Resource]:
    """Public resources for everyone; members-only ones too for people who may see them."""
    if sees_members_only_resources(user):
        return Resource.objects.all()
    return Resource.objects.filter(visibility=Resource.Visibility.PUBLIC)


def get_resource_for_user(user: User, pk: int) -> Resource:
    try:
        return resources_for_user(user).get(pk=pk)
    except Resource.DoesNotExist:
        raise Http404 from None
