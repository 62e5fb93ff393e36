"""Which eFaktura route to use, from the environment.

``RESKONTRO_EFAKTURA`` chooses: unset (no eFaktura: the method is refused as not
available), ``sandbox`` (the demo register), ``mps`` (the web services) or
``mps-files`` (EHF files into the SFTP mailbox, look-ups through the web services).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from reskontro.channels.codes import ConfigCode
from reskontro.channels.efaktura.soap import SoapRoute, SoapSettings
from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reskontro.channels.efaktura import EfakturaRoute

ROUTE = "RESKONTRO_EFAKTURA"
WSDL = "RESKONTRO_EFAKTURA_WSDL"
ENDPOINT = "RESKONTRO_EFAKTURA_ENDPOINT"
ISSUER = "RESKONTRO_EFAKTURA_ISSUER"
USERNAME = "RESKONTRO_EFAKTURA_USERNAME"
PASSWORD = "RESKONTRO_EFAKTURA_PASSWORD"  # noqa: S105 - the variable's name
SFTP_HOST = "RESKONTRO_EFAKTURA_SFTP_HOST"
SFTP_PORT = "RESKONTRO_EFAKTURA_SFTP_PORT"
SFTP_USER = "RESKONTRO_EFAKTURA_SFTP_USER"
SFTP_PASSWORD = "RESKONTRO_EFAKTURA_SFTP_PASSWORD"  # noqa: S105 - the variable's name
SFTP_KEY_FILE = "RESKONTRO_EFAKTURA_SFTP_KEY_FILE"
SFTP_FINGERPRINT = "RESKONTRO_EFAKTURA_SFTP_FINGERPRINT"
SFTP_FOLDER = "RESKONTRO_EFAKTURA_SFTP_FOLDER"


def route_from_env(environ: Mapping[str, str] | None = None) -> EfakturaRoute | None:
    """The route the environment chooses, or None when eFaktura is not set up."""
    env = os.environ if environ is None else environ
    choice = env.get(ROUTE, "").strip().lower()
    if not choice:
        return None
    if choice == "sandbox":
        from reskontro.channels.efaktura.sandbox import SandboxRegister

        return SandboxRegister()
    if choice in {"mps", "mps-files"}:
        soap = _soap(env)
        if choice == "mps":
            return soap
        return _files(env, soap)
    raise ValidationError(Message.of(ConfigCode.EFAKTURA_ROUTE, variable=ROUTE, value=repr(choice)))


def _soap(env: Mapping[str, str]) -> SoapRoute:
    wsdl, issuer = env.get(WSDL, "").strip(), env.get(ISSUER, "").strip()
    if not wsdl or not issuer:
        raise ValidationError(Message.of(ConfigCode.EFAKTURA_MPS, wsdl=WSDL, issuer=ISSUER))
    return SoapRoute(
        SoapSettings(
            wsdl=wsdl,
            issuer=issuer,
            endpoint=env.get(ENDPOINT) or None,
            username=env.get(USERNAME) or None,
            password=env.get(PASSWORD) or None,
        )
    )


def _files(env: Mapping[str, str], register: SoapRoute) -> EfakturaRoute:
    from pathlib import Path

    from reskontro.channels.efaktura.files import FileRoute
    from reskontro.channels.sftp import SftpMailbox, SftpSettings, parse_fingerprints, setting

    key_file = env.get(SFTP_KEY_FILE)
    settings = SftpSettings(
        host=env.get(SFTP_HOST, ""),
        port=_port(env.get(SFTP_PORT, "22")),
        username=env.get(SFTP_USER, ""),
        fingerprints=setting(SFTP_FINGERPRINT, parse_fingerprints, env.get(SFTP_FINGERPRINT, "")),
        folder=env.get(SFTP_FOLDER, "."),
        password=env.get(SFTP_PASSWORD) or None,
        private_key=Path(key_file).read_text(encoding="utf-8") if key_file else None,
    )
    return FileRoute(lambda: SftpMailbox(settings), register=register)


def _port(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(Message.of(ConfigCode.NOT_A_NUMBER, variable=SFTP_PORT))
    return int(text)


_CACHE: dict[tuple[str, ...], EfakturaRoute | None] = {}


def current_route(environ: Mapping[str, str] | None = None) -> EfakturaRoute | None:
    """:func:`route_from_env`, kept while the settings stay the same, so a WSDL is
    loaded once per process rather than once per send."""
    env = os.environ if environ is None else environ
    key = tuple(env.get(name, "") for name in _ALL)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = route_from_env(env)
    return _CACHE[key]


_ALL = (ROUTE, WSDL, ENDPOINT, ISSUER, USERNAME, PASSWORD, SFTP_HOST, SFTP_PORT, SFTP_USER,
        SFTP_PASSWORD, SFTP_KEY_FILE, SFTP_FINGERPRINT, SFTP_FOLDER)  # fmt: skip
