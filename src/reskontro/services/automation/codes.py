"""The automation flow's states and codes: what an agreement, a channel, a fetch, a
job run and an e-mail can be, and why something was refused or does not fit.

States are the values stored in the tables of ``models_automation`` (defined in
:mod:`reskontro.domain.automation`, which builds the CHECKs; re-exported here); codes are
:class:`~reskontro.messages.Message` codes, their texts in
:mod:`reskontro.i18n.automation`.
"""

from __future__ import annotations

import enum

from reskontro.domain.automation import (
    AfterFetch,
    AgreementStatus,
    ChannelKind,
    FileStatus,
    MailStatus,
    RemoteAction,
    RunStatus,
    RunTrigger,
)


class RunResultStatus(enum.StrEnum):
    """What became of a run asked for (only in results: a skipped run is not stored)."""

    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


class Sent(enum.StrEnum):
    """What became of one message in a delivery round."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"


class AgreementCode(enum.StrEnum):
    """Why an OCR agreement is refused, does not fit, or needs a note."""

    NOT_VALID = "automation.agreement.not_valid"
    AGREEMENT_ID_FORM = "automation.agreement.agreement_id_form"
    ACCOUNT_FORM = "automation.agreement.account_form"
    DATA_RECIPIENT_FORM = "automation.agreement.data_recipient_form"
    NO_KID_LENGTH = "automation.agreement.no_kid_length"
    KID_LENGTH_RANGE = "automation.agreement.kid_length_range"
    MODULUS_FORM = "automation.agreement.modulus_form"
    LENGTH_DOES_NOT_FIT = "automation.agreement.length_does_not_fit"
    MODULUS_DOES_NOT_FIT = "automation.agreement.modulus_does_not_fit"
    ACCOUNT_DOES_NOT_FIT = "automation.agreement.account_does_not_fit"
    MOD11_DASH = "automation.agreement.mod11_dash"
    OPEN_KIDS_OTHER_LENGTH = "automation.agreement.open_kids_other_length"
    NO_VERIFIED = "automation.agreement.no_verified"
    SETUP_WOULD_NOT_FIT = "automation.agreement.setup_would_not_fit"
    NOT_SAVED = "automation.agreement.not_saved"
    ENDED_NOT_AGAIN = "automation.agreement.ended_not_again"
    NONE_REGISTER = "automation.agreement.none_register"
    DOES_NOT_FIT = "automation.agreement.does_not_fit"
    NONE_IN_FORCE = "automation.agreement.none_in_force"
    #: A problem stored as English text before problems were codes.
    STORED_TEXT = "automation.agreement.stored_text"


class LengthWord(enum.StrEnum):
    """``{unit:@automation.agreement.unit}``: one KID length or several."""

    LENGTH = "automation.agreement.unit.length"
    LENGTHS = "automation.agreement.unit.lengths"


class ChannelCode(enum.StrEnum):
    NAME_FORM = "automation.channel.name_form"
    AFTER_FETCH_FORM = "automation.channel.after_fetch_form"
    MOVE_NEEDS_FOLDER = "automation.channel.move_needs_folder"
    MOVE_TO_ONLY_WITH_MOVE = "automation.channel.move_to_only_with_move"
    NOT_VALID = "automation.channel.not_valid"
    NEEDS_HOST = "automation.channel.needs_host"
    NEEDS_USER = "automation.channel.needs_user"
    PORT_RANGE = "automation.channel.port_range"
    SECRET_REF_FORM = "automation.channel.secret_ref_form"  # noqa: S105 - a code
    NEEDS_KEY_OR_PASSWORD = "automation.channel.needs_key_or_password"  # noqa: S105
    NAME_TAKEN = "automation.channel.name_taken"
    NO_SUCH_CHANNEL = "automation.channel.no_such_channel"
    SWITCHED_OFF = "automation.channel.switched_off"
    INCOMPLETE = "automation.channel.incomplete"


class NotifyCode(enum.StrEnum):
    NOT_AN_EMAIL = "automation.notify.not_an_email"
    LANGUAGE = "automation.notify.language"
    NOT_A_RECIPIENT = "automation.notify.not_a_recipient"
    SMTP_NOT_CONFIGURED = "automation.notify.smtp_not_configured"
    #: An e-mail error without a code, or stored as English text before codes.
    AS_WRITTEN = "automation.notify.as_written"


class JobCode(enum.StrEnum):
    TIME_FORM = "automation.job.time_form"
    NO_SUCH_JOB = "automation.job.no_such_job"
    #: Why a run failed: a channel (or one of its files) that failed, AvtaleGiro's
    #: claims, a job that crashed (the exception's own words), eFaktura not set up.
    CHANNEL_FAILED = "automation.job.channel_failed"
    FILE_FAILED = "automation.job.file_failed"
    AVTALEGIRO_FAILED = "automation.job.avtalegiro_failed"
    CRASHED = "automation.job.crashed"
    EFAKTURA_NOT_SET_UP = "automation.job.efaktura_not_set_up"
    #: Why a run asked for was skipped.
    NOT_SET_UP = "automation.job.not_set_up"
    RUNNING = "automation.job.running"
    DONE = "automation.job.done"
    FAILED_WAITING = "automation.job.failed_waiting"
    TAKEN = "automation.job.taken"
    #: A run's error stored as English text before errors were codes.
    AS_WRITTEN = "automation.job.as_written"


class FetchCode(enum.StrEnum):
    """Why a fetched file, or a channel's fetch, failed (stored with the run)."""

    DOWNLOAD_FAILED = "automation.fetch.download_failed"
    REJECTED_AT_LINE = "automation.fetch.rejected_at_line"
    REJECTED_AT = "automation.fetch.rejected_at"
    AFTER_FETCH_FAILED = "automation.fetch.after_fetch_failed"
    #: An error without a code (the exception's own words), or one stored as English
    #: text before errors were codes.
    AS_WRITTEN = "automation.fetch.as_written"


class RemoteStep(enum.StrEnum):
    """``{action:@automation.fetch.action}``: what was to be done to the remote file."""

    DELETE = "automation.fetch.action.delete"
    MOVE = "automation.fetch.action.move"


__all__ = [
    "AfterFetch",
    "AgreementCode",
    "AgreementStatus",
    "ChannelCode",
    "ChannelKind",
    "FetchCode",
    "FileStatus",
    "JobCode",
    "LengthWord",
    "MailStatus",
    "NotifyCode",
    "RemoteAction",
    "RemoteStep",
    "RunResultStatus",
    "RunStatus",
    "RunTrigger",
    "Sent",
]
