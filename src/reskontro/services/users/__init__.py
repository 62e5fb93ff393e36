"""Users of the web app and the API: users and their roles per company
(:mod:`.accounts`), login sessions and throttling (:mod:`.logins`), API tokens
(:mod:`.tokens`), and who is asking (:mod:`.access`: :class:`Principal`, permissions,
password hashing). The web layer keeps only the HTTP part (cookies, dependencies:
:mod:`reskontro.web.deps`); the CLI's ``user`` and ``token`` commands use the same
:class:`Users`.
"""

from __future__ import annotations

from reskontro.services.users.access import (
    PERMISSIONS,
    Forbidden,
    LoginFailed,
    Principal,
    Throttled,
    digest,
    hash_password,
    verify_password,
)
from reskontro.services.users.accounts import Accounts, Member, PasswordChanged
from reskontro.services.users.logins import (
    FAILURE_WINDOW,
    MAX_FAILURES,
    MAX_IP_FAILURES,
    SESSION_LIFETIME,
    Logins,
)
from reskontro.services.users.tokens import Tokens, TokenView


class Users(Accounts, Logins, Tokens):
    """Every users use case on one object (the web's ``svc.users``, the CLI's)."""


__all__ = [
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "MAX_IP_FAILURES",
    "PERMISSIONS",
    "SESSION_LIFETIME",
    "Forbidden",
    "LoginFailed",
    "Member",
    "PasswordChanged",
    "Principal",
    "Throttled",
    "TokenView",
    "Users",
    "digest",
    "hash_password",
    "verify_password",
]
