"""MPS' eFaktura web services (SOAP, document/literal) through zeep, from the WSDL
the issuer receives from MPS; its location is a setting, loaded at run time (when the
first call is made). Field names come from :mod:`.mapping`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reskontro.channels.efaktura import EfakturaUnavailable, PersonAnswer
from reskontro.channels.efaktura import mapping as m

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.channels.efaktura import Consignment, ConsignmentStatus, PersonQuery


@dataclass(frozen=True)
class SoapSettings:
    #: The WSDL's location (a URL or a file path).
    wsdl: str
    #: Our issuer id at MPS.
    issuer: str
    #: The service's address when it differs from the WSDL's (a test environment).
    endpoint: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 20.0


class SoapRoute:
    """:class:`~reskontro.channels.efaktura.EfakturaRoute` over MPS' web services."""

    name = "mps-ws"

    def __init__(self, settings: SoapSettings) -> None:
        self.settings = settings
        self._service: Any = None

    def _call(self, operation: str, **arguments: Any) -> Any:
        import requests
        import zeep
        from zeep.helpers import serialize_object

        try:
            service = self._service
            if service is None:
                session = requests.Session()
                if self.settings.username:
                    session.auth = (self.settings.username, self.settings.password or "")
                transport = zeep.Transport(  # type: ignore[no-untyped-call]
                    session=session,
                    timeout=self.settings.timeout,
                    operation_timeout=self.settings.timeout,
                )
                client = zeep.Client(  # type: ignore[no-untyped-call]
                    self.settings.wsdl, transport=transport
                )
                service = client.service
                if self.settings.endpoint:
                    binding = next(iter(client.wsdl.bindings))
                    service = client.create_service(  # type: ignore[no-untyped-call]
                        binding, self.settings.endpoint
                    )
                self._service = service
            answer = service[operation](**arguments)
            return serialize_object(answer, dict)  # type: ignore[no-untyped-call]
        except zeep.exceptions.Fault as exc:
            raise EfakturaUnavailable(
                f"MPS answered {operation} with a fault: {exc.message}"
            ) from None
        except (zeep.exceptions.Error, requests.RequestException, OSError, ValueError) as exc:
            raise EfakturaUnavailable(
                f"MPS' web service did not answer {operation}: {exc.__class__.__name__}"
            ) from None

    def look_up(self, queries: Sequence[PersonQuery]) -> list[PersonAnswer]:
        if not queries:
            return []
        response = self._call(m.OP_LOOK_UP, **m.look_up_request(self.settings.issuer, queries))
        by_ref = {a.ref: a for a in m.look_up_answers(response)}
        return [by_ref.get(q.ref, PersonAnswer(q.ref, None)) for q in queries]

    def blocked(self) -> frozenset[str]:
        return m.blocked_identifiers(self._call(m.OP_BLOCKED, issuer=self.settings.issuer))

    def submit(self, consignment: Consignment) -> ConsignmentStatus:
        """Hand a consignment over under the issuer id MPS gave (the setting)."""
        from dataclasses import replace

        ours = replace(consignment, issuer=self.settings.issuer)
        response = self._call(m.OP_ADD_INVOICES, **m.add_invoices_request(ours))
        return m.consignment_status(consignment.consignment_id, response)

    def status(self, consignment_id: str) -> ConsignmentStatus:
        response = self._call(
            m.OP_CONSIGNMENT_STATUS, issuer=self.settings.issuer, consignmentId=consignment_id
        )
        return m.consignment_status(consignment_id, response)

    def invoice_status(self, invoice_number: str) -> str | None:
        """MPS' state name of one invoice (``getInvoiceStatus``)."""
        response = self._call(
            m.OP_INVOICE_STATUS, issuer=self.settings.issuer, invoiceNumber=invoice_number
        )
        if isinstance(response, dict):
            response = response.get("status")
        return None if response is None else str(response)
