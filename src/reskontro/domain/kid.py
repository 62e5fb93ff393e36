"""KID (kundeidentifikasjon): the payment reference on Norwegian invoices.

A KID is 2 to 25 characters: digits with a MOD10 (Luhn) or MOD11 check digit at the
end. A MOD11 check "digit" of 10 is written ``-`` (Nets OCR Giro spec §5,
AvtaleGiro spec §4). Leading zeros are part of the KID.

The interface follows python-stdnum: :func:`compact`, :func:`calc_check_digit`,
:func:`validate`, :func:`is_valid`, :func:`generate`, plus :class:`KidTemplate` that
builds a KID from a customer number and an invoice number and decodes it back.

>>> calc_check_digit("12345678", Modulus.MOD10)
'2'
>>> calc_check_digit("12345678", Modulus.MOD11)
'5'
>>> KidTemplate.parse("{CustomerNo:8}{InvoiceNo:7}", Modulus.MOD10).make(300100, 12345)
'0030010000123458'
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from reskontro.errors import InvalidKid, InvalidKidTemplate
from reskontro.messages import Message

#: Nets' limit: at most 25 characters including the check digit.
MAX_LENGTH = 25
#: The shortest KID we accept: one digit plus the check digit.
MIN_LENGTH = 2


class Modulus(enum.IntEnum):
    MOD10 = 10
    MOD11 = 11

    @classmethod
    def parse(cls, value: int | str) -> Modulus:
        text = str(value).strip().lower().removeprefix("mod")
        if text == "10":
            return cls.MOD10
        if text == "11":
            return cls.MOD11
        raise InvalidKid(Message.of(KidCode.BAD_MODULUS, value=repr(value)))


class Mod11Dash(enum.StrEnum):
    """What to do when MOD11 gives the check value 10 (written ``-``).

    Some banks reject KIDs ending in ``-`` (DNB has been reported to), and payers
    mistype them; Nets advises MOD10 for that reason.
    """

    #: Use ``-`` as the check character, as the Nets spec allows.
    ALLOW = "allow"
    #: Refuse: the number cannot get a MOD11 KID; the caller must pick another one.
    REFUSE = "refuse"


def compact(number: str) -> str:
    """Remove spaces and surrounding blanks (KIDs are often printed in groups)."""
    return re.sub(r"\s", "", number)


def _mod10(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def _mod11(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        total += int(ch) * (2 + i % 6)
    check = 11 - total % 11
    if check == 11:
        return "0"
    if check == 10:
        return "-"
    return str(check)


def calc_check_digit(base: str, modulus: Modulus) -> str:
    """The check character for ``base`` (digits only): ``0``-``9``, or ``-`` for MOD11."""
    if not base.isdigit() or not base.isascii():
        raise InvalidKid(Message.of(KidCode.BASE_NOT_DIGITS, base=repr(base)))
    return _mod10(base) if modulus is Modulus.MOD10 else _mod11(base)


def generate(base: str, modulus: Modulus, dash: Mod11Dash = Mod11Dash.ALLOW) -> str:
    """Append the check digit to ``base``, checking the length limits."""
    check = calc_check_digit(base, modulus)
    if check == "-" and dash is Mod11Dash.REFUSE:
        raise InvalidKid(Message.of(KidCode.DASH_REFUSED, base=base))
    kid = base + check
    if not MIN_LENGTH <= len(kid) <= MAX_LENGTH:
        raise InvalidKid(
            Message.of(KidCode.TOO_LONG, min=MIN_LENGTH, max=MAX_LENGTH, length=len(kid))
        )
    return kid


def validate(number: str, modulus: Modulus | None = None) -> str:
    """Check a KID and return it compacted; raise :class:`InvalidKid` with the reason.

    Without ``modulus`` a KID valid under either MOD10 or MOD11 is accepted.
    """
    kid = compact(number)
    if not kid:
        raise InvalidKid(Message.of(KidCode.EMPTY))
    if not MIN_LENGTH <= len(kid) <= MAX_LENGTH:
        raise InvalidKid(
            Message.of(KidCode.LENGTH, min=MIN_LENGTH, max=MAX_LENGTH, length=len(kid))
        )
    base, check = kid[:-1], kid[-1]
    if not (base.isdigit() and base.isascii()) or not (check.isdigit() or check == "-"):
        raise InvalidKid(Message.of(KidCode.FORM, number=repr(number)))
    moduli = (modulus,) if modulus is not None else (Modulus.MOD10, Modulus.MOD11)
    if any(calc_check_digit(base, m) == check for m in moduli):
        return kid
    names = " or ".join(f"MOD{m.value}" for m in moduli)
    raise InvalidKid(Message.of(KidCode.CHECK_DIGIT, check=repr(check), kid=kid, moduli=names))


def is_valid(number: str, modulus: Modulus | None = None) -> bool:
    """Whether ``number`` is a valid KID (under ``modulus``, or either)."""
    try:
        validate(number, modulus)
    except InvalidKid:
        return False
    return True


def format_kid(kid: str) -> str:
    """Group a KID in fives from the left for print: ``00300 10000 12345 8``."""
    return " ".join(kid[i : i + 5] for i in range(0, len(kid), 5))


class KidCode(enum.StrEnum):
    """What does not fit in a KID template (texts: :mod:`reskontro.i18n.invoicing`)."""

    NUMBER_IN_USE = "kid.number_in_use"
    BAD_MODULUS = "kid.bad_modulus"
    BASE_NOT_DIGITS = "kid.base_not_digits"
    DASH_REFUSED = "kid.dash_refused"
    TOO_LONG = "kid.too_long"
    EMPTY = "kid.empty"
    LENGTH = "kid.length"
    FORM = "kid.form"
    CHECK_DIGIT = "kid.check_digit"
    TEMPLATE_TEXT = "kid.template_text"
    TEMPLATE_PART = "kid.template_part"
    PART_WIDTH = "kid.part_width"
    PART_TWICE = "kid.part_twice"
    TEMPLATE_FORM = "kid.template_form"
    NO_INVOICE_PART = "kid.no_invoice_part"
    TEMPLATE_TOO_LONG = "kid.template_too_long"
    NEGATIVE = "kid.negative"
    TOO_MANY_DIGITS = "kid.too_many_digits"
    DECODE_LENGTH = "kid.decode_length"
    AVTALEGIRO_NO_CUSTOMER_PART = "kid.avtalegiro_no_customer_part"
    AVTALEGIRO_CUSTOMER_ELSEWHERE = "kid.avtalegiro_customer_elsewhere"


#: How the parts of a template are written (texts name them, never with braces).
CUSTOMER_PART = "{CustomerNo:N}"
INVOICE_PART = "{InvoiceNo:N}"


class Part(enum.StrEnum):
    CUSTOMER = "CustomerNo"
    INVOICE = "InvoiceNo"


@dataclass(frozen=True, slots=True)
class Field:
    part: Part
    width: int


@dataclass(frozen=True, slots=True)
class DecodedKid:
    customer_number: int | None
    invoice_number: int | None


_TOKEN = re.compile(r"\{(?P<name>[A-Za-z]+):(?P<width>\d+)\}")

#: The default in the systems our users come from: 5 + 5 digits + MOD10 = 11 digits.
DEFAULT_TEMPLATE = "{CustomerNo:5}{InvoiceNo:5}"


@dataclass(frozen=True, slots=True)
class KidTemplate:
    """A KID layout: customer and invoice number parts, zero-padded, plus a check digit."""

    fields: tuple[Field, ...]
    modulus: Modulus = Modulus.MOD10
    dash: Mod11Dash = Mod11Dash.ALLOW

    @classmethod
    def parse(
        cls, text: str, modulus: Modulus | int = Modulus.MOD10, dash: Mod11Dash = Mod11Dash.ALLOW
    ) -> KidTemplate:
        """Parse ``{CustomerNo:N}{InvoiceNo:N}`` (either order, each at most once)."""
        pos = 0
        fields: list[Field] = []
        stripped = text.strip()
        for match in _TOKEN.finditer(stripped):
            if match.start() != pos:
                raise InvalidKidTemplate(
                    Message.of(
                        KidCode.TEMPLATE_TEXT,
                        unexpected=repr(stripped[pos : match.start()]),
                        template=repr(text),
                        customer_part=CUSTOMER_PART,
                        invoice_part=INVOICE_PART,
                    )
                )
            pos = match.end()
            try:
                part = Part(match["name"])
            except ValueError:
                raise InvalidKidTemplate(
                    Message.of(KidCode.TEMPLATE_PART, part="{" + match["name"] + "}")
                ) from None
            width = int(match["width"])
            if width < 1:
                raise InvalidKidTemplate(Message.of(KidCode.PART_WIDTH, part=part.value))
            if any(f.part is part for f in fields):
                raise InvalidKidTemplate(Message.of(KidCode.PART_TWICE, part=part.value))
            fields.append(Field(part, width))
        if pos != len(stripped) or not fields:
            raise InvalidKidTemplate(
                Message.of(
                    KidCode.TEMPLATE_FORM,
                    template=repr(text),
                    customer_part=CUSTOMER_PART,
                    invoice_part=INVOICE_PART,
                )
            )
        if not any(f.part is Part.INVOICE for f in fields):
            raise InvalidKidTemplate(Message.of(KidCode.NO_INVOICE_PART, invoice_part=INVOICE_PART))
        template = cls(tuple(fields), Modulus.parse(modulus), dash)
        if template.length > MAX_LENGTH:
            raise InvalidKidTemplate(
                Message.of(KidCode.TEMPLATE_TOO_LONG, length=template.length, max=MAX_LENGTH)
            )
        return template

    @property
    def text(self) -> str:
        return "".join(f"{{{f.part.value}:{f.width}}}" for f in self.fields)

    @property
    def length(self) -> int:
        """Total KID length including the check digit."""
        return sum(f.width for f in self.fields) + 1

    def width_of(self, part: Part) -> int | None:
        return next((f.width for f in self.fields if f.part is part), None)

    def position_of(self, part: Part) -> tuple[int, int] | None:
        """1-based inclusive positions of a part in the KID, as AvtaleGiro states them."""
        start = 1
        for f in self.fields:
            if f.part is part:
                return (start, start + f.width - 1)
            start += f.width
        return None

    def max_number(self, part: Part) -> int | None:
        width = self.width_of(part)
        return None if width is None else 10**width - 1

    def make(self, customer_number: int, invoice_number: int) -> str:
        """Build the KID; a number too long for its part is an error naming the part."""
        values = {Part.CUSTOMER: customer_number, Part.INVOICE: invoice_number}
        digits = []
        for f in self.fields:
            value = values[f.part]
            if value < 0:
                raise InvalidKid(Message.of(KidCode.NEGATIVE, part=f.part.value, value=value))
            text = str(value)
            if len(text) > f.width:
                raise InvalidKid(
                    Message.of(
                        KidCode.TOO_MANY_DIGITS,
                        part=f.part.value,
                        value=value,
                        digits=len(text),
                        width=f.width,
                    )
                )
            digits.append(text.zfill(f.width))
        return generate("".join(digits), self.modulus, self.dash)

    def decode(self, kid: str) -> DecodedKid:
        """Split a KID made by this template back into its parts (check digit verified)."""
        value = validate(kid, self.modulus)
        if len(value) != self.length:
            raise InvalidKid(
                Message.of(
                    KidCode.DECODE_LENGTH,
                    kid=value,
                    length=len(value),
                    template=self.text,
                    template_length=self.length,
                )
            )
        pos = 0
        found: dict[Part, int] = {}
        for f in self.fields:
            found[f.part] = int(value[pos : pos + f.width])
            pos += f.width
        return DecodedKid(found.get(Part.CUSTOMER), found.get(Part.INVOICE))

    def check_customer_position(self, first: int, last: int) -> None:
        """Check an AvtaleGiro rule "customer number at positions first–last" (1-based)."""
        pos = self.position_of(Part.CUSTOMER)
        if pos is None:
            raise InvalidKidTemplate(
                Message.of(
                    KidCode.AVTALEGIRO_NO_CUSTOMER_PART,
                    first=first,
                    last=last,
                    part=CUSTOMER_PART,
                )
            )
        width = self.width_of(Part.CUSTOMER) or 0
        # The customer number may be zero-padded on the left inside its part: the
        # significant digits must lie within first..last and the part must end at last.
        if pos[1] != last or pos[0] > first:
            raise InvalidKidTemplate(
                Message.of(
                    KidCode.AVTALEGIRO_CUSTOMER_ELSEWHERE,
                    first=first,
                    last=last,
                    at_first=pos[0],
                    at_last=pos[1],
                    digits=width,
                )
            )

    def series_problems(self, customer_max: int, invoice_max: int) -> list[Message]:
        """Number series in use (largest numbers given) that do not fit; empty if none."""
        problems = []
        for part, biggest in ((Part.CUSTOMER, customer_max), (Part.INVOICE, invoice_max)):
            limit = self.max_number(part)
            if limit is not None and biggest > limit:
                problems.append(
                    Message.of(
                        KidCode.NUMBER_IN_USE,
                        part=part.value,
                        number=biggest,
                        digits=self.width_of(part),
                    )
                )
        return problems

    def check_series(self, customer_max: int, invoice_max: int) -> list[str]:
        """:meth:`series_problems` in English."""
        from reskontro.i18n import render

        return [render(m, "en") for m in self.series_problems(customer_max, invoice_max)]
