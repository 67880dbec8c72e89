"""A small Word contract that already carries another reviewer's tracked changes and a comment."""

from __future__ import annotations

from pathlib import Path

import docx
from lxml import etree

from datarights.redline.ooxml import W, make_run

PARAGRAPHS = (
    ("Heading 1", "1. Data"),
    (
        None,
        "1.1 Use of Data. Vendor may use Customer Data to train and improve its models for all customers.",
    ),
    (None, "1.2 Security. Vendor will protect Customer Data with reasonable safeguards."),
    (None, "1.3 Audit. Vendor will provide its SOC 2 report on request."),
    ("Heading 1", "2. General"),
    (None, "2.1 Changes. Vendor may change these terms by posting them on its website."),
)


def build_tracked_fixture(path: Path) -> Path:
    """`“Customer Data” means…` definitions plus an insertion, a deletion and a comment by "Other Counsel"."""
    word = docx.Document()
    word.add_paragraph(
        "This Agreement is between Acme Vendor Inc. (“Vendor”) and Beta Buyer LLC (“Customer”)."
    )
    word.add_paragraph("“Customer Data” means data that Customer submits to the services.")
    paragraphs = []
    for style, text in PARAGRAPHS:
        paragraphs.append(word.add_heading(text, level=1) if style else word.add_paragraph(text))
    # Someone else's tracked insertion inside 1.2 and deletion inside 1.3.
    security = paragraphs[2]._p
    ins = etree.SubElement(security, W + "ins")
    for key, value in (("id", "901"), ("author", "Other Counsel"), ("date", "2024-05-01T10:00:00Z")):
        ins.set(W + key, value)
    ins.append(make_run(" It will encrypt Customer Data at rest.", None))
    audit = paragraphs[3]._p
    deleted = etree.SubElement(audit, W + "del")
    for key, value in (("id", "902"), ("author", "Other Counsel"), ("date", "2024-05-01T10:00:00Z")):
        deleted.set(W + key, value)
    run = make_run(" Only once a year.", None)
    run.find(W + "t").tag = W + "delText"
    deleted.append(run)
    word.add_comment(paragraphs[5].runs[0], text="Why posting only?", author="Other Counsel", initials="OC")
    word.save(str(path))
    return path
