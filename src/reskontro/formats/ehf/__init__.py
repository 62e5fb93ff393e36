"""EHF Billing 3.0 / Peppol BIS Billing 3.0 (UBL 2.1): invoices (380) and credit notes (381).

Spec: ``shared/specs/ehf-peppol-bis3.md`` (the Norwegian seller's minimum and the rule
set in force) and ``shared/specs/ubl-generation.md`` (why a thin lxml builder).

- :mod:`.model` – frozen values for what a document says, checked when made;
- :mod:`.rules` / :mod:`.codes` – the checks, each refusal a code naming the official
  rule it guards;
- :mod:`.builder` / :mod:`.reader` – :func:`build` :class:`EhfDocument` -> bytes and
  :func:`parse` bytes -> :class:`EhfDocument`, ``parse(build(d)) == d``.

What is written passes the official validator (XSD, CEN EN 16931 and Peppol rules) with
no fatal error; the tests run it on every shape the model can take.
"""

from __future__ import annotations

from .builder import build
from .codes import RULES, EhfCode, EhfError
from .model import (
    NOK,
    SCHEME_NO_ORGNR,
    Address,
    Attachment,
    Buyer,
    DocumentType,
    EhfDocument,
    EndpointId,
    Exemption,
    InvoiceReference,
    Line,
    MimeCode,
    Payment,
    Seller,
    vat_summary,
)
from .reader import parse

__all__ = [
    "NOK",
    "RULES",
    "SCHEME_NO_ORGNR",
    "Address",
    "Attachment",
    "Buyer",
    "DocumentType",
    "EhfCode",
    "EhfDocument",
    "EhfError",
    "EndpointId",
    "Exemption",
    "InvoiceReference",
    "Line",
    "MimeCode",
    "Payment",
    "Seller",
    "build",
    "parse",
    "vat_summary",
]
