"""Demo accounts for `manage.py seed_demo`, from `content/people.yaml`. Never made by migrations.

Every account here has is_demo=True. The printed logins share DEMO_PASSWORD; the extra program
staff exist only so registrations can be assigned to more than one person, and get an unusable
password.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from lcpa.accounts.models import User
from lcpa.demo.content import PeopleFile, PersonSpec

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo login, see README


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


def seed_accounts(people: PeopleFile) -> DemoAccounts:
    """Create the demo accounts that do not exist yet; existing ones are left as they are."""
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
    return DemoAccounts(logins=logins, more_staff=more_staff, created=created)
