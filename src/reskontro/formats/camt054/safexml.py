"""A hardened XML reader for bank files: no DTD, no entities, no network, bounded size.

Spec: ``shared/specs/camt054.md`` §7 ("parse with a hardened parser"). A camt.054
message never needs a document type declaration, so any ``<!DOCTYPE`` or ``<!ENTITY``
is **rejected** with a clear error, never expanded and never silently dropped. That
covers entity expansion ("billion laughs") and external entities (``file:///etc/passwd``,
``http://…``). Three layers, because lxml alone is not enough:

1. a byte scan for the declarations before libxml2 sees the input (in ASCII-compatible
   encodings and UTF-16; libxml2 opens ``file:`` DTDs and parameter entities even with
   ``load_dtd=False`` and ``resolve_entities=False``, so this must come first);
2. the parser itself: ``resolve_entities=False``, ``load_dtd=False``, ``no_network=True``,
   ``huge_tree=False``, and a resolver that refuses every external resource (catches
   encodings the byte scan cannot read);
3. after parsing, a check that the tree has no DTD and no entity reference left.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from lxml import etree

from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import problem

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import NoReturn

#: Default upper bound on the size of one bank file, in bytes.
MAX_SIZE = 200 * 1024 * 1024

_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_REFUSED = (
    "XML with a DOCTYPE or ENTITY declaration is not accepted: the files we read (camt.054, "
    "EHF) have none, and entity expansion and external entities are refused"
)


class _ExternalResourceRefusedError(Exception):
    """Raised inside lxml when the document asks for an external resource."""


class _RefuseAll(etree.Resolver):
    def resolve(self, system_url: str, public_id: str, context: object = None) -> NoReturn:  # noqa: ARG002
        raise _ExternalResourceRefusedError(system_url)


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers must not be shared between threads.
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseAll())
    return parser


def parse_xml(data: bytes, *, max_size: int = MAX_SIZE) -> etree._Element:
    """Parse untrusted ``data`` and return the root element, or raise FileFormatError."""
    if len(data) > max_size:
        raise problem(P.TOO_LARGE, size=len(data), limit=max_size)
    if any(marker in data for marker in _DECLARATIONS):
        raise problem(P.DECLARATION)
    try:
        root = etree.fromstring(data, _parser())
    except _ExternalResourceRefusedError as error:
        raise problem(P.DECLARATION_ASKED, asked=str(error)) from None
    except etree.XMLSyntaxError as error:
        raise problem(P.NOT_WELL_FORMED, line=error.lineno, detail=error.msg) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:  # any DOCTYPE
        raise problem(P.DECLARATION)
    for node in root.iter(etree.Entity):
        raise problem(P.DECLARATION, line=line_of(node))
    return root


#: Bytes read at a time when a file is scanned for declarations before it is parsed.
_SCAN_CHUNK = 1 << 20


def _check_size_and_declarations(source: bytes | Path, max_size: int) -> None:
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > max_size:
        raise problem(P.TOO_LARGE, size=size, limit=max_size)
    if isinstance(source, bytes):
        if any(marker in source for marker in _DECLARATIONS):
            raise problem(P.DECLARATION)
        return
    overlap = max(len(marker) for marker in _DECLARATIONS) - 1
    tail = b""
    with source.open("rb") as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _DECLARATIONS):
                raise problem(P.DECLARATION)
            tail = window[-overlap:]


def iterparse_xml(
    source: bytes | Path, *, tags: tuple[str, ...], max_size: int = MAX_SIZE
) -> Iterator[tuple[str, etree._Element]]:
    """``("start" | "end", element)`` for the elements named ``tags`` of untrusted XML.

    The same three layers as :func:`parse_xml`, for a file read incrementally: the
    declaration scan reads the file in chunks first, the parser has the same options
    and refuses every external resource, and each element handed out and the tree left
    at the end are checked for DTDs and entity references. The caller may remove an
    element from its parent after its ``end`` event to keep memory flat.
    """
    _check_size_and_declarations(source, max_size)
    # The root element first, whatever its name (so that a file that is not the
    # expected message is refused at once, not after reading all of it).
    for selection in (None, tags):
        stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
        with stream:
            context = etree.iterparse(
                stream, events=("start", "end"), tag=selection, resolve_entities=False,
                load_dtd=False, dtd_validation=False, no_network=True, huge_tree=False,
                remove_comments=True, remove_pis=True, collect_ids=False,
            )  # fmt: skip
            context.resolvers.add(_RefuseAll())
            try:
                for event, element in context:
                    if selection is None:
                        docinfo = element.getroottree().docinfo
                        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
                            raise problem(P.DECLARATION)
                        yield "root", element
                        break
                    if event == "end":
                        for node in element.iter(etree.Entity):
                            raise problem(P.DECLARATION, line=line_of(node))
                    yield event, element
            except _ExternalResourceRefusedError as error:
                raise problem(P.DECLARATION_ASKED, asked=str(error)) from None
            except etree.XMLSyntaxError as error:
                # The push parser may report "no element found" at line 0 where the
                # cause is in its log (an undefined entity, say): report the cause.
                cause = error.error_log.last_error  # type: ignore[attr-defined]
                message = cause.message if cause is not None and cause.message else error.msg
                line = cause.line if cause is not None and cause.line else error.lineno
                raise problem(P.NOT_WELL_FORMED, line=line or 1, detail=message) from None


def line_of(element: etree._Element) -> int | None:
    """The element's line in the source (lxml-stubs leave ``sourceline`` untyped)."""
    line: object = element.sourceline
    return line if isinstance(line, int) else None
