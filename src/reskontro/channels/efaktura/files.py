"""The file route to MPS: each invoice as an EHF file into the SFTP mailbox MPS sets
up for the issuer, and the receipts read back from it.

MPS documents the mailbox and that EHF carries eFaktura B2C; the names of files and
receipts, and where the eFaktura address goes in the file, are not documented and
live in :mod:`.mapping`. The file route has no look-up of its own: a person's
eFaktura address is looked up through the web-service route given beside it (the
``register``); without one, look-ups answer :class:`EfakturaUnavailable`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reskontro.channels import ChannelError
from reskontro.channels.efaktura import (
    ConsignmentStatus,
    EfakturaUnavailable,
    InvoiceOutcome,
)
from reskontro.channels.efaktura import mapping as m
from reskontro.domain.efaktura import ConsignmentState

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from types import TracebackType
    from typing import Self

    from reskontro.channels import RemoteFile
    from reskontro.channels.efaktura import (
        Consignment,
        EfakturaRoute,
        PersonAnswer,
        PersonQuery,
    )


class UploadMailbox(Protocol):
    """A mailbox files can be put into and read from
    (:class:`~reskontro.channels.sftp.SftpMailbox`)."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def files(self) -> list[RemoteFile]: ...

    def download(self, name: str, dest: Path) -> None: ...

    def upload(self, name: str, data: bytes) -> None: ...


class FileRoute:
    """:class:`~reskontro.channels.efaktura.EfakturaRoute` through an SFTP mailbox."""

    name = "mps-files"

    def __init__(
        self,
        mailbox: Callable[[], UploadMailbox],
        *,
        register: EfakturaRoute | None = None,
    ) -> None:
        self.mailbox = mailbox
        self.register = register

    def look_up(self, queries: Sequence[PersonQuery]) -> list[PersonAnswer]:
        if self.register is None:
            raise EfakturaUnavailable("the file route has no register to look persons up in")
        return self.register.look_up(queries)

    def blocked(self) -> frozenset[str]:
        if self.register is None:
            raise EfakturaUnavailable("the file route has no register to read the blocked list")
        return self.register.blocked()

    def submit(self, consignment: Consignment) -> ConsignmentStatus:
        try:
            with self.mailbox() as box:
                for invoice in consignment.invoices:
                    name = m.file_name(consignment.consignment_id, invoice.invoice_number)
                    box.upload(name, m.tag_ehf(invoice.ehf, invoice.identifier))
        except ChannelError as exc:
            raise EfakturaUnavailable(f"the eFaktura mailbox: {exc}") from None
        return ConsignmentStatus(consignment.consignment_id, ConsignmentState.RECEIVED)

    def status(self, consignment_id: str) -> ConsignmentStatus:
        """Receipts ``<consignment>-<invoice>.xml.ok`` / ``.err`` (the text of an
        ``.err`` is MPS' reason). Final when none of the consignment's files waits."""
        import tempfile as _tempfile
        from pathlib import Path

        prefix = f"{consignment_id}-"
        outcomes: list[InvoiceOutcome] = []
        waiting = 0
        try:
            with self.mailbox() as box, _tempfile.TemporaryDirectory() as tmp:
                names = {f.name for f in box.files() if f.name.startswith(prefix)}
                for name in sorted(names):
                    if not name.endswith(".xml"):
                        continue
                    number = name[len(prefix) : -len(".xml")]
                    if name + m.RECEIPT_OK in names:
                        outcomes.append(InvoiceOutcome(number, True))
                    elif name + m.RECEIPT_ERROR in names:
                        text = _read(box, name + m.RECEIPT_ERROR, Path(tmp))
                        outcomes.append(InvoiceOutcome(number, False, "FILE", text))
                    else:
                        waiting += 1
        except ChannelError as exc:
            raise EfakturaUnavailable(f"the eFaktura mailbox: {exc}") from None
        if waiting or not outcomes:
            state = ConsignmentState.PROCESSING
        elif all(not o.accepted for o in outcomes):
            state = ConsignmentState.REJECTED
        else:
            state = ConsignmentState.PROCESSED
        return ConsignmentStatus(consignment_id, state, tuple(outcomes))


def _read(box: UploadMailbox, name: str, folder: Path) -> str:
    dest = folder / name
    box.download(name, dest)
    return dest.read_text(encoding="utf-8", errors="replace").strip()[:500]
