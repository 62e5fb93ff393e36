"""The web layer's own codes (texts in :mod:`reskontro.i18n.web`)."""

from __future__ import annotations

from enum import StrEnum


class WebCode(StrEnum):
    NO_PAGE = "web.no_page"
    #: A form's choice that is none of the offered ones.
    UNKNOWN_CHOICE = "web.unknown_choice"
    #: A new password, and what happened to the user's other sessions and tokens.
    PASSWORD_CHANGED = "web.password_changed"  # noqa: S105 - a code, not a password
    WRONG_PASSWORD = "web.wrong_password"  # noqa: S105 - a code, not a password
    PASSWORDS_DIFFER = "web.passwords_differ"
    #: Connection tests: only whether it connected, never why not.
    CONNECTED = "web.channel_connected"
    NOT_CONNECTED = "web.channel_not_connected"
    TOO_MANY_TESTS = "web.too_many_connection_tests"
