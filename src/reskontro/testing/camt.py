"""camt.054 files for tests and benchmarks, written as text (no tree in memory).

:func:`camt_file` wraps entries in a .02 message; :func:`kid_entry` is one booked
entry with one KID payment (about 1.3 kB, as banks write them: references, parties,
addresses, dates); :func:`write_large_camt` writes any number of them straight to a
file, so a 190 MB file costs no memory to make.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"
ACCOUNT = "12345678903"


def _amount(ore: int) -> str:
    return f"{abs(ore) // 100}.{abs(ore) % 100:02d}"


def head(*, message_id: str = "MSG-1", account: str = ACCOUNT) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="{NAMESPACE}">\n'
        "  <BkToCstmrDbtCdtNtfctn>\n"
        f"    <GrpHdr><MsgId>{escape(message_id)}</MsgId>"
        "<CreDtTm>2026-11-25T06:00:00</CreDtTm></GrpHdr>\n"
        "    <Ntfctn>\n"
        "      <Id>NTF-1</Id>\n"
        "      <CreDtTm>2026-11-25T06:00:00</CreDtTm>\n"
        f"      <Acct><Id><Othr><Id>{account}</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr>"
        "</Id><Ccy>NOK</Ccy></Acct>\n"
    )


TAIL = "    </Ntfctn>\n  </BkToCstmrDbtCdtNtfctn>\n</Document>\n"


def camt_file(*entries: str, message_id: str = "MSG-1", account: str = ACCOUNT) -> bytes:
    """A camt.054.001.02 message of one notification holding ``entries``."""
    return (head(message_id=message_id, account=account) + "".join(entries) + TAIL).encode()


def kid_entry(
    amount_ore: int,
    kid: str | None,
    *,
    number: int = 1,
    entry_amount_ore: int | None = None,
    before_details: str = "",
    entry_info: str | None = None,
    unstructured: tuple[str, ...] = (),
    references: tuple[str, ...] = (),
    remittance_info: tuple[str, ...] = (),
    booked: str = "2026-11-24",
) -> str:
    """One booked entry with one payment of ``amount_ore`` (a KID when given).

    ``entry_amount_ore`` (default: the payment's) is the entry's own amount;
    ``before_details`` goes before its ``NtryDtls`` (another ``NtryDtls``, say);
    ``references`` are further ``Strd/CdtrRefInf/Ref`` (RF or QR references),
    ``remittance_info`` ``Strd/AddtlRmtInf`` lines, ``entry_info`` ``AddtlNtryInf``.
    """
    total = amount_ore if entry_amount_ore is None else entry_amount_ore
    direction = "CRDT" if total >= 0 else "DBIT"
    refs = ([kid] if kid else []) + list(references)
    strd = "".join(
        "\n                <Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
        f"<Ref>{escape(ref)}</Ref></CdtrRefInf></Strd>"
        for ref in refs
    )
    if remittance_info:
        lines = "".join(f"<AddtlRmtInf>{escape(line)}</AddtlRmtInf>" for line in remittance_info)
        strd += f"\n                <Strd>{lines}</Strd>"
    ustrd = "".join(f"\n                <Ustrd>{escape(line)}</Ustrd>" for line in unstructured)
    info = f"\n        <AddtlNtryInf>{escape(entry_info)}</AddtlNtryInf>" if entry_info else ""
    address = (
        f"<PstlAdr><StrtNm>Storgata</StrtNm><BldgNb>{number % 200 + 1}</BldgNb>"
        "<PstCd>0155</PstCd><TwnNm>Oslo</TwnNm><Ctry>NO</Ctry></PstlAdr>"
    )
    payer_account = (
        f"<DbtrAcct><Id><Othr><Id>{86011117947 + number % 1000:011d}</Id>"
        "<SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id></DbtrAcct>"
    )
    return f"""      <Ntry>
        <NtryRef>{number}</NtryRef>
        <Amt Ccy="NOK">{_amount(total)}</Amt>
        <CdtDbtInd>{direction}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{booked}</Dt></BookgDt>
        <ValDt><Dt>{booked}</Dt></ValDt>
        <AcctSvcrRef>NTRY-{number:012d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>{before_details}
        <NtryDtls>
          <TxDtls>
            <Refs>
              <AcctSvcrRef>TX-{number:012d}</AcctSvcrRef>
            </Refs>
            <AmtDtls><TxAmt><Amt Ccy="NOK">{_amount(amount_ore)}</Amt></TxAmt></AmtDtls>
            <BkTxCd><Prtry><Cd>230</Cd></Prtry></BkTxCd>
            <RltdPties>
              <Dbtr>
                <Nm>Betaler nummer {number} AS</Nm>
                {address}
              </Dbtr>
              {payer_account}
            </RltdPties>
            <RltdAgts><DbtrAgt><FinInstnId><BIC>DNBANOKKXXX</BIC></FinInstnId></DbtrAgt></RltdAgts>
            <RmtInf>{ustrd}{strd}
            </RmtInf>
          </TxDtls>
        </NtryDtls>{info}
      </Ntry>
"""


def write_large_camt(path: Path, payments: Iterable[tuple[int, str | None]]) -> int:
    """Write a camt.054 file of one entry per (amount, KID) to ``path``; its size."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(head())
        for number, (amount, kid) in enumerate(payments, start=1):
            out.write(kid_entry(amount, kid, number=number))
        out.write(TAIL)
    return path.stat().st_size


__all__ = ["ACCOUNT", "camt_file", "kid_entry", "write_large_camt"]
