"""The company's bank accounts and the source of payments per account (issue 11)."""

from __future__ import annotations

from typing import Final

from reskontro.domain.bank_account import AccountCode as A

TEXTS: Final[dict[A, tuple[str, str]]] = {
    A.NOT_COMPANYS: (
        "the file books payments to account {account}, which is not one of the company's"
        " accounts: it is not this company's file; nothing booked",
        "filen fører betalinger til konto {account}, som ikke er en av firmaets kontoer:"
        " det er ikke firmaets fil; ingenting er bokført",
    ),
    A.SOURCE_NOT_CHOSEN: (
        "the file is {format}, but the company takes payments to account {account} only"
        " from {source} files: nothing booked",
        "filen er {format}, men firmaet tar bare imot betalinger til konto {account} fra"
        " {source}-filer: ingenting er bokført",
    ),
    A.SOURCE_VALUES: (
        "the source of payments is ocr, camt or both, not '{source}'",
        "kilden for betalinger er ocr, camt eller both, ikke «{source}»",
    ),
    A.INVALID: (
        "{account} is not a Norwegian bank account (11 digits, or an IBAN starting NO)",
        "{account} er ikke et norsk kontonummer (11 siffer, eller IBAN som begynner med NO)",
    ),
    A.UNKNOWN: (
        "account {account} is not one of the company's accounts",
        "konto {account} er ikke en av firmaets kontoer",
    ),
    A.LAST_ONE: (
        "account {account} is the company's only account; add another before removing it",
        "konto {account} er firmaets eneste konto; legg til en annen før du fjerner den",
    ),
}
