"""The one exception tree of reskontro.

Every exception raised on purpose derives from :class:`ReskontroError`. Bad input
derives from :class:`ValidationError`, which is also a :class:`ValueError`, and says
what is wrong and where. Adapters map these once: the CLI to a message on stderr and
exit status 1, the web layer to an HTTP status.

An error says what is wrong as a :class:`~reskontro.messages.Message` (a code and its
parameters), rendered by each interface in its reader's language; ``str(error)`` and
:attr:`ReskontroError.message` are the English text (the CLI's). ``field`` names the
argument at fault by its logical name (``"org_number"``): the CLI shows it as its
option, the web beside the form field. A batch carries every problem in
:attr:`ReskontroError.problems`. Plain English strings are still accepted while the
services move to codes.

>>> import enum
>>> class E(enum.StrEnum):
...     AMOUNT = "test.amount"
>>> err = ValidationError(Message.of(E.AMOUNT, amount_ore=100), field="amount")
>>> err.message, err.field, err.msg.code
('Amount NOK 1.00', 'amount', 'test.amount')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.messages import Problem


class ReskontroError(Exception):
    """Root of every error reskontro raises on purpose."""

    default_message = "reskontro error"

    def __init__(
        self,
        message: str | Message | None = None,
        *,
        field: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        #: The error as a value, when it was raised with one.
        self.msg: Message | None = message if isinstance(message, Message) else None
        self.field = field
        self.problems: tuple[Problem, ...] = tuple(problems)
        if isinstance(message, Message):
            from reskontro.i18n import render

            text = render(message, "en")
        else:
            text = message or self.default_message
        super().__init__(text)

    @property
    def message(self) -> str:
        return str(self.args[0])

    def text(self, lang: str) -> str:
        """The error in ``lang`` (its English text when it carries no code)."""
        if self.msg is None:
            return self.message
        from reskontro.i18n import render

        return render(self.msg, lang)


class ValidationError(ReskontroError, ValueError):
    """Input that is not valid: a malformed number, a bad file, a wrong argument."""

    default_message = "invalid input"


class InvalidAmount(ValidationError):
    default_message = "invalid amount"


class InvalidKid(ValidationError):
    default_message = "invalid KID"


class InvalidKidTemplate(ValidationError):
    default_message = "invalid KID template"


class InvalidNumber(ValidationError):
    """An organisation number, account number or similar identifier is not valid."""

    default_message = "invalid number"


class FileFormatError(ValidationError):
    """A payment or document file that cannot be read; carries where it failed.

    ``others`` holds the file's further problems: :attr:`every` is all of them, this
    one first.
    """

    default_message = "invalid file"

    def __init__(
        self,
        message: str | Message | None = None,
        *,
        line: int | None = None,
        field: str | None = None,
        path: str | None = None,
        problems: Sequence[Problem] = (),
        others: Sequence[FileFormatError] = (),
    ) -> None:
        self.line = line
        self.path = path
        #: The file's other problems, when it has more than this one (each with its
        #: own place): a file is rejected with every problem listed.
        self.others: tuple[FileFormatError, ...] = tuple(others)
        if isinstance(message, Message):
            from reskontro.i18n import render

            self.reason = render(message, "en")
        else:
            self.reason = message or self.default_message
        where = []
        if path:
            where.append(path)
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field {field}")
        prefix = ", ".join(where)
        super().__init__(
            f"{prefix}: {self.reason}" if prefix else self.reason, field=field, problems=problems
        )
        if isinstance(message, Message):
            self.msg = message

    @property
    def every(self) -> tuple[FileFormatError, ...]:
        """This problem and the others, in file order."""
        return (self, *self.others)


class StateError(ReskontroError):
    """An operation that the current state of an object does not allow."""

    default_message = "operation not allowed in this state"


class NotFound(ReskontroError):
    default_message = "not found"


class Conflict(ReskontroError):
    """A uniqueness or concurrency conflict: the thing already exists."""

    default_message = "conflict"
