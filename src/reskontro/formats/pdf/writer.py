"""Drawing on A4 in millimetres from the top left, with the embedded DejaVu Sans.

The font ships inside the package (``reskontro/data/fonts``, a Latin subset of DejaVu
Sans with its licence) and is embedded, subset, in every PDF, so the documents look
the same everywhere and stay readable for the whole retention period. Text is real
text (extractable, searchable). Output is *invariant*: the same document gives the same
bytes, so a recorded PDF's SHA-256 identifies it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache
from importlib import resources

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REGULAR = "ReskontroSans"
BOLD = "ReskontroSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
MM = 72 / 25.4
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
LEFT = 20.0
RIGHT = 190.0

# A space inside a number ("1 234,50") does not break a line.
_BREAK = re.compile(r"(?<!\d) | (?!\d{3}(?:\D|$))")


@cache
def register_fonts() -> frozenset[int]:
    """Register the embedded fonts once; return the code points they can draw."""
    fonts = resources.files("reskontro").joinpath("data", "fonts")
    covered: set[int] | None = None
    for name, filename in _FILES.items():
        data = fonts.joinpath(filename).read_bytes()
        font = TTFont(name, io.BytesIO(data))
        pdfmetrics.registerFont(font)
        chars = set(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    return frozenset(covered or ())


def printable(text: str) -> str:
    """``text`` with every character the font can draw; others become their base
    letter (``ǿ`` → ``ø`` when the accent is missing) or ``?``, never an empty box."""
    covered = register_fonts()
    text = unicodedata.normalize("NFC", text)
    if all(ord(c) in covered for c in text):
        return text
    out = []
    for char in text:
        if ord(char) in covered:
            out.append(char)
            continue
        if char in "\t\r\n":
            out.append(" ")
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if ord(c) in covered and c.isprintable()
        )
        out.append(base[:1] or "?")
    return "".join(out)


class Writer:
    """A PDF being drawn: coordinates in mm, y growing downwards from the top edge."""

    def __init__(self, *, title: str, author: str, subject: str, language: str) -> None:
        register_fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(
            self.buffer, pagesize=A4, invariant=1, pageCompression=1, lang=language
        )
        self.canvas.setTitle(printable(title))
        self.canvas.setAuthor(printable(author))
        self.canvas.setSubject(printable(subject))
        self.canvas.setCreator("reskontro")
        self._font = (REGULAR, 9.0)
        self.canvas.setFont(REGULAR, 9.0)

    # -- text -----------------------------------------------------------------------

    def font(self, size: float = 9.0, *, bold: bool = False) -> None:
        chosen = (BOLD if bold else REGULAR, size)
        if chosen != self._font:
            self.canvas.setFont(*chosen)
            self._font = chosen

    def width(self, text: str, size: float = 9.0, *, bold: bool = False) -> float:
        """The width of ``text`` in mm."""
        name = BOLD if bold else REGULAR
        return float(pdfmetrics.stringWidth(printable(text), name, size)) / MM

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 9.0,
        *,
        bold: bool = False,
        align: str = "left",
    ) -> None:
        """Draw one line with its baseline at ``y`` mm from the top."""
        self.font(size, bold=bold)
        safe = printable(text)
        px, py = x * MM, (PAGE_HEIGHT_MM - y) * MM
        if align == "right":
            self.canvas.drawRightString(px, py, safe)
        elif align == "center":
            self.canvas.drawCentredString(px, py, safe)
        else:
            self.canvas.drawString(px, py, safe)

    def wrap(self, text: str, width: float, size: float = 9.0, *, bold: bool = False) -> list[str]:
        """Split ``text`` into lines no wider than ``width`` mm (paragraphs kept)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            words = [w for w in _BREAK.split(paragraph.strip()) if w]
            line = ""
            for word in words:
                candidate = f"{line} {word}" if line else word
                if line and self.width(candidate, size, bold=bold) > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return lines

    def paragraph(
        self,
        x: float,
        y: float,
        text: str,
        width: float,
        size: float = 9.0,
        *,
        bold: bool = False,
        leading: float = 4.3,
    ) -> float:
        """Draw wrapped text from baseline ``y``; return the baseline after it."""
        for line in self.wrap(text, width, size, bold=bold):
            self.text(x, y, line, size, bold=bold)
            y += leading
        return y

    # -- lines and boxes ------------------------------------------------------------

    def rule(self, x1: float, y: float, x2: float, *, weight: float = 0.4) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.line(x1 * MM, (PAGE_HEIGHT_MM - y) * MM, x2 * MM, (PAGE_HEIGHT_MM - y) * MM)

    def box(self, x: float, y: float, w: float, h: float, *, weight: float = 0.6) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.rect(x * MM, (PAGE_HEIGHT_MM - y - h) * MM, w * MM, h * MM)

    def shade(self, x: float, y: float, w: float, h: float, grey: float = 0.93) -> None:
        self.canvas.setFillGray(grey)
        self.canvas.rect(x * MM, (PAGE_HEIGHT_MM - y - h) * MM, w * MM, h * MM, stroke=0, fill=1)
        self.canvas.setFillGray(0)

    # -- pages ----------------------------------------------------------------------

    def next_page(self) -> None:
        self.canvas.showPage()
        self._font = (REGULAR, 9.0)
        self.canvas.setFont(REGULAR, 9.0)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


__all__ = ["LEFT", "RIGHT", "Writer", "printable", "register_fonts"]
