import hashlib
import secrets
import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from lcpa.core.models import TimeStampedModel

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if name.startswith(("America/", "Pacific/", "US/")) or name == "UTC"
]


def new_calendar_token() -> str:
    """Only for migration 0001 (which made raw tokens); people now make their feed link on the
    sessions page, and only its digest is stored (calendar_token_digest)."""
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.PROGRAM_STAFF)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Program staff have role PROGRAM_STAFF and is_staff for the admin."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", "Team member"
        PROGRAM_STAFF = "program_staff", "Program staff"
        NATIONAL_EXPERT = "national_expert", "National expert"
        TA_PROVIDER = "ta_provider", "Technical-assistance provider"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    organisation = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(
        max_length=64, choices=TIME_ZONE_CHOICES, default="America/New_York"
    )
    # The private calendar feed's token, stored only as a SHA-256 digest (lcpa.core.tokens):
    # the raw link is shown once, on the page that makes it. None until the person makes one.
    calendar_token_digest = models.CharField(
        "calendar feed link (SHA-256 digest)",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        default=None,
        editable=False,
    )
    is_demo = models.BooleanField(
        default=False,
        help_text="Demo account made by seed_demo; MFA is waived only while DEMO_MODE is on.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_program_staff(self) -> bool:
        return self.is_active and self.role == self.Role.PROGRAM_STAFF

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiToken(TimeStampedModel):
    """A personal API token. Only a SHA-256 digest is stored; the token is shown once."""

    PREFIX = "lcpa_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    last_four = models.CharField(max_length=4, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.last_four})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def mark_used(self) -> None:
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=timezone.now())
