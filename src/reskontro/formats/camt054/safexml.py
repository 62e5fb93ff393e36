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

from typing import TYPE_CHECKING

from lxml import etree

from reskontro.errors import FileFormatError

if TYPE_CHECKING:
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
        raise FileFormatError(f"file is {len(data)} bytes, more than the limit of {max_size}")
    if any(marker in data for marker in _DECLARATIONS):
        raise FileFormatError(_REFUSED)
    try:
        root = etree.fromstring(data, _parser())
    except _ExternalResourceRefusedError as error:
        raise FileFormatError(f"{_REFUSED} (asked for {error})") from None
    except etree.XMLSyntaxError as error:
        raise FileFormatError(f"not well-formed XML: {error.msg}", line=error.lineno) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:  # any DOCTYPE
        raise FileFormatError(_REFUSED)
    for node in root.iter(etree.Entity):
        raise FileFormatError(_REFUSED, line=line_of(node))
    return root


def line_of(element: etree._Element) -> int | None:
    """The element's line in the source (lxml-stubs leave ``sourceline`` untyped)."""
    line: object = element.sourceline
    return line if isinstance(line, int) else None
