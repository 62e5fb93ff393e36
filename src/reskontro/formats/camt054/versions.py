"""camt.054 versions, their namespaces, and the XPath-like locations we report.

Spec: ``shared/specs/camt054.md`` §6. The version is read from the root namespace
``urn:iso:std:iso:20022:tech:xsd:camt.054.001.NN``; .02 (the Norwegian common
guideline, bits.no) to .08 (ISO 2019) are supported. The differences that matter to
this package:

=======  =====================================================================
.03      ``TxDtls/Amt`` + ``TxDtls/CdtDbtInd`` added (mandatory .03–.06)
.04      ``TxsSummry/TtlNtries/TtlNetNtryAmt`` + ``CdtDbtInd`` became ``TtlNetNtry``
.07      ``Sts`` became ``Sts/Cd``; ``Dbtr/Nm`` became ``Dbtr/Pty/Nm``;
         ``TxDtls/Amt`` optional again; ``Ntfctn/CreDtTm`` optional
.08      ``Refs/UETR`` (not read here)
=======  =====================================================================
"""

from __future__ import annotations

import re

from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import problem

NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.054.001."
SUPPORTED_VERSIONS = (2, 3, 4, 5, 6, 7, 8)

#: Location of the message element, the root of every location we report.
ROOT_PATH = "/Document/BkToCstmrDbtCdtNtfctn"

_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.054\.001\.(\d\d)\Z")


def namespace(version: int) -> str:
    """The XML namespace of ``version``.

    >>> namespace(2)
    'urn:iso:std:iso:20022:tech:xsd:camt.054.001.02'
    """
    if version not in SUPPORTED_VERSIONS:
        raise problem(P.VERSION_NOT_SUPPORTED, version=version)
    return f"{NAMESPACE_PREFIX}{version:02d}"


def version_of(namespace_uri: str | None, *, line: int | None = None) -> int:
    """The version a root namespace announces; FileFormatError naming it otherwise.

    >>> version_of("urn:iso:std:iso:20022:tech:xsd:camt.054.001.08")
    8
    """
    match = _NAMESPACE.match(namespace_uri or "")
    if match is None or int(match.group(1)) not in SUPPORTED_VERSIONS:
        raise problem(
            P.NAMESPACE_NOT_SUPPORTED if namespace_uri else P.NO_NAMESPACE,
            line=line,
            path="/Document",
            namespace=namespace_uri,
            first=f"{NAMESPACE_PREFIX}02",
            last=f"{NAMESPACE_PREFIX}08",
        )
    return int(match.group(1))


def notification_path(notification: int) -> str:
    """Location of the 0-based ``notification``-th ``Ntfctn``."""
    return f"{ROOT_PATH}/Ntfctn[{notification + 1}]"


def entry_path(notification: int, entry: int) -> str:
    return f"{notification_path(notification)}/Ntry[{entry + 1}]"


def details_path(notification: int, entry: int, details: int) -> str:
    return f"{entry_path(notification, entry)}/NtryDtls[{details + 1}]"


def transaction_path(notification: int, entry: int, details: int, transaction: int) -> str:
    """Location of a ``TxDtls``, all indexes 0-based, printed 1-based as in XPath.

    >>> transaction_path(0, 1, 0, 2)
    '/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[2]/NtryDtls[1]/TxDtls[3]'
    """
    return f"{details_path(notification, entry, details)}/TxDtls[{transaction + 1}]"
