"""Printing many PDFs of one style sheet: WeasyPrint lays a document out on one core, and
nearly all of an attestation's time is its layout (fonts and style sheet, loaded once, are
a few milliseconds of it: measured in bench/attestations.py). So a batch hands the HTML to
a few processes, each with its font configuration and parsed style sheet, and gets the
PDFs back in order while it reads the next figures and saves the last attestations.

The processes are given strings and give bytes back: they never import Django nor touch the
database (started with « spawn », so nothing of the parent's connections or threads is
copied). The same HTML and style sheet printed by the same WeasyPrint give the same bytes,
in a process of the pool or in the caller's (tested)."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TypeVar

Key = TypeVar("Key")
IN_FLIGHT_PER_PROCESS = 4  # documents handed to each process ahead: bounded memory
MIN_DOCUMENTS_PER_PROCESS = 25  # fewer documents than this: a process is not worth starting


class Printer:
    """One font configuration and one parsed style sheet for every document printed."""

    def __init__(self, css: str):
        from weasyprint import CSS  # WeasyPrint loads system libraries: only when printing
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.sheet = CSS(string=css, font_config=self.fonts)

    def pdf(self, html: str) -> bytes:
        from weasyprint import HTML

        return HTML(string=html).write_pdf(stylesheets=[self.sheet], font_config=self.fonts)


_printer: Printer | None = None  # the printer of a pool's process


def _start(css: str) -> None:
    global _printer
    _printer = Printer(css)
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A pool's process ends when the worker that started it is gone (killed, it cannot say
    so): it is never left printing for nobody."""
    while os.getppid() == parent:
        time.sleep(2)
    os._exit(1)


def _print(html: str) -> bytes:
    return _printer.pdf(html)


def processes_for(documents: int, processes: int) -> int:
    """The processes worth starting for this many documents (1: print in the caller's)."""
    return max(1, min(processes, documents // MIN_DOCUMENTS_PER_PROCESS))


def print_all(
    documents: Iterable[tuple[Key, str]], *, css: str, processes: int = 1
) -> Iterator[tuple[Key, bytes]]:
    """Each (key, html) of `documents` printed, as (key, pdf), in their order. The
    documents are read lazily: a few per process ahead of the PDFs given back."""
    if processes <= 1:
        printer = Printer(css)
        for key, html in documents:
            yield key, printer.pdf(html)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(css,),
    ) as pool:
        pending: deque = deque()
        for key, html in documents:
            pending.append((key, pool.submit(_print, html)))
            if len(pending) >= processes * IN_FLIGHT_PER_PROCESS:
                done_key, future = pending.popleft()
                yield done_key, future.result()
        while pending:
            done_key, future = pending.popleft()
            yield done_key, future.result()
