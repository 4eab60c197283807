from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.shortcuts import resolve_url

from lcpa.accounts.roles import start_page
from lcpa.core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts are made for people in the program (by staff or invitation), not by anyone."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits key on: the same one the form limits use
        (TRUSTED_PROXY_COUNT; see lcpa.core.http)."""
        return client_ip(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Each role's own start page (lcpa.accounts.roles.start_page). allauth asks only when
        the sign-in carried no safe `next`, and asks again after the second-factor step."""
        return resolve_url(start_page(request.user))
