"""Why a channel failed, as codes (:class:`~reskontro.messages.Message`): the bank's SFTP
mailbox, a local folder, a secret reference, the SMTP server, the access point and the
eFaktura route. Texts in :mod:`reskontro.i18n.channels`.

The server's own words (paramiko's or asyncssh's reason, an SMTP reply, an operating
system's ``strerror``) travel as the parameter ``reason``: they are not ours to
translate. A step of a connection (``connect``, ``download a.txt``) is a message of its
own (:class:`Step`), carried as ``step`` and rendered in the same language.
"""

from __future__ import annotations

from enum import StrEnum


class SecretCode(StrEnum):
    ENV_NOT_SET = "channel.secret.env_not_set"
    FILE_UNREADABLE = "channel.secret.file_unreadable"
    REF_FORM = "channel.secret.ref_form"
    #: Refused before it is stored: ``{option}`` is the setting's logical name.
    OPTION_REF_FORM = "channel.secret.option_ref_form"


class SftpCode(StrEnum):
    MD5_FORM = "channel.sftp.md5_form"
    FINGERPRINT_FORM = "channel.sftp.fingerprint_form"
    FINGERPRINT_LENGTH = "channel.sftp.fingerprint_length"
    NO_FINGERPRINT = "channel.sftp.no_fingerprint"
    KEY_UNREADABLE = "channel.sftp.key_unreadable"
    NO_KEY_OR_PASSWORD = "channel.sftp.no_key_or_password"  # noqa: S105 - a code
    NOT_OPEN = "channel.sftp.not_open"
    LOGIN_REFUSED = "channel.sftp.login_refused"
    STEP_FAILED = "channel.sftp.step_failed"
    TIMED_OUT = "channel.sftp.timed_out"
    HOST_KEY_MISMATCH = "channel.sftp.host_key_mismatch"
    BAD_REMOTE_NAME = "channel.sftp.bad_remote_name"
    UNREACHABLE = "channel.sftp.unreachable"
    NO_HOST_KEY = "channel.sftp.no_host_key"


class Step(StrEnum):
    """What a mailbox was doing when it failed (``{step:msg}``)."""

    CONNECT = "channel.step.connect"
    LIST = "channel.step.list"
    DOWNLOAD = "channel.step.download"
    DELETE = "channel.step.delete"
    MOVE = "channel.step.move"
    UPLOAD = "channel.step.upload"
    COPY = "channel.step.copy"
    WRITE = "channel.step.write"


class FolderFailure(StrEnum):
    NOT_A_FOLDER = "channel.folder.not_a_folder"
    BAD_NAME = "channel.folder.bad_name"
    STEP_FAILED = "channel.folder.step_failed"


class MailCode(StrEnum):
    SECURITY_FORM = "channel.mail.security_form"
    SENDER_FORM = "channel.mail.sender_form"
    PASSWORD_FILE = "channel.mail.password_file"  # noqa: S105 - a code
    PLAIN_PASSWORD = "channel.mail.plain_password"  # noqa: S105 - a code
    LOGIN_REFUSED = "channel.mail.login_refused"
    SERVER_SAID = "channel.mail.server_said"
    FAILED = "channel.mail.failed"
    RECIPIENT_REFUSED = "channel.mail.recipient_refused"
    SENDER_REFUSED = "channel.mail.sender_refused"
    MESSAGE_REFUSED = "channel.mail.message_refused"


class ConfigCode(StrEnum):
    """Settings read from the environment at start (``serve``, ``worker``)."""

    NOT_A_NUMBER = "channel.config.not_a_number"
    AP_NO_FINGERPRINT = "channel.config.ap_no_fingerprint"
    EFAKTURA_ROUTE = "channel.config.efaktura_route"
    EFAKTURA_MPS = "channel.config.efaktura_mps"
    #: A setting's value refused by its own check (``{reason:msg}``).
    SETTING = "channel.config.setting"


__all__ = ["ConfigCode", "FolderFailure", "MailCode", "SecretCode", "SftpCode", "Step"]
