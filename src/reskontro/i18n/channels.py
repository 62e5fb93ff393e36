"""Texts of the channels' codes (:mod:`reskontro.channels.codes`): the SFTP mailbox, the
local folder, secret references, the SMTP server and the settings read at start.

The English is what the CLI has always printed. ``{reason}`` is the server's or the
operating system's own text, shown as it came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reskontro.channels.codes import ConfigCode, FolderFailure, MailCode, SecretCode, SftpCode, Step

if TYPE_CHECKING:
    import enum

TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    SecretCode.ENV_NOT_SET: (
        "the environment variable {variable} (a secret) is not set",
        "miljøvariabelen {variable} (en hemmelighet) er ikke satt",
    ),
    SecretCode.FILE_UNREADABLE: (
        "cannot read the secret file {path}: {reason}",
        "kan ikke lese hemmelighetsfilen {path}: {reason}",
    ),
    SecretCode.REF_FORM: (
        "a secret reference must be env:VARIABLE or file:/path",
        "en referanse til en hemmelighet må være env:VARIABEL eller file:/sti",
    ),
    SecretCode.OPTION_REF_FORM: (
        "{option} must say where the secret is, as env:VARIABLE or file:/path;"
        " the secret itself is never stored",
        "{option} må si hvor hemmeligheten ligger, som env:VARIABEL eller file:/sti;"
        " selve hemmeligheten lagres aldri",
    ),
    SftpCode.MD5_FORM: (
        "not an MD5 host key fingerprint: {text}",
        "ikke et MD5-fingeravtrykk for en vertsnøkkel: {text}",
    ),
    SftpCode.FINGERPRINT_FORM: (
        "not a host key fingerprint: {text}; write it as ssh-keygen -lf prints it, e.g. {example}",
        "ikke et fingeravtrykk for en vertsnøkkel: {text}; skriv det slik ssh-keygen -lf"
        " viser det, f.eks. {example}",
    ),
    SftpCode.FINGERPRINT_LENGTH: (
        "a SHA256 fingerprint is 32 bytes, not {length}: {text}",
        "et SHA256-fingeravtrykk er 32 byte, ikke {length}: {text}",
    ),
    SftpCode.NO_FINGERPRINT: (
        "the SFTP channel needs the server's host key fingerprint",
        "SFTP-kanalen må ha fingeravtrykket av serverens vertsnøkkel",
    ),
    SftpCode.KEY_UNREADABLE: (
        "the private key for {where} cannot be read (wrong format or passphrase)",
        "den private nøkkelen for {where} kan ikke leses (feil format eller passordfrase)",
    ),
    SftpCode.NO_KEY_OR_PASSWORD: (
        "the SFTP channel {where} has neither a key nor a password",
        "SFTP-kanalen {where} har verken nøkkel eller passord",
    ),
    SftpCode.NOT_OPEN: ("the SFTP mailbox is not open", "SFTP-postkassen er ikke åpen"),
    SftpCode.LOGIN_REFUSED: (
        "{where}: login refused; check the user name, key and password",
        "{where}: innloggingen ble avvist; sjekk brukernavn, nøkkel og passord",
    ),
    SftpCode.STEP_FAILED: ("{where}: {step:msg}: {reason}", "{where}: {step:msg}: {reason}"),
    SftpCode.TIMED_OUT: (
        "{where}: {step:msg}: timed out",
        "{where}: {step:msg}: fikk ikke svar i tide",
    ),
    SftpCode.HOST_KEY_MISMATCH: (
        "{host}:{port} showed host key {shown}, not the pinned {pinned}; refusing to connect."
        " If the bank has changed its key, confirm the new fingerprint with the bank and"
        " update the channel",
        "{host}:{port} viste vertsnøkkelen {shown}, ikke den låste {pinned}; kobler ikke til."
        " Har banken byttet nøkkel, bekreft det nye fingeravtrykket med banken og oppdater"
        " kanalen",
    ),
    SftpCode.BAD_REMOTE_NAME: (
        "refusing the remote file name {name}",
        "avviser filnavnet {name} på serveren",
    ),
    SftpCode.UNREACHABLE: (
        "{host}:{port}: cannot reach the SSH server: {reason}",
        "{host}:{port}: når ikke SSH-serveren: {reason}",
    ),
    SftpCode.NO_HOST_KEY: (
        "{host}:{port} showed no host key",
        "{host}:{port} viste ingen vertsnøkkel",
    ),
    Step.CONNECT: ("connect", "koble til"),
    Step.LIST: ("list the folder {folder}", "liste mappen {folder}"),
    Step.DOWNLOAD: ("download {file}", "laste ned {file}"),
    Step.DELETE: ("delete {file}", "slette {file}"),
    Step.MOVE: ("move {file} to {folder}", "flytte {file} til {folder}"),
    Step.UPLOAD: ("upload {file}", "laste opp {file}"),
    Step.COPY: ("copy {file}", "kopiere {file}"),
    Step.WRITE: ("write {file}", "skrive {file}"),
    FolderFailure.NOT_A_FOLDER: (
        "the folder {folder} does not exist",
        "mappen {folder} finnes ikke",
    ),
    FolderFailure.BAD_NAME: ("refusing the file name {name}", "avviser filnavnet {name}"),
    FolderFailure.STEP_FAILED: ("cannot {step:msg}: {reason}", "kan ikke {step:msg}: {reason}"),
    MailCode.SECURITY_FORM: (
        "{variable} must be plain, starttls or tls",
        "{variable} må være plain, starttls eller tls",
    ),
    MailCode.SENDER_FORM: (
        "{variable} must be the sender's e-mail address (e.g. reskontro@firma.no)",
        "{variable} må være avsenderens e-postadresse (f.eks. reskontro@firma.no)",
    ),
    MailCode.PASSWORD_FILE: (
        "cannot read {variable} {path}: {reason}",
        "kan ikke lese {variable} {path}: {reason}",
    ),
    MailCode.PLAIN_PASSWORD: (
        "refusing to send the SMTP password to {where} unencrypted; set {variable} to"
        " starttls or tls",
        "sender ikke SMTP-passordet ukryptert til {where}; sett {variable} til starttls eller tls",
    ),
    MailCode.LOGIN_REFUSED: (
        "{where}: login as {user} refused ({smtp_code})",
        "{where}: innlogging som {user} ble avvist ({smtp_code})",
    ),
    MailCode.SERVER_SAID: ("{where}: {smtp_code} {reason}", "{where}: {smtp_code} {reason}"),
    MailCode.FAILED: ("{where}: {reason}", "{where}: {reason}"),
    MailCode.RECIPIENT_REFUSED: (
        "recipient refused: {reason}",
        "mottakeren ble avvist: {reason}",
    ),
    MailCode.SENDER_REFUSED: (
        "sender {sender} refused: {smtp_code} {reason}",
        "avsenderen {sender} ble avvist: {smtp_code} {reason}",
    ),
    MailCode.MESSAGE_REFUSED: (
        "message refused: {smtp_code} {reason}",
        "meldingen ble avvist: {smtp_code} {reason}",
    ),
    ConfigCode.NOT_A_NUMBER: ("{variable} must be a number", "{variable} må være et tall"),
    ConfigCode.AP_NO_FINGERPRINT: (
        "{variable} (the server's host key) is needed",
        "{variable} (serverens vertsnøkkel) må være satt",
    ),
    ConfigCode.EFAKTURA_ROUTE: (
        "{variable} is sandbox, mps or mps-files, not {value}",
        "{variable} er sandbox, mps eller mps-files, ikke {value}",
    ),
    ConfigCode.EFAKTURA_MPS: (
        "eFaktura through MPS needs {wsdl} and {issuer}",
        "eFaktura gjennom MPS trenger {wsdl} og {issuer}",
    ),
    ConfigCode.SETTING: ("{variable}: {reason:msg}", "{variable}: {reason:msg}"),
}
