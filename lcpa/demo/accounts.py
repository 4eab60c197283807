"""Demo accounts for `manage.py seed_demo`, from `content/people.yaml`. Never made by migrations.

Every account here has is_demo=True. The printed logins share DEMO_PASSWORD; the extra program
staff exist only so registrations can be assigned to more than one person, and get an unusable
password.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from lcpa.accounts.models import User
from lcpa.demo.content import PeopleFile, PersonSpec

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo login, see README

# What demo program staff may do in the Django admin (README, "Demo logins"): view, add and
# change the program's content and teams' policy changes (the admin itself narrows that to what
# the services allow), and look people up. Deleting, permissions, API tokens, sign-in records
# and the task queue are left to superusers.
STAFF_GROUP = "Program staff"
STAFF_ADMIN_APPS = ["cohorts", "curriculum", "library", "intake", "public"]
STAFF_ADMIN_ACTIONS = ["view", "add", "change"]
STAFF_ADMIN_EXTRA = [
    ("accounts", "view_user"),
    *(("outcomes", f"{action}_policychange") for action in STAFF_ADMIN_ACTIONS),
]


@dataclass
class DemoAccounts:
    logins: dict[str, User]  # by email, in the order they are printed
    more_staff: list[User]
    created: int

    def _first(self, role: str) -> User:
        return next(user for user in self.logins.values() if user.role == role)

    @property
    def staff(self) -> User:
        return self._first(User.Role.PROGRAM_STAFF)

    @property
    def expert(self) -> User:
        return self._first(User.Role.NATIONAL_EXPERT)

    @property
    def ta_provider(self) -> User:
        return self._first(User.Role.TA_PROVIDER)

    @property
    def all_staff(self) -> list[User]:
        staff = [user for user in self.logins.values() if user.role == User.Role.PROGRAM_STAFF]
        return [*staff, *self.more_staff]


def _get_or_create(
    person: PersonSpec, *, can_sign_in: bool, password_hash: list[str]
) -> tuple[User, bool]:
    user = User.objects.filter(email=person.email).first()
    created = user is None
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
        if can_sign_in:
            # One hash for the shared, published password: hashing is slow on purpose.
            if not password_hash:
                password_hash.append(make_password(DEMO_PASSWORD))
            user.password = password_hash[0]
        else:
            user.set_unusable_password()
        user.save()
    if can_sign_in:
        # Sign-in requires a verified address; mark it so the demo login works at once.
        EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
    return user, created


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


def seed_accounts(people: PeopleFile) -> DemoAccounts:
    """Create the demo accounts that do not exist yet; existing ones are left as they are,
    except that demo program staff are (again) put in the "Program staff" group."""
    password_hash: list[str] = []
    logins, more_staff, created = {}, [], 0
    for person in people.logins:
        user, new = _get_or_create(person, can_sign_in=True, password_hash=password_hash)
        logins[person.email] = user
        created += new
    for person in people.more_staff:
        user, new = _get_or_create(person, can_sign_in=False, password_hash=password_hash)
        more_staff.append(user)
        created += new
    accounts = DemoAccounts(logins=logins, more_staff=more_staff, created=created)
    _staff_group().user_set.add(*accounts.all_staff)
    return accounts
