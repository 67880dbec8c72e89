"""Mutation fuzzing of the ingest boundary, shared by the CI test and `benchmarks/fuzz.py`.

Seeds are real documents (the shared corpus, the bundled examples, generated DOCX/PDF/HTML);
a mutation is a short list of `Op`s, each a few integers, so hypothesis (in the tests) and a
seeded `random.Random` (in the long benchmark run) drive exactly the same code. Besides blind
byte edits there are structure-aware ones for zip packages (rewrite a header field such as
"version needed to extract" or the compression method; replace a part with a mutated one),
because those are what byte flips almost never reach.

`check` runs one input through `load_bytes` and, for a share of the readable ones, the whole
review; the only exceptions allowed out are `DatarightsError`s.
"""

from __future__ import annotations

import enum
import io
import random
import struct
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from datarights.errors import DatarightsError
from datarights.ingest.api import load_bytes
from datarights.ingest.options import IngestOptions

FORMATS = ("pdf", "docx", "html", "md", "txt")
_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "md": ".md", "txt": ".txt"}
# Seeds above this size make each try slow without finding more.
MAX_SEED_BYTES = 400_000


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    fmt: str
    data: bytes


class Kind(enum.IntEnum):
    FLIP = 0  # xor one byte
    SET = 1  # overwrite a run of bytes with one value
    INSERT = 2  # insert interesting bytes
    DELETE = 3  # cut a range
    DUPLICATE = 4  # repeat a range (nesting, repeated structures)
    TRUNCATE = 5
    SPLICE = 6  # graft the tail of another seed
    ZIP_FIELD = 7  # rewrite a zip header field (version, flags, method, sizes, offsets)
    ZIP_PART = 8  # mutate one part's bytes and re-pack it validly
    TEXT = 9  # insert a hostile text fragment (markup, numbering, huge tokens)


@dataclass(frozen=True, slots=True)
class Op:
    kind: Kind
    a: int  # position-like, taken modulo the current length
    b: int  # length / value-like
    c: int  # selector (which field, which fragment, which seed)


_INTERESTING = (
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x80\x81\xfe",
    b"<",
    b">",
    b"&",
    b"&#x0;",
    b"]]>",
    b"<!DOCTYPE a [<!ENTITY e 'x'>]>",
    b"obj\n<< /Type /Page >>\nendobj",
    b"stream\nxref\n",
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"\r\n",
    b"\n\n",
    b"\xf0\x9f",
    b"%PDF-1.7",
)
_FRAGMENTS = (
    b"1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1 Definitions.",
    b"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)",
    b'"Customer Data" means "Customer Data" means "Customer Data" means',
    b"<div>" * 400,
    b"<table><tr><td>" * 60,
    b"> " * 200 + b"quote",
    b"- " * 200 + b"item",
    b"#" * 40 + b" heading",
    b"[" * 300 + b"x" + b"]" * 300,
    b"*" * 500,
    b"`" * 300,
    b"a" * 20_000,
    b". " * 5_000,
    "\u202e\u200b\u00a7 4.3(b) \ufeff".encode(),
    b"<w:p><w:r><w:t>" * 50,
    b"Section 12.3(a)(ii) of Schedule B, Annex 4, Appendix 7.",
)

# (offset within a header, struct format) for the fields worth corrupting.
_LOCAL_FIELDS = ((4, "<H"), (6, "<H"), (8, "<H"), (18, "<I"), (22, "<I"), (26, "<H"), (28, "<H"))
_CENTRAL_FIELDS = (
    (4, "<H"),
    (6, "<H"),  # version needed to extract: > 6.3 made zipfile raise NotImplementedError
    (8, "<H"),  # flags: bit 0 encrypted, bit 5 compressed patched data, bit 6 strong encryption
    (10, "<H"),  # compression method
    (20, "<I"),
    (24, "<I"),
    (28, "<H"),
    (30, "<H"),
    (42, "<I"),  # local header offset
)
_FIELD_VALUES = (0, 1, 8, 9, 12, 14, 20, 45, 63, 64, 99, 0x21, 0x40, 0x41, 0xFFFF, 0xFFFFFFFF)


