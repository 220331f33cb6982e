"""Sending issued invoices to the buyer's e-invoicing platform (the French reform: a
"plateforme agréée" chosen by each company), behind one interface. The structure's chosen
platform plugs in later as another `InvoiceTransmitter`, named by the
`EINVOICING_TRANSMITTER` setting; until then `DirectoryTransmitter` writes the Factur-X PDF
and its CII XML to a directory (`EINVOICING_OUTBOX_DIR`), where a platform's import or a
person can pick them up."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .models import ClientKind, Invoice, InvoiceStatus


class InvoiceTransmitter(Protocol):
    """Sends one invoice; returns the platform's reference of what it received. Sending the
    same invoice twice must give the same result (jobs may run twice)."""

    name: str

    def send(self, *, invoice: Invoice, pdf: bytes, xml: bytes) -> str: ...


def is_einvoice(invoice: Invoice) -> bool:
    """An issued document for a company identified by its SIRET: what the reform covers
    (households and public buyers are outside it; public buyers have Chorus Pro)."""
    return (
        invoice.status != InvoiceStatus.DRAFT
        and invoice.client.kind == ClientKind.COMPANY
        and bool(invoice.client.siret)
    )


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


class DirectoryTransmitter:
    """One folder per seller (SIREN), files named by the invoice number: sending twice
    writes the same files again."""

    name = "directory"

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory or settings.EINVOICING_OUTBOX_DIR)

    def send(self, *, invoice: Invoice, pdf: bytes, xml: bytes) -> str:
        folder = self.directory / invoice.structure.siret[:9]
        stem = f"{invoice.reference}-{invoice.client.siret[:9]}"
        _write(folder / f"{stem}.xml", xml)
        _write(folder / f"{stem}.pdf", pdf)
        return str(folder / f"{stem}.pdf")


def get_transmitter() -> InvoiceTransmitter:
    return import_string(settings.EINVOICING_TRANSMITTER)()
