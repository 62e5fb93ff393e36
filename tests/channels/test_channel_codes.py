"""Channel and settings errors are codes with parameters (issue 10): English for the
CLI, bokmål for the web, the server's own words kept as they came; a wrong setting
stops ``serve`` and ``worker`` at start, naming the variable and what it may be."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reskontro.channels import ChannelError, check_secret_ref, resolve_secret
from reskontro.channels.access_point import AccessPointSettings
from reskontro.channels.efaktura.settings import route_from_env
from reskontro.channels.folder import FolderMailbox
from reskontro.channels.mailer import SmtpSettings
from reskontro.channels.sftp import normalise_fingerprint, parse_fingerprints
from reskontro.errors import ReskontroError, ValidationError
from reskontro.testing.cli import run
from reskontro.worker import check_settings

if TYPE_CHECKING:
    from collections.abc import Callable


def _refusal(call: Callable[[], object]) -> ReskontroError:
    with pytest.raises(ReskontroError) as caught:
        call()
    assert caught.value.msg is not None, caught.value
    return caught.value


@pytest.mark.parametrize(
    ("call", "code", "english", "bokmal"),
    [
        (lambda: resolve_secret("env:BANK_PW", {}), "channel.secret.env_not_set",
         "the environment variable BANK_PW (a secret) is not set",
         "miljøvariabelen BANK_PW (en hemmelighet) er ikke satt"),
        (lambda: resolve_secret("file:/nowhere/pw", {}), "channel.secret.file_unreadable",
         "cannot read the secret file /nowhere/pw: No such file or directory",
         "kan ikke lese hemmelighetsfilen /nowhere/pw: No such file or directory"),
        (lambda: resolve_secret("hunter2", {}), "channel.secret.ref_form",
         "a secret reference must be env:VARIABLE or file:/path",
         "en referanse til en hemmelighet må være env:VARIABEL eller file:/sti"),
        (lambda: check_secret_ref("hunter2", "password"), "channel.secret.option_ref_form",
         "password must say where the secret is, as env:VARIABLE or file:/path; the secret"
         " itself is never stored",
         "password må si hvor hemmeligheten ligger, som env:VARIABEL eller file:/sti; selve"
         " hemmeligheten lagres aldri"),
        (lambda: normalise_fingerprint("MD5:zz"), "channel.sftp.md5_form",
         "not an MD5 host key fingerprint: 'MD5:zz'",
         "ikke et MD5-fingeravtrykk for en vertsnøkkel: 'MD5:zz'"),
        (lambda: parse_fingerprints(" "), "channel.sftp.no_fingerprint",
         "the SFTP channel needs the server's host key fingerprint",
         "SFTP-kanalen må ha fingeravtrykket av serverens vertsnøkkel"),
        (lambda: FolderMailbox("/srv/bank/borte").__enter__(), "channel.folder.not_a_folder",
         "the folder /srv/bank/borte does not exist", "mappen /srv/bank/borte finnes ikke"),
    ],
)  # fmt: skip
def test_each_channel_error_reads_in_both_languages(
    call: Callable[[], object],
    code: str,
    english: str,
    bokmal: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RESKONTRO_FOLDER_ROOT", "/srv/bank")
    monkeypatch.setattr(Path, "is_dir", lambda _self: False)
    error = _refusal(call)
    assert error.msg is not None
    assert (error.msg.code, error.message, error.text("nb")) == (code, english, bokmal)


def test_a_folder_step_keeps_the_systems_words(tmp_path: Path) -> None:
    with FolderMailbox(tmp_path) as box:
        error = _refusal(lambda: box.download("borte.txt", tmp_path / "x"))
    assert error.msg is not None
    assert error.msg.code == "channel.folder.step_failed"
    assert error.message == f"cannot copy {tmp_path}/borte.txt: No such file or directory"
    assert error.text("nb") == f"kan ikke kopiere {tmp_path}/borte.txt: No such file or directory"


@pytest.mark.parametrize(
    ("environ", "english", "bokmal"),
    [
        ({"RESKONTRO_EFAKTURA": "sandkasse"},
         "RESKONTRO_EFAKTURA is sandbox, mps or mps-files, not 'sandkasse'",
         "RESKONTRO_EFAKTURA er sandbox, mps eller mps-files, ikke 'sandkasse'"),
        ({"RESKONTRO_EFAKTURA": "mps"},
         "eFaktura through MPS needs RESKONTRO_EFAKTURA_WSDL and RESKONTRO_EFAKTURA_ISSUER",
         "eFaktura gjennom MPS trenger RESKONTRO_EFAKTURA_WSDL og RESKONTRO_EFAKTURA_ISSUER"),
        ({"RESKONTRO_EFAKTURA": "mps-files", "RESKONTRO_EFAKTURA_WSDL": "file:/x.wsdl",
          "RESKONTRO_EFAKTURA_ISSUER": "1", "RESKONTRO_EFAKTURA_SFTP_FINGERPRINT": "nope"},
         "RESKONTRO_EFAKTURA_SFTP_FINGERPRINT: not a host key fingerprint: 'nope'; write it as"
         " ssh-keygen -lf prints it, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
         "RESKONTRO_EFAKTURA_SFTP_FINGERPRINT: ikke et fingeravtrykk for en vertsnøkkel: 'nope';"
         " skriv det slik ssh-keygen -lf viser det, f.eks."
         " SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"),
        ({"RESKONTRO_AP_SFTP_HOST": "ap.example", "RESKONTRO_AP_SFTP_PORT": "x"},
         "RESKONTRO_AP_SFTP_PORT must be a number", "RESKONTRO_AP_SFTP_PORT må være et tall"),
        ({"RESKONTRO_AP_SFTP_HOST": "ap.example"},
         "RESKONTRO_AP_SFTP_FINGERPRINT (the server's host key) is needed",
         "RESKONTRO_AP_SFTP_FINGERPRINT (serverens vertsnøkkel) må være satt"),
        ({"RESKONTRO_AP_SFTP_HOST": "ap.example", "RESKONTRO_AP_SFTP_FINGERPRINT": "SHA256:"
          + "A" * 43, "RESKONTRO_AP_SFTP_PASSWORD": "env:AP_PW"},
         "the environment variable AP_PW (a secret) is not set",
         "miljøvariabelen AP_PW (en hemmelighet) er ikke satt"),
        ({"RESKONTRO_SMTP_HOST": "smtp.example", "RESKONTRO_SMTP_SECURITY": "ssl"},
         "RESKONTRO_SMTP_SECURITY must be plain, starttls or tls",
         "RESKONTRO_SMTP_SECURITY må være plain, starttls eller tls"),
        ({"RESKONTRO_SMTP_HOST": "smtp.example"},
         "RESKONTRO_SMTP_FROM must be the sender's e-mail address (e.g. reskontro@firma.no)",
         "RESKONTRO_SMTP_FROM må være avsenderens e-postadresse (f.eks. reskontro@firma.no)"),
    ],
)  # fmt: skip
def test_settings_are_checked_at_start(environ: dict[str, str], english: str, bokmal: str) -> None:
    error = _refusal(lambda: check_settings(environ))
    assert (error.message, error.text("nb")) == (english, bokmal)


def test_the_settings_read_alone_refuse_the_same() -> None:
    assert route_from_env({}) is None
    with pytest.raises(ValidationError, match="not 'x'"):
        route_from_env({"RESKONTRO_EFAKTURA": "x"})
    assert AccessPointSettings.from_env({}) is None
    assert SmtpSettings.from_env({}) is None
    check_settings({})  # nothing set up: nothing to refuse
    with pytest.raises(ChannelError):
        AccessPointSettings.from_env({"RESKONTRO_AP_SFTP_HOST": "h"})


@pytest.mark.parametrize("command", [["worker", "--once"], ["serve", "--no-demo"]])
def test_serve_and_worker_refuse_an_unknown_efaktura_route(
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("RESKONTRO_EFAKTURA", "mps-filer")
    result = run(capsys, *command, "--db", f"sqlite:///{tmp_path / 'r.sqlite'}")
    assert result.code == 1
    assert "RESKONTRO_EFAKTURA is sandbox, mps or mps-files, not 'mps-filer'" in result.err
