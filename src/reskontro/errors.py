"""The one exception tree of reskontro.

Every exception raised on purpose derives from :class:`ReskontroError`. Bad input
derives from :class:`ValidationError`, which is also a :class:`ValueError`, and says
what is wrong and where. Adapters map these once: the CLI to a message on stderr and
exit status 1, the web layer to an HTTP status.
"""

from __future__ import annotations


class ReskontroError(Exception):
    """Root of every error reskontro raises on purpose."""

    default_message = "reskontro error"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self.args[0])


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
    """A payment or document file that cannot be read; carries where it failed."""

    default_message = "invalid file"

    def __init__(
        self,
        message: str | None = None,
        *,
        line: int | None = None,
        field: str | None = None,
        path: str | None = None,
    ) -> None:
        self.line = line
        self.field = field
        self.path = path
        self.reason = message or self.default_message
        where = []
        if path:
            where.append(path)
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field {field}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {self.reason}" if prefix else self.reason)


class StateError(ReskontroError):
    """An operation that the current state of an object does not allow."""

    default_message = "operation not allowed in this state"


class NotFound(ReskontroError):
    default_message = "not found"


class Conflict(ReskontroError):
    """A uniqueness or concurrency conflict: the thing already exists."""

    default_message = "conflict"
