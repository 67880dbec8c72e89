"""Ingest throughput per format, and our PDF path against raw pypdfium2 text.

Run: .venv/bin/python benchmarks/ingest.py  → benchmarks/results/ingest.json

- Per format over ../shared/corpus: MB of extracted text per second and (for
  PDF) pages per second, for ingest alone and for ingest + structure. Formats
  whose reader does not import yet are skipped with a note.
- A generated 200-page PDF (reportlab) and, if the DOCX reader exists, a
  200-page DOCX (python-docx).
- A generated terms page in HTML (the corpus has none): the bundled example's
  Markdown rendered with markdown-it, repeated (clauses renumbered) to about 200
  pages of text, inside a realistic page: head with styles and scripts, navigation,
  a cookie banner, inline JSON-LD and analytics, a sidebar table of contents and a
  footer. HTML has no pages, so a page is counted as 3,000 characters of
  extracted text (about one dense contract page).
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
CHARS_PER_PAGE = 3000  # a page of HTML text, for pages/s (HTML has no pages of its own)
EXAMPLE_MD = REPO / "src" / "datarights" / "examples" / "ai-services-agreement.md"

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


_HTML_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Terms of Service | Quillstone AI</title>
<link rel="stylesheet" href="/assets/site.3f9a1c.css">
<style>body{{font:16px/1.5 system-ui}}.cookie{{position:fixed;bottom:0}}nav a{{margin:0 8px}}</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}
gtag('js', new Date());gtag('config','G-XXXX',{{anonymize_ip:true}});</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"WebPage",
"name":"Terms of Service","publisher":{{"@type":"Organization","name":"Quillstone AI"}}}}</script>
</head><body>
<div class="cookie" id="cookie-banner" role="dialog" aria-label="Cookie consent">
<p>We use cookies to improve your experience, analyse traffic and personalise ads.
See our <a href="/cookies">Cookie Policy</a>.</p>
<button id="accept">Accept all</button> <button id="reject">Reject non-essential</button>
<button id="prefs">Manage preferences</button></div>
<header class="site"><a class="logo" href="/">Quillstone AI</a>
<nav aria-label="Main"><a href="/product">Product</a><a href="/pricing">Pricing</a>
<a href="/customers">Customers</a><a href="/docs">Docs</a><a href="/blog">Blog</a>
<a href="/login">Log in</a><a class="cta" href="/signup">Start free trial</a></nav></header>
<div class="layout"><aside class="toc"><h4>On this page</h4><ul>{toc}</ul></aside>
<main id="content"><article class="legal">
<h1>Terms of Service</h1><p class="updated">Last updated: March 3, 2025</p>
"""

_HTML_TAIL = """</article></main></div>
<footer class="site"><div class="cols">
<div><h4>Product</h4><ul><li><a href="/features">Features</a></li><li><a href="/security">Security</a></li>
<li><a href="/status">Status</a></li></ul></div>
<div><h4>Company</h4><ul><li><a href="/about">About</a></li><li><a href="/careers">Careers</a></li>
<li><a href="/press">Press</a></li></ul></div>
<div><h4>Legal</h4><ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li>
<li><a href="/dpa">DPA</a></li><li><a href="/cookies">Cookies</a></li></ul></div></div>
<p>&copy; 2025 Quillstone AI, Inc. All rights reserved.</p></footer>
<script src="/assets/vendor.81bd2e.js" defer></script>
<script>document.getElementById('accept').onclick=function(){{document.cookie='consent=all;path=/';
document.getElementById('cookie-banner').remove();}};</script>
</body></html>
"""


def generate_html(path: Path) -> int:
    """A terms page of about GENERATED_PAGES pages of text; returns its page count
    (extracted characters / CHARS_PER_PAGE, measured after writing)."""
    from markdown_it import MarkdownIt

    source = EXAMPLE_MD.read_text(encoding="utf-8")
    # Drop the example's own title; each copy becomes a numbered part of one long page.
    body_md = "\n".join(line for line in source.splitlines() if not line.startswith("# "))
    renderer = MarkdownIt("commonmark").enable("table")
    copies, toc, parts, chars = 0, [], [], 0
    while chars < GENERATED_PAGES * CHARS_PER_PAGE:
        copies += 1
        toc.append(f'<li><a href="#part-{copies}">Part {copies}</a></li>')
        parts.append(
            f'<section id="part-{copies}"><h2>Part {copies}</h2>\n{renderer.render(body_md)}</section>'
        )
        chars += len(body_md)
    page = _HTML_HEAD.format(toc="".join(toc)) + "\n".join(parts) + _HTML_TAIL
    path.write_text(page, encoding="utf-8")
    text = build_document(load(path)).text
    return max(1, round(len(text) / CHARS_PER_PAGE))


def with_pages(pages: int, run: Callable[[], Pass]) -> Callable[[], Pass]:
    """A pass that reports `pages` (for formats whose reader has no page count)."""

    def counted() -> Pass:
        result = run()
        return Pass(result.seconds, result.text_bytes, result.pages or pages, result.failures)

    return counted


def bench_html(workdir: Path, repeat: int, notes: list[str]) -> dict[str, object]:
    missing = reader_missing("datarights.ingest.html")
    if missing:
        notes.append(f"html_terms_page: skipped, {missing}")
        return {"skipped": missing}
    path = workdir / "terms.html"
    pages = generate_html(path)
    return {
        "generated_pages": pages,
        "chars_per_page": CHARS_PER_PAGE,
        "html_mb": round(path.stat().st_size / 1e6, 3),
        "source": "examples/ai-services-agreement.md rendered (markdown-it) inside nav, cookie banner, scripts, footer",
        "ingest": summary(best_of(repeat, with_pages(pages, partial(read_all, [path], structure=False))), 1),
        "ingest_and_structure": summary(
            best_of(repeat, with_pages(pages, partial(read_all, [path], structure=True))), 1
        ),
    }


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
    results["html_200_pages"] = bench_html(workdir, repeat, notes)
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
