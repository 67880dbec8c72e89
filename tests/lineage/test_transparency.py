"""Per-customer transparency reports over recorded gate runs: JSON, Markdown, HTML (the HTML in
a headless Chromium: self-contained, chart drawn, prints), and the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from datarights.cli.main import main
from datarights.enforce.model import Decision
from datarights.enforce.runs import RunRecord
from datarights.report.transparency import build_report, records_chart, render, report_html, report_json
from tests.chromium import launch_chromium, requires_chromium


def _audit(customer: str, matches: int, memorised: bool) -> dict[str, Any]:
    """A leakage audit in the documented `datarights.audit/1` shape."""
    return {
        "schema": "datarights.audit/1",
        "generated_at": "2026-03-02T10:00:00+00:00",
        "tool": {"name": "datarights", "version": "0.1.0"},
        "policies": {},
        "regurgitation": {
            "parameters": {"min_chars": 50, "shingle_bytes": 32, "stride": 1, "normalisation": "nfkc"},
            "inputs": {"records": [], "outputs": {"path": "o", "sha256": "0" * 64, "bytes": 1}},
            "stats": {},
            "customers": {
                customer: {
                    "records": {"admitted": 10, "rejected": 3},
                    "outputs_with_match": matches,
                    "longest_span": 120 if matches else 0,
                    "matches_rejected_records": 1 if matches else 0,
                    "matches": [],
                }
            },
        },
        "canaries": {
            "parameters": {},
            "seconds": 1.0,
            "customers": {
                customer: {
                    "canaries": 8,
                    "max_exposure": 21.5 if memorised else 2.0,
                    "mean_exposure": 9.0,
                    "threshold": 16.0,
                    "memorised": memorised,
                    "exposures": [],
                }
            },
        },
    }


@pytest.fixture(scope="module")
def audited_runs(
    tmp_path_factory: pytest.TempPathFactory, recorded_runs: tuple[Path, list[RunRecord]]
) -> tuple[Path, list[RunRecord]]:
    """A copy of the recorded runs with audits on two of them, and one broken audit file."""
    source, recorded = recorded_runs
    runs = tmp_path_factory.mktemp("audited") / "runs"
    shutil.copytree(source, runs)
    for run, matches, memorised in ((recorded[1], 2, True), (recorded[6], 0, False)):
        folder = runs / run.run_id / "audit"
        folder.mkdir()
        (folder / "leakage.json").write_text(json.dumps(_audit("initech", matches, memorised)))
    (runs / recorded[6].run_id / "audit" / "broken.json").write_text("{not json")
    return runs, recorded


def test_json_report_counts_every_run_for_the_customer(audited_runs: tuple[Path, list[RunRecord]]) -> None:
    runs, recorded = audited_runs
    report = report_json(build_report(runs, "initech"))
    assert report["schema"] == "datarights.transparency/1"
    assert [r["run_id"] for r in report["runs"]] == [r.run_id for r in recorded]
    for entry, run in zip(report["runs"], recorded, strict=True):
        assert entry["records"] == run.total("initech")
        assert entry["admitted"] == run.total("initech", Decision.ADMIT)
        assert entry["rejected"] == run.total("initech", Decision.REJECT)
        assert entry["admitted"] + entry["admitted_deidentified"] + entry["rejected"] == entry["records"]
    assert report["totals"]["records"] == sum(r.total("initech") for r in recorded)
    assert report["runs"][0]["policy"]["permission"] == "allowed"
    assert report["runs"][3]["policy"]["permission"] == "conditional"
    assert report["runs"][3]["deidentification"]["residual_risk"]["leak_rate"] is not None
    assert report["runs"][1]["audits"][0]["regurgitation"]["outputs_with_match"] == 2
    assert report["runs"][1]["audits"][0]["canaries"]["memorised"] is True
    assert report["runs"][6]["audits"][0]["canaries"]["memorised"] is False
    assert len(report["problems"]) == 1 and "broken.json" in report["problems"][0]


def test_a_forbidding_contract_is_quoted_with_its_clause(audited_runs: tuple[Path, list[RunRecord]]) -> None:
    runs, _ = audited_runs
    report = build_report(runs, "acme")
    training = report.runs[0]
    assert training.permission == "forbidden" and training.admitted == training.deidentified == 0
    text = render(report, "md")
    assert "**forbidden**" in text and "> **7.2 Model Improvement**" in text
    assert "the contract forbids this use" in text


def test_the_period_and_unknown_customers_select_runs(audited_runs: tuple[Path, list[RunRecord]]) -> None:
    runs, recorded = audited_runs
    day = recorded[0].started_at.date()
    assert len(build_report(runs, "initech", day, day).runs) == 10
    assert build_report(runs, "initech", date(2000, 1, 1), date(2000, 12, 31)).runs == ()
    assert build_report(runs, "nobody").runs == ()
    assert "No run in this period" in report_html(build_report(runs, "nobody"))
    with pytest.raises(Exception, match="after"):
        build_report(runs, "initech", date(2026, 2, 1), date(2026, 1, 1))


def test_chart_bars_are_proportional() -> None:
    from datetime import UTC, datetime

    from datarights.enforce.runs import RunStatus
    from datarights.report.transparency import RunEntry

    def entry(admitted: int, rejected: int) -> RunEntry:
        return RunEntry(
            "r", "", "", "analytics", datetime(2026, 1, 1, tzinfo=UTC), date(2026, 1, 1), RunStatus.COMPLETED,
            "local", admitted, 0, rejected, (), None, None, None, (), (), (), None, (), (),
        )  # fmt: skip

    chart = records_chart([entry(100, 0), entry(25, 25)])
    first, second = chart.bars
    height = {css: h for css, _, h, _ in first.segments}
    assert height["admitted"] == pytest.approx(chart.baseline - 12)  # 100 is the top of the axis
    second_heights = {css: h for css, _, h, _ in second.segments}
    assert second_heights["admitted"] == pytest.approx(second_heights["rejected"])
    assert second_heights["admitted"] == pytest.approx(height["admitted"] / 4)


def test_cli_writes_each_format(audited_runs: tuple[Path, list[RunRecord]], tmp_path: Path) -> None:
    runs, _ = audited_runs
    for fmt in ("html", "md", "json"):
        out = tmp_path / f"initech.{fmt}"
        result = CliRunner().invoke(
            main,
            ["transparency", "--customer", "initech", "--runs", str(runs), "--format", fmt, "-o", str(out)],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    assert json.loads((tmp_path / "initech.json").read_text())["customer"] == "initech"
    missing = CliRunner().invoke(main, ["transparency", "--customer", "x", "--runs", str(tmp_path / "none")])
    assert missing.exit_code != 0 and "no such runs folder" in missing.output


def test_cli_indexes_runs(audited_runs: tuple[Path, list[RunRecord]], tmp_path: Path) -> None:
    runs, _ = audited_runs
    result = CliRunner().invoke(main, ["runs", "index", "--runs", str(runs), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 0 and "indexed 10 runs" in result.output


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as launched:
        yield launched


@requires_chromium
def test_html_report_in_chromium(
    browser: Any, audited_runs: tuple[Path, list[RunRecord]], tmp_path: Path
) -> None:
    runs, recorded = audited_runs
    path = tmp_path / "initech.html"
    path.write_text(render(build_report(runs, "initech"), "html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: (
            problems.append(f"external request: {r.url}")
            if not r.url.startswith(("file:", "data:"))
            else None
        ),
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    summary = page.locator("#summary")
    assert summary.is_visible()
    box = summary.bounding_box()
    assert box is not None and box["y"] < 300
    # One bar per run, drawn with a real size, in time order.
    assert page.locator("svg.chart g.bar").count() == len(recorded)
    chart = page.locator("svg.chart").bounding_box()
    assert chart is not None and chart["width"] > 400 and chart["height"] > 100
    heights = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart g.bar')].map(
               g => [...g.querySelectorAll('rect')].reduce((s, r) => s + r.getBBox().height, 0))"""
    )
    assert all(h > 0 for h in heights) and heights[-1] > heights[0]  # later runs read more records
    missing = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
               .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))"""
    )
    assert missing == []
    page.locator("table.runs a").nth(1).click()
    assert page.locator(f"#run-{recorded[1].run_id} .audit.leak").is_visible()
    page.screenshot(path="/tmp/datarights-transparency-screen.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/datarights-transparency-print.png")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    assert problems == []
    page.close()


def test_a_clause_is_quoted_once_per_run(audited_runs: tuple[Path, list[RunRecord]]) -> None:
    runs, _ = audited_runs
    analytics = build_report(runs, "acme").runs[3]
    spans = [(c.contract_sha256, c.start, c.end) for c in analytics.cited()]
    assert spans and len(spans) == len(set(spans))
    assert len(analytics.clauses) > len(spans)  # the policy cites 7.3 for more than one term
