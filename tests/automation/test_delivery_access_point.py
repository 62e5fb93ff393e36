"""A company's own access point for EHF: one of its bank channels (SFTP on loopback, or
a folder) and the folder on it, set with ``company delivery --access-point`` or on the
settings page; the installation's ``RESKONTRO_AP_*`` stays the default."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.channels.access_point import AccessPointSettings
from reskontro.domain.delivery import DeliveryState
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.services.automation.channels import BankChannels
from reskontro.services.delivery import send
from reskontro.services.delivery.access_point import AccessPointError, set_access_point
from reskontro.services.delivery.run import Deliverer
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session
    from tests.automation.conftest import SftpServer

    from reskontro.clock import FixedClock
    from reskontro.services.delivery.records import DeliveryView
    from reskontro.services.invoicing.books import Books

SFTP_USER = "reskontro"
SFTP_PASSWORD = "sftp-s3cret-Passord!"  # the loopback server's (conftest)


def fake_ehf(session: Session, company_id: int, invoice_id: int) -> bytes:
    return f"<Invoice id='{invoice_id}'/>".encode()


class Shop:
    def __init__(self, books: Books, clock: FixedClock) -> None:
        self.books, self.clock, self.sessions = books, clock, books.sessions
        self.cid = int(books.create_company(
            name="Fjord Regnskap AS", org_number="123456785", account="12345678903",
            vat_registered=True, actor="t",
        ).id)  # fmt: skip

    def issue_ehf(self) -> int:
        changes = CardChanges(name="Peppol AS", delivery_method="ehf", org_number="923609016")
        number = customers.create(self.sessions, self.clock, self.cid, changes, actor="t").number
        draft = self.books.create_invoice(
            self.cid, customer_number=number,
            lines=[LineDraft("Regnskapstjenester", 1000, 100000, VatCode.STANDARD)], actor="t",
        )  # fmt: skip
        return int(self.books.issue_invoice(self.cid, draft.id, actor="t").id)

    def history(self, invoice_id: int) -> list[DeliveryView]:
        return send.deliveries(self.sessions, self.cid, invoice_id)

    def deliverer(self, ap: AccessPointSettings) -> Deliverer:
        return Deliverer(self.sessions, self.clock, access_point=ap, ehf=fake_ehf)


@pytest.fixture
def shop(books: Books, clock: FixedClock) -> Shop:
    return Shop(books, clock)


def test_a_company_sends_ehf_through_its_own_sftp_access_point(
    shop: Shop, sftp_server: SftpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AP_PASSWORD", SFTP_PASSWORD)
    remote, local = sftp_server.new_folder()
    BankChannels(shop.sessions, shop.clock).add_sftp(
        shop.cid, "peppol", host="127.0.0.1", port=sftp_server.port, username=SFTP_USER,
        password="env:AP_PASSWORD", fingerprint=sftp_server.fingerprint, folder="/", actor="t",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        set_access_point(shop.sessions, shop.clock, shop.cid, channel="peppol", folder="/",
                         actor="t")  # fmt: skip
    assert caught.value.msg is not None
    assert caught.value.msg.code == AccessPointError.FOLDER_IS_INBOUND
    own = set_access_point(shop.sessions, shop.clock, shop.cid, channel="peppol",
                           folder=remote, actor="t")  # fmt: skip
    assert (own.channel, own.folder) == ("peppol", remote)
    assert own.where == f"sftp://{SFTP_USER}@127.0.0.1:{sftp_server.port}{remote}"
    assert send.settings(shop.sessions, shop.cid).access_point == own

    default = tmp_path / "installation"
    default.mkdir()
    env_ap = AccessPointSettings(folder=str(default))  # the installation's: not used now
    invoice = shop.issue_ehf()
    assert shop.deliverer(env_ap).run().sent == 1
    [view] = shop.history(invoice)
    assert view.file_name is not None
    assert (local / view.file_name).exists()
    assert list(default.iterdir()) == []
    (local / view.file_name.replace(".xml", ".ok")).write_text("")
    assert shop.deliverer(env_ap).run().receipts == 1
    assert shop.history(invoice)[0].state is DeliveryState.DELIVERED
    assert not [p for p in local.iterdir() if p.suffix == ".ok"]

    # Back to the installation's access point.
    set_access_point(shop.sessions, shop.clock, shop.cid, channel=None, actor="t")
    assert send.settings(shop.sessions, shop.cid).access_point is None
    later = shop.issue_ehf()
    assert shop.deliverer(env_ap).run().sent == 1
    [again] = shop.history(later)
    assert again.file_name is not None
    assert (default / again.file_name).exists()


def test_company_delivery_sets_the_access_point_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'ap.sqlite'}"
    assert run(capsys, "company", "create", "--name", "Fjord AS", "--org-number", "123456785",
               "--account", "12345678903", "--db", db).code == 0  # fmt: skip
    inbound, outbound = tmp_path / "bank", tmp_path / "peppol-out"
    inbound.mkdir()
    outbound.mkdir()
    assert run(capsys, "channel", "add-folder", "ap", "--path", str(inbound),
               "--db", db).code == 0  # fmt: skip
    shown = run(capsys, "company", "delivery", "--db", db)
    assert "installation's access point" in shown.out
    same = run(capsys, "company", "delivery", "--access-point", "ap", "--access-point-folder",
               str(inbound), "--db", db)  # fmt: skip
    assert same.code != 0
    assert "the folder bank files are fetched from" in same.err
    made = run(capsys, "company", "delivery", "--access-point", "ap", "--access-point-folder",
               str(outbound), "--json", "--db", db)  # fmt: skip
    assert made.code == 0, made.err
    assert made.json["access_point"] == {
        "channel": "ap", "folder": str(outbound), "where": str(outbound),
    }  # fmt: skip
    text = run(capsys, "company", "delivery", "--db", db)
    assert f"EHF through channel ap: {outbound}" in text.out
    back = run(capsys, "company", "delivery", "--no-access-point", "--json", "--db", db)
    assert back.json["access_point"] is None


def test_an_ehf_that_cannot_be_made_says_why_in_the_readers_language(
    shop: Shop, tmp_path: Path
) -> None:
    """The EHF builder's coded refusal is kept as a code inside the delivery's reason,
    so a bokmål reader sees it in bokmål (it was its English text)."""
    from reskontro.i18n import render
    from reskontro.messages import Message

    def refusing_ehf(session: Session, company_id: int, invoice_id: int) -> bytes:
        raise ValidationError(Message.of(AccessPointError.NO_FOLDER))

    invoice = shop.issue_ehf()
    ap = AccessPointSettings(folder=str(tmp_path))
    Deliverer(shop.sessions, shop.clock, access_point=ap, ehf=refusing_ehf).run()
    [view] = shop.history(invoice)
    assert view.state is DeliveryState.FAILED
    assert view.reason is not None
    assert render(view.reason, "nb") == (
        "EHF-dokumentet kunne ikke lages: "
        "Et aksesspunkt trenger mappen på kanalen det henter EHF-filer fra"
    )
    assert render(view.reason, "en").startswith("The EHF document could not be made: An access")
