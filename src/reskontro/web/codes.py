"""The web layer's own codes (texts in :mod:`reskontro.i18n.web`)."""

from __future__ import annotations

from enum import StrEnum


class WebCode(StrEnum):
    #: A form's value that does not read (:mod:`reskontro.web.fmt`); the label is the
    #: field's bokmål name, shown by ``{label:@web.field}``.
    NOT_AN_INTEGER = "web.not_an_integer"
    NOT_AN_AMOUNT = "web.not_an_amount"
    NOT_WHOLE_ORE = "web.not_whole_ore"
    NOT_A_DATE = "web.not_a_date"
    NO_PAGE = "web.no_page"
    #: A user with no company yet.
    NO_COMPANY_YET = "web.no_company_yet"
    #: A form's choice that is none of the offered ones.
    UNKNOWN_CHOICE = "web.unknown_choice"
    #: A form's value that does not read as what the field wants.
    NOT_A_NUMBER = "web.not_a_number"
    TOO_MANY_DECIMALS = "web.too_many_decimals"
    NOT_A_CUSTOMER_NUMBER = "web.not_a_customer_number"
    NOT_CUSTOMER_NUMBERS = "web.not_customer_numbers"
    UNKNOWN_INTERVAL = "web.unknown_interval"
    FILE_TOO_LARGE = "web.file_too_large"
    #: A bank channel: SFTP or a folder, and a folder needs its path.
    CHOOSE_CHANNEL_KIND = "web.choose_channel_kind"
    FOLDER_NEEDS_PATH = "web.folder_needs_path"
    #: A new password, and what happened to the user's other sessions and tokens.
    PASSWORD_CHANGED = "web.password_changed"  # noqa: S105 - a code, not a password
    PASSWORDS_DIFFER = "web.passwords_differ"
    #: Connection tests: only whether it connected, never why not.
    CONNECTED = "web.channel_connected"
    NOT_CONNECTED = "web.channel_not_connected"
    TOO_MANY_TESTS = "web.too_many_connection_tests"
    #: Choosing a customer in a form (:mod:`reskontro.web.pick`).
    CHOOSE_CUSTOMER = "web.choose_customer"
    NO_CUSTOMER_MATCH = "web.no_customer_match"
    MANY_CUSTOMERS_MATCH = "web.many_customers_match"
    CHOOSE_CUSTOMER_OR_INVOICE = "web.choose_customer_or_invoice"
    #: Confirmations after an action (:mod:`reskontro.web.flash`).
    INBOX_POSTED_CUSTOMER = "web.inbox_posted_customer"
    INBOX_POSTED_INVOICE = "web.inbox_posted_invoice"
    INBOX_MOVED = "web.inbox_moved"
    INBOX_IGNORED = "web.inbox_ignored"
    INBOX_REFUND = "web.inbox_refund"
    INBOX_SPLIT = "web.inbox_split"
    IMPORT_UNDONE = "web.import_undone"
    MATCHED = "web.matched"
    SAVED = "web.saved"
    INVOICE_ISSUED = "web.invoice_issued"
    CREDIT_NOTE_MADE = "web.credit_note_made"
    CUSTOMER_CREATED = "web.customer_created"
    HANDED_OVER = "web.handed_over"
    HOLD_ADDED = "web.hold_added"
    HOLD_RELEASED = "web.hold_released"
    DISPUTED = "web.disputed"
    DISPUTE_RESOLVED = "web.dispute_resolved"
    CREDIT_NOTE_MADE_FOR = "web.credit_note_made_for"
    CREDIT_QUANTITY = "web.credit_quantity"
    CREDIT_MORE_THAN_LEFT = "web.credit_more_than_left"
    CREDIT_NOTHING_CHOSEN = "web.credit_nothing_chosen"
    SERIES_SAVED = "web.series_saved"


class WebRole(StrEnum):
    """The roles' names (``{role:@web.role}``)."""

    ADMIN = "web.role.admin"
    BANK_AND_PAYMENTS = "web.role.bank_and_payments"
    INVOICING = "web.role.invoicing"
    READ_ONLY = "web.role.read_only"


class WebField(StrEnum):
    """The form fields the web layer names in its messages (``{label:@web.field}``)."""

    CUSTOMER = "web.field.kunde"
    COMPANY = "web.field.firma"
    ITEM = "web.field.post"
    MODULUS = "web.field.modulus"
    TOLERANCE = "web.field.toleranse"
    QUANTITY = "web.field.antall"
    AMOUNT = "web.field.beløp"
    TERMS = "web.field.betalingsfrist"
    PORT = "web.field.port"
    KID_LENGTH = "web.field.KID-lengde"


#: The roles' names as the templates show them (bokmål ids of the page texts,
#: translated like every page text).
ROLE_NAMES = {
    "admin": "Administrator",
    "bank_and_payments": "Bank og betalinger",
    "invoicing": "Fakturering",
    "read_only": "Kun lesetilgang",
}
