"""**The part of MPS' contract that is not documented** — kept here, and nowhere else.

MPS' developer pages name the operations (``getEfakturaIdentifiers``,
``addInvoices``, ``getConsignmentStatus``, ``getInvoiceStatus``, ``getBlackList``) and
a few fields (``consignmentId``, ``invoiceNumber``, ``efakturaIdentifier``,
``socialSecurityNumber``; the error codes 5003, 5006, 5007), but the stored copies
hold no full request or response schema (``../shared/specs/efaktura.md``). Everything
below that is not one of those names is **our reading, to be checked against the
WSDL an issuer receives from MPS** (docs/efaktura.md says how). When the real WSDL
differs, this module is the one to change.

The file route's names (the EHF file's name, the receipts' names, where the eFaktura
address goes in an EHF 3 file) are not documented either: MPS reports by e-mail in
the agreement form; the receipts here follow the ``.ok`` / ``.err`` convention of the
access-point channel.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lxml import etree

from reskontro.channels.efaktura import (
    ConsignmentStatus,
    InvoiceOutcome,
    PersonAnswer,
)
from reskontro.domain.efaktura import ConsignmentState

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reskontro.channels.efaktura import Consignment, PersonQuery

# -- the web services -------------------------------------------------------------

#: Operation names (documented).
OP_LOOK_UP = "getEfakturaIdentifiers"
OP_ADD_INVOICES = "addInvoices"
OP_CONSIGNMENT_STATUS = "getConsignmentStatus"
OP_INVOICE_STATUS = "getInvoiceStatus"
OP_BLOCKED = "getBlackList"

#: State names seen in MPS' EHF test bench (shipment states); the web services'
#: own names are NOT documented. Unknown names count as still processing.
STATES: dict[str, ConsignmentState] = {
    "INITIELL": ConsignmentState.RECEIVED,
    "RECEIVED": ConsignmentState.RECEIVED,
    "TIL_BEHANDLING": ConsignmentState.PROCESSING,
    "IN_PROGRESS": ConsignmentState.PROCESSING,
    "BEHANDLET": ConsignmentState.PROCESSED,
    "PROCESSED": ConsignmentState.PROCESSED,
    "AVVIST": ConsignmentState.REJECTED,
    "REJECTED": ConsignmentState.REJECTED,
}


def state_of(name: str | None) -> ConsignmentState:
    return STATES.get((name or "").strip().upper(), ConsignmentState.PROCESSING)


def look_up_request(issuer: str, queries: Sequence[PersonQuery]) -> dict[str, Any]:
    """The arguments of ``getEfakturaIdentifiers`` (field names: our reading)."""
    return {
        "issuer": issuer,
        "request": [
            {
                "reference": q.ref,
                "socialSecurityNumber": q.national_id,
                "mobileNumber": q.mobile,
                "emailAddress": q.email,
                "name": q.name,
                "address": q.street,
                "postalCode": q.postcode,
            }
            for q in queries
        ],
    }


def look_up_answers(response: Any) -> list[PersonAnswer]:
    """The answers of ``getEfakturaIdentifiers`` (serialised by zeep to dicts)."""
    rows = _rows(response, "response")
    return [
        PersonAnswer(
            ref=str(row.get("reference")),
            identifier=(str(row["efakturaIdentifier"]) if row.get("efakturaIdentifier") else None),
            blocked=bool(row.get("blocked") or False),
        )
        for row in rows
    ]


def blocked_identifiers(response: Any) -> frozenset[str]:
    return frozenset(str(v) for v in _rows(response, "efakturaIdentifier") if v)


def add_invoices_request(consignment: Consignment) -> dict[str, Any]:
    """The arguments of ``addInvoices``: each invoice carries ``efakturaIdentifier``
    (documented: one of it, ``efakturaReference`` or ``socialSecurityNumber``)."""
    return {
        "issuer": consignment.issuer,
        "consignmentId": consignment.consignment_id,
        "invoice": [
            {
                "invoiceNumber": inv.invoice_number,
                "efakturaIdentifier": inv.identifier,
                "amount": Decimal(inv.amount_ore) / 100,
                "issueDate": inv.issue_date,
                "dueDate": inv.due_date,
                "kid": inv.kid,
                "billingAccount": inv.billing_account,
                "name": inv.name,
                "document": inv.ehf or None,
            }
            for inv in consignment.invoices
        ],
    }


def consignment_status(consignment_id: str, response: Any) -> ConsignmentStatus:
    """The answer of ``getConsignmentStatus`` (or ``addInvoices``)."""
    data = _as_dict(response)
    outcomes = tuple(
        InvoiceOutcome(
            invoice_number=str(row.get("invoiceNumber")),
            accepted=state_of(row.get("status")) is not ConsignmentState.REJECTED,
            error_code=_text(row.get("errorCode")),
            error_text=_text(row.get("errorText")),
        )
        for row in _rows(data, "invoice")
    )
    return ConsignmentStatus(
        consignment_id=str(data.get("consignmentId") or consignment_id),
        state=state_of(data.get("status")),
        invoices=outcomes,
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_dict(response: Any) -> Mapping[str, Any]:
    return response if isinstance(response, dict) else {}


def _rows(response: Any, key: str) -> list[Any]:
    if isinstance(response, list):
        return response
    if isinstance(response, dict):
        value = response.get(key)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]
    return []


# -- the file route ---------------------------------------------------------------

#: Receipt suffixes read back from the mailbox.
RECEIPT_OK = ".ok"
RECEIPT_ERROR = ".err"

_UBL_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_UBL_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#: How the eFaktura address is carried in an EHF 3 file: NOT documented. EHF 2 files
#: carried the eFaktura reference in AdditionalDocumentReference (MPS test bench rule
#: NOGOV-T10-R015); we do the same with this description.
EHF_DOCUMENT_DESCRIPTION = "efakturaidentifier"


#: The buyer's EndpointID (BT-49, mandatory in EHF 3) of a private person, who has no
#: Peppol id: NOT documented for eFaktura B2C. We put the issuer's own organisation
#: number under scheme 0192 (a valid endpoint, and MPS routes on the eFaktura address
#: above, not on this); change it here when MPS says otherwise.
PERSON_ENDPOINT_SCHEME = "0192"


def person_endpoint(issuer_org_number: str) -> str:
    """The EndpointID an eFaktura EHF of a private person carries (see above)."""
    return f"{PERSON_ENDPOINT_SCHEME}:{issuer_org_number}"


def file_name(consignment_id: str, invoice_number: str) -> str:
    """The EHF file's name in the mailbox: consignment and invoice, so a receipt
    names both."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in invoice_number)
    return f"{consignment_id}-{safe}.xml"


def tag_ehf(ehf: bytes, identifier: str) -> bytes:
    """The EHF file with the person's eFaktura address as an additional document
    reference, placed where UBL's sequence wants it (before the project reference
    or the seller)."""
    root = etree.fromstring(ehf)
    ref = etree.Element(f"{{{_UBL_CAC}}}AdditionalDocumentReference")
    etree.SubElement(ref, f"{{{_UBL_CBC}}}ID").text = identifier
    etree.SubElement(ref, f"{{{_UBL_CBC}}}DocumentDescription").text = EHF_DOCUMENT_DESCRIPTION
    for name in ("ProjectReference", "AccountingSupplierParty"):
        found = root.find(f"{{{_UBL_CAC}}}{name}")
        if found is not None:
            found.addprevious(ref)
            break
    else:
        root.append(ref)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
