"""A bounded load test of the web app, on loopback only: `datarights serve` in a child
process on a free 127.0.0.1 port, a fixed number of requests from a few client threads,
over a mix of pages, API reads, uploads and requests that must fail cleanly (unknown
document, oversized id). Records p50/p95/p99 latency per kind and overall, requests per
second, and the error count (a 5xx, a refused connection, or any status other than the
one each request expects) into `benchmarks/results/web_load.json`.

Run: PYTHONPATH=src python benchmarks/web_load.py [--requests 2000 --clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "src" / "datarights" / "examples"
RESULTS = REPO / "benchmarks" / "results" / "web_load.json"


@dataclass(frozen=True, slots=True)
class Request:
    kind: str
    method: str
    url: str
    expect: int
    upload: tuple[str, bytes] | None = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("DATARIGHTS_TOKEN", None)
    command = [sys.executable, "-m", "datarights", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--db", str(folder / "register.db"), "--data-dir", str(folder / "web")]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _plan(total: int, shas: list[str]) -> list[Request]:
    sample = EXAMPLES / "ai-services-agreement.md"
    mix = [
        Request("health", "GET", "/healthz", 200),
        Request("home page", "GET", "/", 200),
        Request("document list", "GET", "/api/documents", 200),
        *(Request("document json", "GET", f"/api/documents/{sha}", 200) for sha in shas),
        *(Request("document page", "GET", f"/documents/{sha}", 200) for sha in shas),
        Request("portfolio", "GET", "/api/portfolio", 200),
        Request("unknown document", "GET", "/api/documents/" + "0" * 64, 404),
        Request("oversized id", "GET", "/api/versions/99999999999999999999999", 422),
        Request("upload (same file)", "POST", "/api/documents", 201, (sample.name, sample.read_bytes())),
    ]
    return [mix[i % len(mix)] for i in range(total)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start(Path(folder), port)
        try:
            _wait_ready(base)
            shas = []
            for name in (
                "ai-services-agreement.md",
                "ai-services-agreement.docx",
                "ai-services-agreement.pdf",
            ):
                with (EXAMPLES / name).open("rb") as handle:
                    response = httpx.post(
                        base + "/api/documents", files={"file": (name, handle)}, timeout=120
                    )
                response.raise_for_status()
                shas.append(response.json()["sha256"])
            plan = _plan(args.requests, shas)
            latencies: dict[str, list[float]] = defaultdict(list)
            errors: list[str] = []
            lock = threading.Lock()
            cursor = iter(range(len(plan)))

            def client() -> None:
                with httpx.Client(base_url=base, timeout=60) as session:
                    while True:
                        with lock:
                            index = next(cursor, None)
                        if index is None:
                            return
                        request = plan[index]
                        started = time.perf_counter()
                        try:
                            files = {"file": request.upload} if request.upload else None
                            response = session.request(request.method, request.url, files=files)
                            status = response.status_code
                        except httpx.HTTPError as error:
                            status = -1
                            detail = f"{request.kind}: {type(error).__name__}"
                        elapsed = time.perf_counter() - started
                        with lock:
                            latencies[request.kind].append(elapsed)
                            if status != request.expect:
                                errors.append(detail if status == -1 else f"{request.kind}: HTTP {status}")

            started = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - started
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    def summary(values: list[float]) -> dict[str, float | int]:
        ordered = sorted(values)
        quantiles = (
            statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
        )
        return {
            "requests": len(ordered),
            "p50_ms": round(quantiles[49] * 1000, 1),
            "p95_ms": round(quantiles[94] * 1000, 1),
            "p99_ms": round(quantiles[98] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1),
        }

    everything = [value for values in latencies.values() for value in values]
    payload = {
        "requests": len(everything),
        "clients": args.clients,
        "seconds": round(seconds, 2),
        "requests_per_second": round(len(everything) / seconds, 1),
        "overall": summary(everything),
        "by_kind": {kind: summary(values) for kind, values in sorted(latencies.items())},
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:20],
        "host": "127.0.0.1 (loopback only)",
        "python": platform.python_version(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: payload[k] for k in ("requests", "errors", "requests_per_second", "overall")}))


if __name__ == "__main__":
    main()
