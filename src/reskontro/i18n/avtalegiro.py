"""Texts of the AvtaleGiro flow: the agreement, mandate lists, claims."""

from __future__ import annotations

import enum
from typing import Final

from reskontro.domain.avtalegiro import ClaimState, Code, MandateState


class MandateStateName(enum.StrEnum):
    """A mandate state's name (``{state:@avtalegiro.mandate}``)."""

    ACTIVE = f"avtalegiro.mandate.{MandateState.ACTIVE}"
    WAITING = f"avtalegiro.mandate.{MandateState.WAITING}"
    ENDED = f"avtalegiro.mandate.{MandateState.ENDED}"


class ClaimStateName(enum.StrEnum):
    """A claim state's name (``{state:@avtalegiro.claim}``)."""

    SENT = f"avtalegiro.claim.{ClaimState.SENT}"
    TOO_LATE = f"avtalegiro.claim.{ClaimState.TOO_LATE}"
    CANCELLED = f"avtalegiro.claim.{ClaimState.CANCELLED}"
    SETTLED = f"avtalegiro.claim.{ClaimState.SETTLED}"
    FAILED = f"avtalegiro.claim.{ClaimState.FAILED}"


TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    Code.NO_AGREEMENT: (
        "company {company} has no AvtaleGiro agreement; register it first",
        "firma {company} har ingen AvtaleGiro-avtale; registrer den først",
    ),
    Code.AGREEMENT_ENDED: (
        "AvtaleGiro agreement {agreement_id} has ended",
        "AvtaleGiro-avtale {agreement_id} er avsluttet",
    ),
    Code.AGREEMENT_ID: (
        "the AvtaleGiro agreement ID is 9 digits, not '{value}'",
        "AvtaleGiro-avtale-ID-en er 9 sifre, ikke «{value}»",
    ),
    Code.DATA_TRANSMITTER: (
        "the data transmitter (our customer unit ID) is 8 digits and not Nets' own, not '{value}'",
        "dataavsender (vår kundeenhet-ID) er 8 sifre og ikke Nets' egen, ikke «{value}»",
    ),
    Code.NOT_OCR_ACCOUNT: (
        "AvtaleGiro draws to the OCR agreement's account {ocr_account}, not {account}",
        "AvtaleGiro trekker til OCR-avtalens konto {ocr_account}, ikke {account}",
    ),
    Code.NO_CUSTOMER_POSITION: (
        "the KID template {template} has no customer number: AvtaleGiro finds the payer by it",
        "KID-malen {template} har ikke kundenummer: AvtaleGiro finner betaleren ved det",
    ),
    Code.NOT_A_MANDATE_LIST: (
        "{filename} is not a mandate list (AvtaleGiro FBO) from Nets",
        "{filename} er ikke en liste over faste betalingsoppdrag (AvtaleGiro) fra Nets",
    ),
    Code.MANDATE_ACCOUNT: (
        "the mandate list is for account {account}, but the AvtaleGiro agreement is for {expected}",
        "listen over faste betalingsoppdrag gjelder konto {account}, men AvtaleGiro-avtalen"
        " gjelder {expected}",
    ),
    Code.MANDATE_WITHOUT_KID: (
        "mandate {number} in {filename} has no KID",
        "betalingsoppdrag {number} i {filename} har ingen KID",
    ),
    Code.NO_MANDATE: (
        "no AvtaleGiro mandate with KID {kid}",
        "ingen AvtaleGiro-fullmakt med KID {kid}",
    ),
    Code.NOT_WAITING: (
        "the mandate with KID {kid} is {state:@avtalegiro.mandate}, not waiting for a customer",
        "fullmakten med KID {kid} er {state:@avtalegiro.mandate}, den venter ikke på en kunde",
    ),
    Code.DUE_TOO_SOON: (
        "due {due:date}, but the earliest due date Nets accepts is {earliest:date}:"
        " the invoice is paid with a giro instead",
        "forfall {due:date}, men tidligste forfall Nets godtar er {earliest:date}:"
        " fakturaen betales med giro i stedet",
    ),
    Code.MAY_BE_DRAWN: (
        "invoice {invoice} was credited or paid otherwise on or after its due date"
        " {due:date}: Nets may already have drawn {amount_ore:kr}",
        "faktura {invoice} ble kreditert eller betalt på annen måte på eller etter forfall"
        " {due:date}: Nets kan allerede ha trukket {amount_ore:kr}",
    ),
    Code.NOT_NOK: (
        "invoice {invoice} is in {currency}: AvtaleGiro claims are in NOK only",
        "faktura {invoice} er i {currency}: AvtaleGiro-trekk er bare i NOK",
    ),
    Code.CLAIMS_FILE: (
        "{filename} is an AvtaleGiro claims file to Nets, not a payment file",
        "{filename} er en AvtaleGiro-trekkfil til Nets, ikke en betalingsfil",
    ),
    Code.NO_CHANNEL: (
        "company {company} has no SFTP channel with an outbound folder for Nets",
        "firma {company} har ingen SFTP-kanal med en utgående mappe til Nets",
    ),
    Code.OUTBOUND_IS_INBOUND: (
        "the outbound folder {folder} is the folder bank files are fetched from",
        "utgående mappe {folder} er mappen bankfilene hentes fra",
    ),
    Code.NO_FILE: ("no AvtaleGiro file with id {id}", "fant ingen AvtaleGiro-fil med id {id}"),
    Code.SERIES_EXHAUSTED: (
        "the {series} series has run out of 7-digit numbers",
        "serien {series} har brukt opp alle 7-sifrede numre",
    ),
    Code.CLAIMS_READ_BACK: (
        "the claims file reads back as {found}, not {meant}",
        "trekkfilen leses tilbake som {found}, ikke {meant}",
    ),
    Code.DRAW_FAILED: (
        "no draw of invoice {invoice} (due {due:date}) was reported by {since:date}:"
        " it is followed up like any other invoice",
        "ingen trekk av faktura {invoice} (forfall {due:date}) var meldt innen {since:date}:"
        " den følges opp som andre fakturaer",
    ),
    Code.SENT_TO_NETS: (
        "{files} claims file(s) sent to Nets ({sent_to})",
        "{files} trekkfil(er) sendt til Nets ({sent_to})",
    ),
    Code.NOT_SENT: (
        "the claims file is written but could not be sent to Nets: {error}."
        " It is sent with the next daily run, or when claims are sent again",
        "trekkfilen er skrevet, men kunne ikke sendes til Nets: {error}."
        " Den sendes ved neste daglige kjøring, eller når krav sendes på nytt",
    ),
    MandateStateName.ACTIVE: ("active", "aktiv"),
    MandateStateName.WAITING: ("waiting for a customer", "venter på kunde"),
    MandateStateName.ENDED: ("ended", "avsluttet"),
    ClaimStateName.SENT: ("sent", "sendt"),
    ClaimStateName.TOO_LATE: ("not sent: due too soon", "ikke sendt: for kort frist"),
    ClaimStateName.CANCELLED: ("cancelled", "kansellert"),
    ClaimStateName.SETTLED: ("settled", "betalt"),
    ClaimStateName.FAILED: ("failed", "mislyktes"),
}
