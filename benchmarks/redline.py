"""Closed-loop redline benchmark: redline → accept all → review and assess the accepted text.

For every DOCX and Markdown contract in ../shared/corpus/templates and
../shared/corpus/docx and a fixed sample of ../shared/corpus/contrib, with each
built-in playbook, it reports the not-acceptable answers fixed, the findings
made worse, the definitions lost and the edits placed outside the main body
(see `datarights.redline.loop`).

Run: PYTHONPATH=src python benchmarks/redline.py [--out benchmarks/results/redline.json] [--templates-only]
     [--match TEXT] [--libreoffice]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from datarights.assess.playbook import load_playbook
from datarights.detect.engine import review_document
from datarights.redline.loop import LoopResult, closed_loop
from datarights.structure import read_document

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = REPO / "benchmarks" / "results" / "redline.json"
PLAYBOOKS = ("buyer", "privacy", "vendor")
CONTRIB_EVERY = 5  # every fifth contrib document, in path order: a fixed, spread sample
CONTRIB_MAX_BYTES = 200_000  # the few very long captures add minutes and no new kind of contract


UNO_SCRIPT = REPO / "tests" / "redline" / "lo_uno.py"


def libreoffice_accept_all(data: bytes) -> str:
    """Text of a redlined DOCX after LibreOffice's own Accept All (UNO, run by the system python3)."""
    with tempfile.TemporaryDirectory(prefix="datarights-lo-") as tmp:
        folder = Path(tmp)
        source = folder / "in.docx"
        # LibreOffice 7.4 crashes loading comments over UNO in hidden mode; comments change no text.
        with zipfile.ZipFile(io.BytesIO(data)) as package, zipfile.ZipFile(source, "w") as out:
            for name in package.namelist():
                content = package.read(name)
                if name == "word/document.xml":
                    text = content.decode("utf-8")
                    text = re.sub(r"<w:commentRange(?:Start|End) [^>]*/>", "", text)
                    text = re.sub(
                        r"<w:r>(?:(?!</w:r>).)*?<w:commentReference [^>]*/></w:r>", "", text, flags=re.S
                    )
                    content = text.encode("utf-8")
                out.writestr(name, content)
        subprocess.run(
            ["/usr/bin/python3", str(UNO_SCRIPT), str(source), str(folder), str(folder / "profile")],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return (folder / "accept.txt").read_text(encoding="utf-8-sig")


def libreoffice_available() -> bool:
    if shutil.which("soffice") is None or not Path("/usr/bin/python3").exists():
        return False
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


def contracts(corpus: Path, templates_only: bool = False) -> list[Path]:
    chosen = sorted(p for p in (corpus / "templates").glob("*") if p.suffix in (".md", ".docx"))
    if templates_only:
        return chosen
    chosen += sorted((corpus / "docx").glob("*.docx"))
    contrib = sorted(p for p in (corpus / "contrib").rglob("*.md") if p.stat().st_size <= CONTRIB_MAX_BYTES)
    chosen += contrib[::CONTRIB_EVERY]
    return chosen


def summarise(results: list[LoopResult]) -> dict[str, object]:
    na = sum(r.not_acceptable_before for r in results)
    fixed = sum(len(r.fixed) for r in results)
    na_checks = sum(r.not_acceptable_checks_before for r in results)
    fixed_checks = sum(len(r.fixed_checks) for r in results)
    worse = [s for r in results for s in r.worse]
    return {
        "runs": len(results),
        "addenda": sum(r.instrument == "addendum" for r in results),
        "question_not_acceptable_before": na,
        "question_fixed": fixed,
        "question_fixed_share": round(fixed / na, 3) if na else None,
        # Not asked by design: a consumer relationship gets no processor clause.
        "question_not_asked": sum(len(r.not_asked) for r in results),
        "question_fixed_share_of_asked": (
            round(fixed / (na - sum(len(r.not_asked) for r in results)), 3)
            if na > sum(len(r.not_asked) for r in results)
            else None
        ),
        "check_not_acceptable_before": na_checks,
        "check_fixed": fixed_checks,
        "check_fixed_share": round(fixed_checks / na_checks, 3) if na_checks else None,
        "findings_made_worse": len(worse),
        "questions_made_worse": sum(s.kind.value == "question" for s in worse),
        "worse_by_finding": dict(Counter(s.finding for s in worse).most_common()),
        "definitions_lost": sum(len(r.definitions_lost) for r in results),
        "definitions_edited": sum(len(r.definitions_edited) for r in results),
        "edits_outside_main_body": sum(len(r.outside_main_body) for r in results),
        "libreoffice_accept_all_checked": sum(r.libreoffice_agrees is not None for r in results),
        "libreoffice_accept_all_agrees": sum(r.libreoffice_agrees is True for r in results),
    }


def run(paths: list[Path], corpus: Path, libreoffice: bool = False) -> dict[str, object]:
    started = time.perf_counter()
    results: list[LoopResult] = []
    failures: list[dict[str, str]] = []
    for path in paths:
        try:
            review = review_document(read_document(path))
        except Exception as error:  # one unreadable file must not end the run
            failures.append(
                {"path": str(path.relative_to(corpus)), "error": f"{type(error).__name__}: {error}"}
            )
            continue
        for name in PLAYBOOKS:
            try:
                results.append(
                    closed_loop(
                        path,
                        load_playbook(name),
                        review=review,
                        libreoffice=libreoffice_accept_all if libreoffice else None,
                    )
                )
            except Exception as error:
                failures.append(
                    {
                        "path": str(path.relative_to(corpus)),
                        "playbook": name,
                        "error": f"{type(error).__name__}: {error}",
                    }
                )
    per_run = []
    for r in results:
        row = asdict(r)
        row["path"] = str(Path(r.path).relative_to(corpus))
        row["worse"] = [f"{s.finding}: {s.before.value} → {s.after.value}" for s in r.worse]
        for key in ("fixed_checks", "notes"):
            row.pop(key)
        per_run.append(row)
    return {
        "corpus": str(corpus),
        "files": len(paths),
        "playbooks": list(PLAYBOOKS),
        "seconds": round(time.perf_counter() - started, 1),
        "summary": summarise(results),
        "by_playbook": {name: summarise([r for r in results if r.playbook == name]) for name in PLAYBOOKS},
        # Tracked changes in negotiated contracts, and addenda to published terms (judged as the
        # deal of terms and addendum, where the addendum's precedence clause makes it control).
        "not_fixed": [
            f"{r.path.removeprefix(str(corpus) + '/')} [{r.playbook}] {line}"
            for r in results
            for line in r.not_fixed
        ],
        "by_instrument": {
            kind: summarise([r for r in results if r.instrument == kind]) for kind in ("redline", "addendum")
        },
        "failures": failures,
        "runs": per_run,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--templates-only", action="store_true")
    parser.add_argument(
        "--match", default="", help="only the contracts whose path (under the corpus) contains this text"
    )
    parser.add_argument(
        "--libreoffice",
        action="store_true",
        help="also accept every redline with LibreOffice's own Accept All (UNO) and compare the text",
    )
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (the corpus lives beside the repository)")
        return 0
    use_lo = args.libreoffice and libreoffice_available()
    if args.libreoffice and not use_lo:
        print(
            "LibreOffice (soffice with python3-uno) is not available: accepting with the OOXML transform only"
        )
    chosen = [p for p in contracts(CORPUS, args.templates_only) if args.match in str(p.relative_to(CORPUS))]
    figures = run(chosen, CORPUS, use_lo)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures["summary"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
