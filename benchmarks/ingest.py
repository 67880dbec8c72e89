"""Ingest throughput per format, and our PDF path against raw pypdfium2 text.

Run: .venv/bin/python benchmarks/ingest.py  → benchmarks/results/ingest.json

- Per format over ../shared/corpus: MB of extracted text per second and (for
  PDF) pages per second, for ingest alone and for ingest + structure. Formats
  whose reader does not import yet are skipped with a note.
- A generated 200-page PDF (reportlab) and, if the DOCX reader exists, a
  200-page DOCX (python-docx).
- The PDF files read three ways: raw pypdfium2 text per page, our ingest, and
  ingest + structure; the ratios say what our layout work costs.

Each timing is the best of --repeat runs, since a shared machine is noisy.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium

from datarights.errors import IngestError
from datarights.ingest import load
from datarights.structure import build_document

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATARIGHTS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
RESULTS = REPO / "benchmarks" / "results" / "ingest.json"
GENERATED_PAGES = 200

# Format → (reader module, file suffixes).
FORMATS = {
    "pdf": ("datarights.ingest.pdf", (".pdf",)),
    "docx": ("datarights.ingest.docx", (".docx",)),
    "markdown": ("datarights.ingest.markdown", (".md", ".markdown")),
    "html": ("datarights.ingest.html", (".html", ".htm")),
    "text": ("datarights.ingest.text", (".txt",)),
}


@dataclass(frozen=True)
class Pass:
    seconds: float
    text_bytes: int
    pages: int
    failures: int


def best_of(repeat: int, run: Callable[[], Pass]) -> Pass:
    return min((run() for _ in range(repeat)), key=lambda result: result.seconds)


def read_all(paths: list[Path], structure: bool) -> Pass:
    started = time.perf_counter()
    text_bytes = pages = failures = 0
    for path in paths:
        try:
            raw = load(path)
        except IngestError:
            failures += 1
            continue
        text = build_document(raw).text if structure else "\n\n".join(block.text for block in raw.blocks)
        text_bytes += len(text.encode("utf-8"))
        pages += raw.page_count or 0
    return Pass(time.perf_counter() - started, text_bytes, pages, failures)


def read_with_pypdfium2(paths: list[Path]) -> Pass:
    started = time.perf_counter()
    text_bytes = pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            text_bytes += len(textpage.get_text_range().encode("utf-8"))
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return Pass(time.perf_counter() - started, text_bytes, pages, 0)


def summary(result: Pass, files: int) -> dict[str, float | int]:
    out: dict[str, float | int] = {
        "files": files,
        "seconds": round(result.seconds, 3),
        "text_mb": round(result.text_bytes / 1e6, 3),
        "text_mb_per_second": round(result.text_bytes / 1e6 / result.seconds, 3),
    }
    if result.pages:
        out["pages"] = result.pages
        out["pages_per_second"] = round(result.pages / result.seconds, 1)
    if result.failures:
        out["failures"] = result.failures
    return out


def reader_missing(module: str) -> str | None:
    try:
        importlib.import_module(module)
    except ImportError as error:
        return f"reader not available yet ({error})"
    return None


def corpus_files(suffixes: tuple[str, ...]) -> list[Path]:
    # cuad/txt and docx/ref are reference renderings, but still fair text to read.
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix.lower() in suffixes and path.name != "README.md"
    )


def bench_formats(repeat: int, notes: list[str]) -> dict[str, object]:
    results: dict[str, object] = {}
    for name, (module, suffixes) in FORMATS.items():
        missing = reader_missing(module)
        paths = corpus_files(suffixes)
        if missing or not paths:
            note = missing or "no corpus files"
            notes.append(f"{name}: skipped, {note}")
            results[name] = {"skipped": note}
            continue
        results[name] = {
            "ingest": summary(best_of(repeat, partial(read_all, paths, structure=False)), len(paths)),
            "ingest_and_structure": summary(
                best_of(repeat, partial(read_all, paths, structure=True)), len(paths)
            ),
        }
    return results


def compare_with_pypdfium2(paths: list[Path], repeat: int) -> dict[str, object]:
    raw = best_of(repeat, partial(read_with_pypdfium2, paths))
    ingest = best_of(repeat, partial(read_all, paths, structure=False))
    full = best_of(repeat, partial(read_all, paths, structure=True))
    return {
        "files": len(paths),
        "pypdfium2_text": summary(raw, len(paths)),
        "ingest": summary(ingest, len(paths)),
        "ingest_and_structure": summary(full, len(paths)),
        "ratio_ingest_to_pypdfium2": round(ingest.seconds / raw.seconds, 2),
        "ratio_ingest_and_structure_to_pypdfium2": round(full.seconds / raw.seconds, 2),
    }


def generate_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14, spaceAfter=8)
    clause = (
        "Provider shall process Customer Data only to provide the Services and shall not use it to train "
        "machine learning models, except aggregated statistics that do not identify Customer or any person."
    )
    story: list[Flowable] = []
    for page in range(1, GENERATED_PAGES + 1):
        story.extend(Paragraph(f"{page}.{n} {clause}", body) for n in range(1, 9))
        story.append(PageBreak())

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.drawString(72, 30, f"Master Services Agreement - Page {document.page}")

    SimpleDocTemplate(str(path), pagesize=LETTER).build(story, onFirstPage=footer, onLaterPages=footer)


def generate_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for page in range(1, GENERATED_PAGES + 1):
        document.add_heading(f"{page}. Data Use", level=2)
        for n in range(1, 8):
            document.add_paragraph(
                f"{page}.{n} Provider shall process Customer Data only to provide the Services and shall not "
                "use it to train machine learning models without Customer's prior written consent."
            )
        document.add_page_break()  # type: ignore[no-untyped-call]
    document.save(str(path))


def bench_generated(workdir: Path, repeat: int, notes: list[str]) -> dict[str, object]:
    results: dict[str, object] = {}
    makers: dict[str, tuple[str, Callable[[Path], None], str]] = {
        "pdf_200_pages": ("datarights.ingest.pdf", generate_pdf, "contract.pdf"),
        "docx_200_pages": ("datarights.ingest.docx", generate_docx, "contract.docx"),
    }
    for name, (module, make, filename) in makers.items():
        missing = reader_missing(module)
        if missing:
            notes.append(f"{name}: skipped, {missing}")
            results[name] = {"skipped": missing}
            continue
        path = workdir / filename
        try:
            make(path)
        except ImportError as error:
            notes.append(f"{name}: skipped, cannot generate ({error})")
            results[name] = {"skipped": str(error)}
            continue
        result: dict[str, object] = {
            "generated_pages": GENERATED_PAGES,
            "ingest": summary(best_of(repeat, partial(read_all, [path], structure=False)), 1),
            "ingest_and_structure": summary(best_of(repeat, partial(read_all, [path], structure=True)), 1),
        }
        if filename.endswith(".pdf"):
            result["vs_pypdfium2"] = compare_with_pypdfium2([path], repeat)
        results[name] = result
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    args = parser.parse_args()
    notes: list[str] = []
    results: dict[str, object] = {
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "repeat": args.repeat,
    }
    if CORPUS.exists():
        results["corpus"] = str(CORPUS)
        results["formats"] = bench_formats(args.repeat, notes)
        if reader_missing("datarights.ingest.pdf") is None:
            results["pdf_vs_pypdfium2"] = compare_with_pypdfium2(corpus_files((".pdf",)), args.repeat)
    else:
        message = f"{CORPUS} is absent (the corpus lives beside the repository): corpus benchmarks skipped"
        print(f"skipped: {message}")
        notes.append(message)
    with tempfile.TemporaryDirectory() as workdir:
        results["generated"] = bench_generated(Path(workdir), args.repeat, notes)
    results["notes"] = notes
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
