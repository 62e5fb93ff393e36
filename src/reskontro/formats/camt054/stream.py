"""Reading a camt.054 file incrementally: :func:`parse` and :class:`Walker`.

Spec: ``shared/specs/camt054.md`` §5–§7. A bank file of 190 MB holds some 150 000
payments; read as one tree it took over 2 GB. The :class:`Walker` reads it with
``iterparse`` (hardened as :func:`~.safexml.parse_xml`, see
:func:`~.safexml.iterparse_xml`) and hands out the message header, each notification's
header and then its entries one by one, removing each entry from the tree once read, so
memory stays flat in the file's size. The control totals are checked as it goes: each
entry's (:func:`~.checks.entry_problems`) when it is read, the notification's
``TxsSummry`` (:func:`~.checks.summary_problems`) at its end, against totals added up
entry by entry.

An entry that cannot be read or whose totals disagree is listed in
:attr:`Walker.problems` and the walk goes on, so that a file is rejected with **every**
problem, each at the element at fault; a problem that leaves nothing to walk (not XML,
not camt.054, a broken message or notification header) ends it at once, raising with
the problems found before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lxml import etree

from reskontro.errors import FileFormatError
from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import problem

from . import versions
from .checks import EntryTotals, entry_problems, raise_all, summary_problems
from .objects import Document
from .reader import Reader
from .safexml import MAX_SIZE, iterparse_xml, line_of

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator
    from pathlib import Path

    from .objects import Entry, Notification

_TAGS = ("{*}GrpHdr", "{*}Ntfctn", "{*}Ntry")


@dataclass(frozen=True, slots=True)
class Started:
    """The message header (``GrpHdr``) has been read."""

    message_id: str
    created: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class NotificationRead:
    """A notification's header (entries not included), before its first entry."""

    index: int
    notification: Notification


@dataclass(frozen=True, slots=True)
class EntryRead:
    """One entry; None when it could not be read (its problem is listed)."""

    notification: int
    index: int
    entry: Entry | None
    #: Whether its totals agree (when not, that problem is listed and says enough).
    clean: bool = True


class Walker:
    """Walks a camt.054 file: see the module docstring.

    Iterate it for :class:`Started`, then per notification one :class:`NotificationRead`
    and an :class:`EntryRead` per entry. :attr:`problems` fills as it goes (in file
    order); the caller decides what they mean (:func:`parse` and
    :class:`~.payments.PaymentStream` raise them all at the end).
    """

    def __init__(
        self, source: bytes | Path, *, max_size: int = MAX_SIZE, check_totals: bool = True
    ) -> None:
        self.source = source
        self.max_size = max_size
        self.check_totals = check_totals
        self.problems: list[FileFormatError] = []

    def __iter__(self) -> Iterator[Started | NotificationRead | EntryRead]:
        try:
            yield from self._walk()
        except FileFormatError as error:
            raise_all([*self.problems, error])

    def _walk(self) -> Iterator[Started | NotificationRead | EntryRead]:
        reader: Reader | None = None
        refused = problem(P.NO_ELEMENT, line=1)
        started: Started | None = None
        tags: dict[str, str] = {}
        index = -1
        entry_index = 0
        header: Notification | None = None
        totals = EntryTotals()
        for event, element in iterparse_xml(self.source, tags=_TAGS, max_size=self.max_size):
            if event == "root":
                # Not camt.054: said once the file is known to be well-formed XML.
                try:
                    reader = _reader_for(element)
                except FileFormatError as error:
                    refused = error
                    continue
                tags = {reader.tag(name): name for name in ("GrpHdr", "Ntfctn", "Ntry")}
                tags[reader.tag("BkToCstmrDbtCdtNtfctn")] = "message"
                continue
            if reader is None:
                continue
            parent = element.getparent()
            name = tags.get(element.tag)
            if parent is None or name is None or tags.get(parent.tag) != _PARENT[name]:
                continue
            if event == "start":
                if name == "Ntfctn":
                    if started is None:  # no GrpHdr before the first Ntfctn
                        reader.header(parent)
                    index, entry_index, header, totals = index + 1, 0, None, EntryTotals()
                continue
            if name == "GrpHdr":
                message_id, created = reader.header(parent)
                started = Started(message_id, created, reader.version)
                yield started
            elif name == "Ntry":
                if header is None:
                    header = reader.notification(index, parent)
                    yield NotificationRead(index, header)
                before = len(self.problems)
                entry = self._entry(reader, index, entry_index, element, totals)
                yield EntryRead(index, entry_index, entry, clean=len(self.problems) == before)
                entry_index += 1
                _forget(element, element.tag)
            else:  # the end of a Ntfctn
                if header is None:
                    header = reader.notification(index, element)
                    yield NotificationRead(index, header)
                if self.check_totals and header.summary is not None:
                    self.problems.extend(
                        summary_problems(header.summary, totals, index, reader.version)
                    )
                _forget(element, element.tag)
        if reader is None:
            raise refused
        if started is None:
            raise problem(P.NO_NOTIFICATION_MESSAGE, path="/Document")
        if index < 0:
            raise problem(P.NO_NOTIFICATION, path=versions.ROOT_PATH)

    def _entry(
        self, reader: Reader, index: int, entry_index: int, element: etree._Element,
        totals: EntryTotals,
    ) -> Entry | None:  # fmt: skip
        try:
            entry = reader.entry(index, entry_index, element)
        except FileFormatError as error:
            self.problems.append(error)
            return None
        if self.check_totals:
            self.problems.extend(entry_problems(entry, index, entry_index))
        totals.add(entry)
        return entry


