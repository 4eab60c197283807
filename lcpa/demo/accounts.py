"""Demo accounts for `manage.py seed_demo`. Never created by migrations.

Every account here has is_demo=True. The five printed logins share DEMO_PASSWORD; the extra
program staff exist only so registrations can be assigned to more than one person, and get an
unusable password.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from lcpa.accounts.models import User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo login, see README


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    organisation: str
    time_zone: str = "America/New_York"
    is_staff: bool = False
    can_sign_in: bool = True


# The five printed logins, in the order they are printed.
STAFF = DemoPerson(
    "staff@example.org",
    "Morgan Reyes",
    User.Role.PROGRAM_STAFF,
    "Learning Communities program team",
    is_staff=True,
)
EXPERT = DemoPerson(
    "expert@example.org",
    "Dr. Alicia Moreno",
    User.Role.NATIONAL_EXPERT,
    "National expert in crisis response and community safety",
    time_zone="America/Chicago",
)
TA_PROVIDER = DemoPerson(
    "ta@example.org",
    "Kwame Mensah",
    User.Role.TA_PROVIDER,
    "Technical assistance provider",
    time_zone="America/Denver",
)
COORDINATOR = DemoPerson(
    "coordinator@example.org",
    "Rosa Delgado",
    User.Role.PARTICIPANT,
    "City of Oakland",
    time_zone="America/Los_Angeles",
)
MEMBER = DemoPerson(
    "member@example.org",
    "Ben Carter",
    User.Role.PARTICIPANT,
    "Milwaukee Community Coalition",
    time_zone="America/Chicago",
)
LOGINS = [STAFF, EXPERT, TA_PROVIDER, COORDINATOR, MEMBER]

# More program staff to assign registrations to; not printed and cannot sign in.
MORE_STAFF = [
    DemoPerson(
        "priya.natarajan@example.org",
        "Priya Natarajan",
        User.Role.PROGRAM_STAFF,
        "Learning Communities program team",
        time_zone="America/Chicago",
        is_staff=True,
        can_sign_in=False,
    ),
    DemoPerson(
        "samuel.okafor@example.org",
        "Samuel Okafor",
        User.Role.PROGRAM_STAFF,
        "Learning Communities program team",
        is_staff=True,
        can_sign_in=False,
    ),
]


# What demo program staff may do in the Django admin (README, "Demo logins"): view, add and
# change the program's content, and look people up. Deleting, permissions, API tokens, sign-in
# records and the task queue are left to superusers. ("curriculum" and "library" are listed for
# when learning communities and resources move to apps of those names.)
STAFF_GROUP = "Program staff"
STAFF_ADMIN_APPS = ["cohorts", "curriculum", "library", "intake", "public"]
STAFF_ADMIN_ACTIONS = ["view", "add", "change"]
STAFF_ADMIN_EXTRA = [("accounts", "view_user")]


@dataclass
class DemoAccounts:
    staff: User
    expert: User
    ta_provider: User
    coordinator: User
    member: User
    more_staff: list[User]

    @property
    def all_staff(self) -> list[User]:
        return [self.staff, *self.more_staff]


def _get_or_create(person: DemoPerson, password_hash: list[str]) -> User:
    user = User.objects.filter(email=person.email).first()
    if user is None:
        user = User(
            email=person.email,
            full_name=person.full_name,
            role=person.role,
            organisation=person.organisation,
            time_zone=person.time_zone,
            is_staff=person.is_staff,
            is_demo=True,
        )
        if person.can_sign_in:
            # One hash for the shared, published password: hashing is slow on purpose.
            if not password_hash:
                password_hash.append(make_password(DEMO_PASSWORD))
            user.password = password_hash[0]
        else:
            user.set_unusable_password()
        user.save()
    if person.can_sign_in:
        # Sign-in requires a verified address; mark it so the demo login works at once.
        EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
    return user


def staff_admin_permissions() -> list[Permission]:
    permissions = Permission.objects.filter(
        content_type__app_label__in=STAFF_ADMIN_APPS,
        codename__regex=rf"^({'|'.join(STAFF_ADMIN_ACTIONS)})_",
    )
    extra = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in STAFF_ADMIN_EXTRA
    ]
    return [*permissions, *extra]


def _staff_group() -> Group:
    """The demo's "Program staff" group with its admin permissions (kept up to date)."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.set(staff_admin_permissions())
    return group


def seed_accounts() -> DemoAccounts:
    """Create the demo accounts that do not exist yet; existing ones are left as they are,
    except that demo program staff are (again) put in the "Program staff" group."""
    password_hash: list[str] = []
    accounts = DemoAccounts(
        staff=_get_or_create(STAFF, password_hash),
        expert=_get_or_create(EXPERT, password_hash),
        ta_provider=_get_or_create(TA_PROVIDER, password_hash),
        coordinator=_get_or_create(COORDINATOR, password_hash),
        member=_get_or_create(MEMBER, password_hash),
        more_staff=[_get_or_create(person, password_hash) for person in MORE_STAFF],
    )
    _staff_group().user_set.add(*accounts.all_staff)
    return accounts
