"""What the users, logins and API tokens use cases say (texts in
:mod:`reskontro.i18n.users`)."""

from __future__ import annotations

from enum import StrEnum


class UserCode(StrEnum):
    USERNAME_MISSING = "users.username_missing"
    PASSWORD_TOO_SHORT = "users.password_too_short"  # noqa: S105 - a code, not a password
    ROLE_UNKNOWN = "users.role_unknown"
    LANGUAGE_UNKNOWN = "users.language_unknown"
    USER_EXISTS = "users.user_exists"
    NO_USER = "users.no_user"
    NO_TOKEN = "users.no_token"  # noqa: S105 - a code, not a token
    WRONG_PASSWORD = "users.wrong_password"  # noqa: S105 - a code, not a password
    ROLE_NO_ACCESS = "users.role_no_access"
    LOGIN_FAILED = "users.login_failed"
    THROTTLED = "users.throttled"
    FORBIDDEN = "users.forbidden"


__all__ = ["UserCode"]
