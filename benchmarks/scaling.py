"""How review cost grows with the input: 1, 2, 4, 8 and 16 MB of generated contract text
and a 100,000-paragraph DOCX, one process each. Reviewing text of size N should cost O(N);
the target is at least 2 MB/s per core on large plain text.

The text is the bundled example contract's clauses, renumbered as ever more sections, with
a fresh defined term per section, so sections, definitions, cross-references and evidence
all grow with the size (a repeated block would flatter caches).

Run: PYTHONPATH=src python benchmarks/scaling.py [--sizes 1 2 4] → benchmarks/results/scaling.json
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import resource
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from datarights.detect.engine import review_path
from datarights.ingest import IngestOptions

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "datarights" / "examples" / "ai-services-agreement.md"
RESULTS = REPO / "benchmarks" / "results" / "scaling.json"
_NUMBER = re.compile(r"^(\d+)\.(\d+)\s+")


def _clauses() -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    return [m for m in (p.strip() for p in text.split("\n\n")) if _NUMBER.match(m)]


def contract_text(size: int) -> str:
    """About `size` bytes of numbered contract clauses, each section with its own heading,
    defined term and cross-reference."""
    clauses = _clauses()
    out = ["MASTER AI SERVICES AGREEMENT\n\n"]
    written = len(out[0])
    section = 0
    while written < size:
        section += 1
        parts = [f"{section}. Section {section} Terms\n\n"]
        parts.append(
            f"{section}.1 “Covered Material {section}” means Customer Data processed under "
            f"Order Form {section}, as described in Section {max(section - 1, 1)}.2.\n\n"
        )
        for offset in range(6):
            clause = clauses[(section * 7 + offset) % len(clauses)]
            body = _NUMBER.sub("", clause)
            parts.append(f"{section}.{offset + 2} {body} Covered Material {section} is included.\n\n")
        block = "".join(parts)
        out.append(block)
        written += len(block.encode("utf-8"))
    return "".join(out)


def wrapped_text(size: int) -> str:
    """The same clauses as one hard-wrapped run of prose (72-column lines, no blank lines,
    no clause numbers): a plain-text export that ingest reads as one long paragraph."""
    prose = re.sub(r"\d+(?:\.\d+)*\.? ", "", contract_text(size).replace("\n\n", " "))
    return "\n".join(textwrap.wrap(prose, 72))


def docx_bytes(paragraphs: int) -> bytes:
    """A minimal valid DOCX with `paragraphs` body paragraphs of contract text."""
    # One sentence per paragraph: a long Word contract is many short paragraphs.
    clauses = [_NUMBER.sub("", c).split(". ")[0].rstrip(".") + "." for c in _clauses()]
    body = "".join(
        f"<w:p><w:r><w:t>{index // 10 + 1}.{index % 10 + 1} {escape(clauses[index % len(clauses)])}</w:t></w:r></w:p>"
        for index in range(paragraphs)
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", rels)
        package.writestr("word/document.xml", document)
    return out.getvalue()


def measure(path: Path) -> dict[str, float | int | str]:
    started = time.perf_counter()
    cpu = time.process_time()
    review = review_path(path, IngestOptions(max_bytes=200 * 1024 * 1024))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    size = path.stat().st_size
    text_mb = len(review.document.text.encode("utf-8")) / 1e6
    return {
        "file": path.suffix.lstrip("."),
        "file_mb": round(size / 1e6, 2),
        "text_mb": round(text_mb, 2),
        "paragraphs": len(review.document.paragraphs),
        "sections": len(review.document.sections),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "text_mb_per_cpu_second": round(text_mb / max(cpu_seconds, 1e-9), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 2, 4, 8, 16], help="MB of text")
    parser.add_argument("--wrapped-sizes", type=float, nargs="*", default=[2, 8], help="MB, hard-wrapped")
    parser.add_argument("--docx-paragraphs", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.sizes:
            path = Path(folder) / f"contract-{megabytes:g}mb.txt"
            path.write_text(contract_text(int(megabytes * 1e6)), encoding="utf-8")
            runs.append({"target_mb": megabytes, **measure(path)})
            print(json.dumps(runs[-1]), file=sys.stderr)
        for megabytes in args.wrapped_sizes:
            path = Path(folder) / f"wrapped-{megabytes:g}mb.txt"
            path.write_text(wrapped_text(int(megabytes * 1e6)), encoding="utf-8")
            runs.append({"target_mb": megabytes, "variant": "hard-wrapped, one paragraph", **measure(path)})
            print(json.dumps(runs[-1]), file=sys.stderr)
        if args.docx_paragraphs:
            path = Path(folder) / "contract.docx"
            path.write_bytes(docx_bytes(args.docx_paragraphs))
            runs.append({"docx_paragraphs": args.docx_paragraphs, **measure(path)})
            print(json.dumps(runs[-1]), file=sys.stderr)
    payload = {
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
        # CPU seconds are the measure: the machine is shared, so wall seconds vary with its load.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    # Earlier figures recorded under "before_…" keys stay beside the new ones, for comparison.
    if args.output.exists():
        previous = json.loads(args.output.read_text(encoding="utf-8"))
        payload.update({k: v for k, v in previous.items() if k.startswith("before_")})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
