"""Texts of the web layer's codes (:class:`reskontro.web.codes.WebCode`)."""

from __future__ import annotations

from reskontro.channels.folder import FolderCode
from reskontro.limits import InputCode
from reskontro.web.codes import WebCode

TEXTS: dict[WebCode | InputCode | FolderCode, tuple[str, str]] = {
    FolderCode.NO_ROOT: (
        "folder channels are off: the operator has not set {variable}",
        "mappekanaler er slått av: driftsansvarlig har ikke satt {variable}",
    ),
    FolderCode.OUTSIDE_ROOT: (
        "the folder {folder} is not under {variable} ({root})",
        "mappen {folder} ligger ikke under {variable} ({root})",
    ),
    InputCode.OUT_OF_RANGE: (
        "a number is out of range (at most {limit})",
        "et tall er utenfor gyldig område (høyst {limit})",
    ),
    WebCode.NO_PAGE: ("The page does not exist", "Siden finnes ikke"),
    WebCode.UNKNOWN_CHOICE: ("unknown choice: {value}", "ukjent valg: {value}"),
    WebCode.PASSWORD_CHANGED: (
        "Password changed. Other sessions ended: {sessions}; API tokens revoked: {tokens}.",
        "Passordet er endret. Andre økter avsluttet: {sessions}; API-tokens trukket tilbake:"
        " {tokens}.",
    ),
    WebCode.WRONG_PASSWORD: ("the current password is wrong", "nåværende passord er feil"),
    WebCode.PASSWORDS_DIFFER: (
        "the two new passwords differ",
        "de to nye passordene er ulike",
    ),
    WebCode.CONNECTED: ("connected", "tilkoblet"),
    WebCode.NOT_CONNECTED: ("could not connect", "kunne ikke koble til"),
    WebCode.TOO_MANY_TESTS: (
        "too many connection tests; try again in a minute",
        "for mange tilkoblingstester; prøv igjen om et minutt",
    ),
}
