"""Payment reasons as codes with parameters, not English sentences.

``payment.reason`` held why a payment went where it went as English text (parts
joined by "; "), which the web app turned back into bokmål with regexes. It becomes
``payment.reasons``: a JSON list of ``{"code", "params"}`` (a
:class:`reskontro.messages.Messages`), rendered in the reader's language from the
catalogue (:mod:`reskontro.i18n.payments`).

The stored sentences are parsed here, once, with the patterns the web app used
(:data:`TEMPLATES`: each code's English text, its fields turned into groups). A part
no pattern knows is kept as ``payment.legacy`` with its text. The codes and texts are
written out here rather than imported, so that this migration means the same thing
whatever the code becomes later. Downgrade writes the English sentences back.

Revision ID: 0010_payment_reasons
Revises: 0009_delivery
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0010_payment_reasons"
down_revision = "0009_delivery"
branch_labels = None
depends_on = None

#: Code → the English text it had as a sentence. Two-part texts (joined by "; ")
#: come before the one-part texts that begin them.
TEMPLATES: tuple[tuple[str, str], ...] = (
    (
        "payment.surplus",
        "KID {kid}: pays invoice {invoice} and {surplus_ore} øre more, kept as the customer's"
        " credit",
    ),
    (
        "payment.within_tolerance",
        "KID {kid}: pays invoice {invoice}; {written_off_ore} øre short, within the company's"
        " tolerance, written off",
    ),
    (
        "payment.already_paid",
        "KID {kid}: invoice {invoice} was already paid; {amount_ore} øre kept as the customer's"
        " credit",
    ),
    (
        "payment.credited",
        "KID {kid}: invoice {invoice} was credited; {amount_ore} øre kept as the customer's credit",
    ),
    ("payment.full", "KID {kid}: pays invoice {invoice} in full"),
    ("payment.part", "KID {kid}: pays {allocated_ore} øre of invoice {invoice}, a part payment"),
    (
        "payment.reversal",
        "negative amount with KID {kid}: reverses {reversed_ore} øre paid on invoice {invoice}",
    ),
    (
        "payment.negative_unpaid",
        "negative amount of {reversed_ore} øre with KID {kid} of invoice {invoice}, which has"
        " less than that paid: needs a person",
    ),
    ("payment.zero", "zero amount with KID {kid}"),
    ("payment.no_kid", "no KID in the payment"),
    ("payment.unknown_kid", "KID {kid} belongs to no invoice"),
    ("payment.unmatched.inbox", "waits in the voucher inbox"),
    ("payment.unmatched.ignored", "not posted (the company ignores unknown KIDs)"),
    (
        "payment.unmatched.kid_customer_part",
        "posted to the customer by customer part of a well-formed KID",
    ),
    (
        "payment.unmatched.payer_account",
        "posted to the customer by payer account seen on the customer's payments",
    ),
    ("payment.unmatched.free_text_kid", "posted to the customer by free text names KID {kid}"),
    (
        "payment.unmatched.free_text_invoice",
        "posted to the customer by free text names invoice number {invoice}",
    ),
    (
        "payment.unmatched.unique_amount",
        "posted to the customer by the only open invoice with this amount",
    ),
    (
        "payment.unmatched.placeholder",
        "no clue to the customer: posted to 'Betaling med ukjent KID'",
    ),
    ("payment.manual.invoice", "posted by hand to invoice {invoice} ({amount_ore} øre)"),
    ("payment.manual.customer", "posted by hand to customer {customer}"),
    ("payment.manual.moved", "moved by hand to customer {customer}"),
    ("payment.legacy", "{text}"),
)
_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    last = 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[last : m.start()]))
        name = m.group(1)
        parts.append(rf"(?P<{name}>\S+)" if name == "kid" else rf"(?P<{name}>-?\d+)")
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$")


PATTERNS = tuple((code, _pattern(t)) for code, t in TEMPLATES if code != "payment.legacy")


def _message(text: str) -> dict[str, object] | None:
    for code, pattern in PATTERNS:
        found = pattern.match(text)
        if found:
            params = {k: v if k == "kid" else int(v) for k, v in found.groupdict().items()}
            return {"code": code, "params": params}
    return None


def parse(reason: str) -> list[dict[str, object]]:
    """A stored sentence as messages: the longest known text at each "; " part.

    >>> parse("KID 1: pays invoice 2; 3 øre short, within the company's tolerance,"
    ...       " written off; odd")[1]
    {'code': 'payment.legacy', 'params': {'text': 'odd'}}
    """
    parts = reason.split("; ")
    out: list[dict[str, object]] = []
    i = 0
    while i < len(parts):
        message = None
        if i + 1 < len(parts):
            message = _message(f"{parts[i]}; {parts[i + 1]}")
            if message is not None:
                i += 2
        if message is None:
            message = _message(parts[i]) or {"code": "payment.legacy", "params": {"text": parts[i]}}
            i += 1
        out.append(message)
    return out


def english(stored: str) -> str:
    """The sentence back from the stored messages (downgrade)."""
    texts = dict(TEMPLATES)
    items = json.loads(stored)
    return "; ".join(
        texts.get(m["code"], m["code"]).format(**(m.get("params") or {})) for m in items
    )


def _convert(source: str, target: str, change: object) -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(f"SELECT id, {source} FROM payment WHERE {source} IS NOT NULL")
    ).all()
    for pid, value in rows:
        converted = change(value)  # type: ignore[operator]
        conn.execute(
            sa.text(f"UPDATE payment SET {target} = :v WHERE id = :id"), {"v": converted, "id": pid}
        )


def upgrade() -> None:
    op.add_column("payment", sa.Column("reasons", sa.Text(), nullable=True))
    _convert(
        "reason",
        "reasons",
        lambda text: json.dumps(parse(text), ensure_ascii=False, sort_keys=True),
    )
    op.drop_column("payment", "reason")


def downgrade() -> None:
    op.add_column("payment", sa.Column("reason", sa.Text(), nullable=True))
    _convert("reasons", "reason", english)
    op.drop_column("payment", "reasons")
