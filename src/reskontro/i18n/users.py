"""Texts of the users, logins and API tokens use cases
(:class:`reskontro.services.users.codes.UserCode`)."""

from __future__ import annotations

from typing import Final

from reskontro.services.users.codes import UserCode

TEXTS: Final[dict[UserCode, tuple[str, str]]] = {
    UserCode.USERNAME_MISSING: ("the user name is missing", "brukernavn mangler"),
    UserCode.PASSWORD_TOO_SHORT: (
        "the password needs at least {minimum} characters",
        "passordet må ha minst {minimum} tegn",
    ),
    UserCode.ROLE_UNKNOWN: ("the role must be one of {allowed}", "rollen må være en av {allowed}"),
    UserCode.LANGUAGE_UNKNOWN: (
        "unknown language (choose one of {allowed})",
        "ukjent språk (velg ett av {allowed})",
    ),
    UserCode.USER_EXISTS: ("the user {user} exists already", "brukeren {user} finnes allerede"),
    UserCode.NO_USER: ("no user {user}", "fant ikke brukeren {user}"),
    UserCode.NO_TOKEN: ("no API token with id {id}", "fant ikke API-token {id}"),
    UserCode.WRONG_PASSWORD: ("the current password is wrong", "nåværende passord er feil"),
    UserCode.ROLE_NO_ACCESS: (
        "the role {role:@web.role} does not have access to this",
        "rollen {role:@web.role} har ikke tilgang til dette",
    ),
    UserCode.LOGIN_FAILED: ("wrong user name or password", "feil brukernavn eller passord"),
    UserCode.THROTTLED: (
        "too many failed logins; try again in a while",
        "for mange mislykkede innlogginger; prøv igjen om litt",
    ),
    UserCode.FORBIDDEN: ("you do not have access to this", "du har ikke tilgang til dette"),
}