#: The parent each element read must have (anything else of that name is skipped).
_PARENT = {"GrpHdr": "message", "Ntfctn": "message", "Ntry": "Ntfctn"}


def _reader_for(root: etree._Element) -> Reader:
    qname = etree.QName(root)
    version = versions.version_of(qname.namespace, line=line_of(root))
    if qname.localname != "Document":
        raise problem(P.BAD_ROOT, line=line_of(root), path="/", name=qname.localname)
    return Reader(version)


def _forget(element: etree._Element, tag: str) -> None:
    """Empty ``element`` and drop the siblings of its kind before it (already read).

    The element itself stays until the next one: the parser may still be adding to
    its parent after it.
    """
    element.clear()
    while (previous := element.getprevious()) is not None and previous.tag == tag:
        parent = previous.getparent()
        if parent is None:  # pragma: no cover - a sibling has a parent
            break
        parent.remove(previous)


def parse(data: bytes | Path, *, max_size: int = MAX_SIZE, check_totals: bool = True) -> Document:
    """Read a camt.054.001.02–.08 message (bytes, or a file by its path) whole.

    Raises :class:`~reskontro.errors.FileFormatError` for input that is too large, not
    XML, has a DOCTYPE/ENTITY declaration, is not camt.054 .02–.08, misses a required
    element, has an amount that is not exact to the øre, or whose control totals
    disagree (``check_totals=False`` skips only the last; see :mod:`.checks`): the first
    problem, with every other one in ``others``.
    """
    walker = Walker(data, max_size=max_size, check_totals=check_totals)
    started: Started | None = None
    notifications: list[Notification] = []
    entries: list[list[Entry]] = []
    for item in walker:
        if isinstance(item, Started):
            started = item
        elif isinstance(item, NotificationRead):
            notifications.append(item.notification)
            entries.append([])
        elif item.entry is not None:
            entries[item.notification].append(item.entry)
    raise_all(walker.problems)
    if started is None:  # pragma: no cover - the walker raises first
        raise problem(P.NO_GROUP_HEADER, path=versions.ROOT_PATH)
    return Document(
        message_id=started.message_id,
        created=started.created,
        notifications=tuple(
            replace(notification, entries=tuple(found))
            for notification, found in zip(notifications, entries, strict=True)
        ),
        version=started.version,
    )


__all__ = ["EntryRead", "NotificationRead", "Started", "Walker", "parse"]