def _pos(data: bytes, a: int) -> int:
    return a % (len(data) + 1)


def apply(data: bytes, op: Op, seeds: Sequence[Seed]) -> bytes:
    """One mutation; never raises."""
    kind = op.kind
    if kind is Kind.FLIP:
        if not data:
            return data
        i = op.a % len(data)
        return data[:i] + bytes([data[i] ^ (1 + op.b % 255)]) + data[i + 1 :]
    if kind is Kind.SET:
        i = _pos(data, op.a)
        n = 1 + op.b % 16
        return data[:i] + bytes([op.c % 256]) * n + data[i + n :]
    if kind is Kind.INSERT:
        i = _pos(data, op.a)
        return data[:i] + _INTERESTING[op.c % len(_INTERESTING)] * (1 + op.b % 4) + data[i:]
    if kind is Kind.DELETE:
        i = _pos(data, op.a)
        return data[:i] + data[i + 1 + op.b % 512 :]
    if kind is Kind.DUPLICATE:
        i = _pos(data, op.a)
        chunk = data[i : i + 1 + op.b % 256]
        return data[:i] + chunk * (2 + op.c % 8) + data[i:]
    if kind is Kind.TRUNCATE:
        return data[: _pos(data, op.a)]
    if kind is Kind.SPLICE:
        other = seeds[op.c % len(seeds)].data
        return data[: _pos(data, op.a)] + other[_pos(other, op.b) :][:65_536]
    if kind is Kind.ZIP_FIELD:
        return _zip_field(data, op)
    if kind is Kind.ZIP_PART:
        return _zip_part(data, op, seeds)
    i = _pos(data, op.a)
    return data[:i] + _FRAGMENTS[op.c % len(_FRAGMENTS)] + data[i:]


