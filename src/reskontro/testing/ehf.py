"""The official EHF / Peppol BIS 3 validator, for tests and the benchmark.

It is ``shared/validation/ehf/validate.py`` (UBL 2.1 XSD, CEN EN 16931 and Peppol rules
compiled to XSLT, run by saxonche), imported by path and not copied: the shared folder
is the one place the rules are pinned. Loading compiles nothing but reads both XSLTs
(about 0.5 s), so load it once per process; then a document takes 5-15 ms.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reskontro.domain.vat import VatCode, line_net
from reskontro.formats.ehf import (
    Address,
    Buyer,
    DocumentType,
    EhfDocument,
    EndpointId,
    Exemption,
    Line,
    Payment,
    Seller,
    vat_summary,
)

#: Where the validator is: ``$RESKONTRO_EHF_VALIDATOR`` or ``../shared`` beside the checkout.
DEFAULT_PATH = (
    Path(__file__).resolve().parents[3].parent / "shared" / "validation" / "ehf" / "validate.py"
)

#: The test numbers of the Peppol Norwegian example (both pass MOD11).
SELLER = Seller(
    name="Fjordkraft Regnskap Demo AS",
    org_number="123456785",
    address=Address(street="Storgata 1", postcode="0155", city="Oslo"),
    vat_registered=True,
    foretaksregisteret=True,
)
BUYER = Buyer(
    name="Ærlige Øl og Ål ANS",
    endpoint=EndpointId.norwegian("987654325"),
    address=Address(street="Bryggen 3", postcode="5003", city="Bergen"),
    org_number="987654325",
)
ACCOUNT = "86011117947"
KID = "0001234000105"
EXEMPTION = Exemption(reason="Unntatt etter merverdiavgiftsloven § 3-2 (helsetjenester)")


def line(
    description: str,
    quantity_milli: int = 1000,
    unit_price_ore: int = 100_000,
    vat_code: VatCode = VatCode.STANDARD,
    **changes: Any,
) -> Line:
    """A line whose amount is quantity × price as our books round it."""
    net = line_net(quantity_milli, unit_price_ore)
    return Line(description, quantity_milli, unit_price_ore, vat_code, net, **changes)


def document(lines: tuple[Line, ...] | None = None, **changes: Any) -> EhfDocument:
    """An invoice from :data:`SELLER` to :data:`BUYER`; ``changes`` replace fields.

    The VAT summary is computed per rate unless given, and exempt lines get
    :data:`EXEMPTION` unless an exemption is given.
    """
    if lines is None:
        lines = (line("Regnskapsføring, november"),)
    fields: dict[str, Any] = {
        "kind": DocumentType.INVOICE,
        "number": "10001",
        "issue_date": dt.date(2026, 11, 2),
        "seller": SELLER,
        "buyer": BUYER,
        "buyer_reference": "Kari Kjøper",
        "lines": lines,
        "vat": vat_summary(lines),
        "due_date": dt.date(2026, 11, 16),
        "payment": Payment(ACCOUNT, KID),
    }
    if any(x.vat_code is VatCode.EXEMPT for x in lines):
        fields["exemption"] = EXEMPTION
    fields.update(changes)
    return EhfDocument(**fields)


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed assertion: layer (xsd/cen/peppol), rule id, flag, text."""

    layer: str
    id: str
    flag: str
    text: str

    @property
    def fatal(self) -> bool:
        return self.flag in ("fatal", "error")


class Validator:
    """Runs the official rules on documents given as bytes."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._dir = tempfile.TemporaryDirectory(prefix="ehf-validate-")
        self._path = Path(self._dir.name) / "document.xml"

    def findings(self, data: bytes) -> list[Finding]:
        self._path.write_bytes(data)
        return [
            Finding(f["layer"], f["id"], f["flag"], f["text"])
            for f in self._module.findings(self._path)
        ]

    def fatal(self, data: bytes) -> list[Finding]:
        """The fatal findings: an empty list means the document passes."""
        return [f for f in self.findings(data) if f.fatal]

    def close(self) -> None:
        self._dir.cleanup()


def validator_path() -> Path:
    return Path(os.environ.get("RESKONTRO_EHF_VALIDATOR") or DEFAULT_PATH)


def load_validator(path: Path | None = None) -> Validator:
    """Import ``validate.py`` and load its rules (raises ImportError without saxonche)."""
    if importlib.util.find_spec("saxonche") is None:
        raise ImportError("saxonche is not installed: the EHF rules (XSLT 2.0) need it")
    path = path or validator_path()
    spec = importlib.util.spec_from_file_location("ehf_validate", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the EHF validator from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    validator = Validator(module)
    # Load the XSD and both rule sets now, not on the first document.
    for sample in ("own__minimal-NO-invoice.xml", "own__minimal-NO-creditnote.xml"):
        validator.findings((path.parents[2] / "samples" / "ehf" / sample).read_bytes())
    return validator
