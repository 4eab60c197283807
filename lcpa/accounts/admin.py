"""People and API tokens in the Django admin.

Staff set a person's profile, role and permissions here. Passwords and second factors belong
to allauth: each person changes them on their own account pages (a forgotten password is reset
by email), so the admin neither sets passwords nor adds or edits authenticators (it can delete
one, so that someone who lost their phone enrols again). API tokens are made on the account
page and only revoked here.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.services import api_token_revoke
from lcpa.core.text import counted


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class UserChangeFormByEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People sign in with their email address; there is no username."""

    form = UserChangeFormByEmail
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser", "is_demo"]
    search_fields = ["email", "full_name", "organisation"]
    readonly_fields = ["sign_in", "is_demo", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "sign_in")}),
        ("Profile", {"fields": ("full_name", "organisation", "time_zone")}),
        ("Role", {"fields": ("role", "is_demo")}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    @admin.display(description="Password and second factor")
    def sign_in(self, user: User) -> str:
        password = "set" if user.has_usable_password() else "not set"
        factors = sorted(
            str(Authenticator.Type(kind).label)
            for kind in Authenticator.objects.filter(user=user).values_list("type", flat=True)
        )
        return format_html(
            "Password {}; second factor: {}. People change these themselves on "
            '<a href="{}">their account pages</a>; a forgotten password is reset by email '
            '(<a href="{}">Forgot your password?</a>).',
            password,
            ", ".join(factors) or "none",
            reverse("mfa_index"),
            reverse("account_reset_password"),
        )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        raise PermissionDenied  # passwords are set through allauth, by their owner


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)  # allauth's own admin shows and edits the secrets


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Second factors, shown without their secrets. Deleting one makes its owner enrol again."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Authenticator | None = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Owners make tokens on their account page; here tokens can only be seen or revoked."""

    list_display = ["name", "user", "last_four", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "name", "last_four", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False  # revoked, not deleted: the row says who had it and when it was used

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    @admin.action(description="Revoke the selected tokens", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(request, f"Revoked {counted(count, 'token')}.", messages.SUCCESS)