def _zip_field(data: bytes, op: Op) -> bytes:
    central = op.c % 2 == 0
    marker, fields = (b"PK\x01\x02", _CENTRAL_FIELDS) if central else (b"PK\x03\x04", _LOCAL_FIELDS)
    starts: list[int] = []
    at = data.find(marker)
    while at != -1 and len(starts) < 64:
        starts.append(at)
        at = data.find(marker, at + 4)
    if not starts:
        return data
    start = starts[op.a % len(starts)]
    offset, fmt = fields[(op.c // 2) % len(fields)]
    where = start + offset
    size = struct.calcsize(fmt)
    if where + size > len(data):
        return data
    value = _FIELD_VALUES[op.b % len(_FIELD_VALUES)] & (0xFFFF if fmt == "<H" else 0xFFFFFFFF)
    return data[:where] + struct.pack(fmt, value) + data[where + size :]


def _zip_part(data: bytes, op: Op, seeds: Sequence[Seed]) -> bytes:
    """Re-pack the package with one part mutated by a nested byte/text op (valid zip, bad XML)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            parts = [(info, package.read(info)) for info in package.infolist()]
    except Exception:  # the input is already broken: mutate it blindly instead
        return apply(data, Op(Kind.FLIP, op.a, op.b, op.c), seeds)
    if not names:
        return data
    target = op.c % len(parts)
    nested = Op(Kind(op.b % 7 if op.b % 7 != Kind.SPLICE else Kind.TEXT), op.a, op.b // 7, op.c // 7)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for index, (info, body) in enumerate(parts):
            package.writestr(info.filename, apply(body, nested, seeds) if index == target else body)
    return out.getvalue()


def mutate(seed: Seed, ops: Sequence[Op], seeds: Sequence[Seed]) -> bytes:
    data = seed.data
    for op in ops:
        data = apply(data, op, seeds)
    return data


def random_ops(rng: random.Random, fmt: str) -> list[Op]:
    kinds = list(Kind)
    if fmt == "docx":  # structure-aware ops are where zip bugs hide
        kinds += [Kind.ZIP_FIELD, Kind.ZIP_PART, Kind.ZIP_PART]
    return [
        Op(rng.choice(kinds), rng.getrandbits(32), rng.getrandbits(24), rng.getrandbits(16))
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5, 8)))
    ]


# --- running one input -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    fmt: str
    seconds: float  # CPU seconds: the bound must hold on a loaded, shared machine too
    wall_seconds: float
    size: int
    error: str | None  # DatarightsError class name, or None when it was read
    escaped: BaseException | None  # anything else: a bug


def check(fmt: str, data: bytes, *, review: bool = False) -> Outcome:
    """Ingest `data` as a `fmt` file (and review it when asked); never raises."""
    path = Path(f"fuzzed{_SUFFIX[fmt]}")
    options = IngestOptions(max_bytes=8 * 1024 * 1024, ocr=False)
    started = time.perf_counter()
    cpu = time.process_time()
    error: str | None = None
    escaped: BaseException | None = None
    try:
        raw = load_bytes(path, data, options)
        if review:
            from datarights.detect.engine import review_document
            from datarights.structure.build import build_document

            review_document(build_document(raw))
    except DatarightsError as problem:
        error = type(problem).__name__
    except Exception as problem:  # the fuzzer's finding
        escaped = problem
    return Outcome(fmt, time.process_time() - cpu, time.perf_counter() - started, len(data), error, escaped)


def seconds_allowed(size: int) -> float:
    """Generous bound (a shared, loaded machine): 3 s plus 3 s per MB."""
    return 3.0 + 3.0 * size / 1e6


# --- seeds ---------------------------------------------------------------------------------


def _fmt_of(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html", "markdown": "md", "text": "txt"}.get(suffix, suffix if suffix in FORMATS else None)


def corpus_seeds(corpus: Path, per_format: int = 6) -> list[Seed]:
    """The smallest few files of each format under `corpus` (small seeds mutate fastest)."""
    by_format: dict[str, list[Path]] = {fmt: [] for fmt in FORMATS}
    if corpus.is_dir():
        for path in corpus.rglob("*"):
            fmt = _fmt_of(path)
            if fmt and path.is_file() and path.stat().st_size <= MAX_SEED_BYTES:
                by_format[fmt].append(path)
    seeds = []
    for fmt, paths in by_format.items():
        for path in sorted(paths, key=lambda p: (p.stat().st_size, str(p)))[:per_format]:
            seeds.append(Seed(f"corpus:{path.name}", fmt, path.read_bytes()))
    return seeds


def project_seeds(examples: Path) -> list[Seed]:
    """The bundled examples plus generated documents, so the harness works without the corpus."""
    seeds = [
        Seed(f"example:{path.name}", fmt, path.read_bytes())
        for path in sorted(examples.iterdir())
        if (fmt := _fmt_of(path))
    ]
    html = (
        b"<!doctype html><html><head><title>Terms</title></head><body><h1>Terms of Service</h1>"
        b"<h2>1. Your Content</h2><p>We may use <b>Customer Data</b> to train our models.</p>"
        b"<ol><li>Retention: 30 days.</li><li>Audit &amp; review.</li></ol>"
        b"<table><tr><td>Term</td><td>Meaning</td></tr></table></body></html>"
    )
    text = (
        b'MASTER SERVICES AGREEMENT\n\n1. Definitions\n1.1 "Customer Data" means data you upload.\n\n'
        b"2. Use of Data\n2.1 Provider shall not use Customer Data to train models.\n"
        b"(a) except with consent; (b) aggregated data may be retained for 30 days.\n"
    )
    example_md = examples / "ai-services-agreement.md"
    if example_md.is_file():  # the example contract as a plain HTML page: a realistic HTML seed
        paragraphs = [line for line in example_md.read_bytes().splitlines() if line.strip()]
        body = b"".join(
            b"<h2>" + line.lstrip(b"# ") + b"</h2>" if line.startswith(b"#") else b"<p>" + line + b"</p>"
            for line in paragraphs
        )
        seeds.append(
            Seed("example:ai-services-agreement.html", "html", b"<html><body>" + body + b"</body></html>")
        )
    seeds += [Seed("generated:terms.html", "html", html), Seed("generated:msa.txt", "txt", text)]
    seeds += [Seed("generated:msa.md", "md", b"# Agreement\n\n## 1. Data\n\n" + text)]
    return seeds


def all_seeds(corpus: Path, examples: Path) -> list[Seed]:
    return project_seeds(examples) + corpus_seeds(corpus)
