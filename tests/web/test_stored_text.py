"""Register versions open from the text the register kept: their files may be gone.
A version stored before the register kept text says so (410), not 404."""

from __future__ import annotations

import io
import logging
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from datarights.store import Register
from datarights.web.app import create_app
from tests.conftest import EXAMPLES
from tests.history import PERMITTED, PROHIBITED, SILENT, write
from tests.store.conftest import db_url  # noqa: F401  (SQLite, and PostgreSQL when configured)
from tests.store.test_content import populate_at_0001
from tests.web.conftest import BASE, make_settings


def _client(tmp_path: Path, url: str, **settings: object) -> TestClient:
    return TestClient(create_app(make_settings(tmp_path, db_url=url, **settings)), base_url=BASE)


def _seed(url: str, folder: Path) -> list[int]:
    ids = []
    with Register(url) as register:
        for name, text in (
            ("videoco-2024-01-05.md", SILENT),
            ("videoco-2024-06-01.md", PERMITTED),
            ("videoco-2024-09-01.md", PROHIBITED),
        ):
            result = register.add_file(write(folder, name, text), counterparty="VideoCo")
            assert result.version is not None
            ids.append(result.version.id)
    return ids


def test_a_version_whose_file_was_deleted_still_opens_with_highlighted_evidence(
    db_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = tmp_path / "files"
    ids = _seed(db_url, folder)
    shutil.rmtree(folder)  # the files are gone; the register kept their text
    client = _client(tmp_path, db_url)

    page = client.get(f"/versions/{ids[1]}")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Shown from the text the register kept" in html
    training = re.search(r'<mark class="ev[^"]*" data-q="[^"]*training_use[^"]*"[^>]*>([^<]+)</mark>', html)
    assert training and "train our machine learning" in training.group(1)
    assert ">1.2</a>" in html  # clause numbers come back from the stored layout
    sha256 = re.search(r"/api/documents/([0-9a-f]{64})/review.json", html)
    assert sha256 is not None
    base = f"/api/documents/{sha256.group(1)}"

    review = client.get(f"{base}/review.json")
    assert review.status_code == 200
    assert 'filename="videoco-2024-06-01.review.json"' in review.headers["content-disposition"]
    with Register(db_url) as register:
        assert review.json()["answers"] == register.get_review(ids[1])["answers"]
    detail = client.get(base).json()
    assert (
        detail["name"] == "videoco-2024-06-01.md"
        and detail["review"]["answers"]["training_use"]["position"] == "permitted"
    )

    if detail["assessment"] is not None:  # the assessment engine is installed
        report = client.get(f"{base}/report.html")
        assert report.status_code == 200 and "<mark" in report.text
        assert client.get(f"{base}/assessment.json").status_code == 200
        redline = client.get(f"{base}/redline.docx")
        assert redline.status_code == 200
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(redline.content)).namelist()

    diff = client.get(f"/diff?old={ids[0]}&new={ids[1]}")
    assert diff.status_code == 200
    assert re.search(
        rf'<a class="clause-link" href="/documents/[0-9a-f]{{64}}\?version={ids[1]}#sec-\d+">', diff.text
    )
    assert "was stored before the register kept document text" not in diff.text
    assert client.get(f"/api/versions/{ids[1]}").json()["text_stored"] is True


def test_a_docx_redline_uses_the_kept_original_and_falls_back_to_the_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("datarights.redline.docx")
    url = f"sqlite:///{tmp_path / 'register.db'}"
    docx = Path(shutil.copy(EXAMPLES / "ai-services-agreement.docx", tmp_path / "msa.docx"))
    with Register(url, keep_originals=10 * 1024 * 1024) as register:
        result = register.add_file(docx, counterparty="Example AI")
    assert result.version is not None
    docx.unlink()
    sha256 = result.version.sha256
    client = _client(tmp_path, url)
    if client.get(f"/api/documents/{sha256}").json()["assessment"] is None:
        pytest.skip("no assessment engine: no redline")
    with caplog.at_level(logging.INFO, logger="datarights.web.routers.documents"):
        response = client.get(f"/api/documents/{sha256}/redline.docx")
    assert response.status_code == 200 and "from=original" in caplog.text
    caplog.clear()
    # Without kept bytes the redline is laid out from the stored text, as for non-DOCX input.
    other = f"sqlite:///{tmp_path / 'other.db'}"
    docx = Path(shutil.copy(EXAMPLES / "ai-services-agreement.docx", tmp_path / "msa.docx"))
    with Register(other, keep_originals=0) as register:
        register.add_file(docx, counterparty="Example AI")
    docx.unlink()
    client = _client(tmp_path / "b", other)
    with caplog.at_level(logging.INFO, logger="datarights.web.routers.documents"):
        response = client.get(f"/api/documents/{sha256}/redline.docx")
    assert response.status_code == 200 and "from=text" in caplog.text
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_a_version_stored_before_0002_says_so_when_its_file_is_gone(
    db_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "files"
    ids = populate_at_0001(db_url, folder, monkeypatch)
    client = _client(tmp_path, db_url)  # opening the register migrates it

    # While the file is where it was, unchanged, the version opens from it.
    assert client.get(f"/versions/{ids[0]}").status_code == 200

    (folder / "v-2024-06-01.md").unlink()
    page = client.get(f"/versions/{ids[1]}")
    assert page.status_code == 410
    assert "stored before the register kept the text it reviewed" in page.text
    assert "v-2024-06-01.md" in page.text and str(folder) not in page.text  # no server paths
    assert "add the file again" in page.text
    info = client.get(f"/api/versions/{ids[1]}").json()
    assert info["text_stored"] is False
    error = client.get(f"/api/documents/{info['sha256']}").json()
    assert error["status"] == 410 and error["error"] == "TextNotStored"
    assert "no text" in client.get("/counterparties/VideoCo").text
    diff = client.get(f"/diff?old={ids[0]}&new={ids[1]}")
    assert diff.status_code == 200 and "was stored before the register kept document text" in diff.text

    # Adding the file again fills the text in, and the version opens without it.
    restored = write(folder, "v-2024-06-01.md", PERMITTED)
    with Register(db_url) as register:
        register.add_file(restored, counterparty="VideoCo")
    restored.unlink()
    page = client.get(f"/versions/{ids[1]}")
    assert page.status_code == 200 and "Shown from the text the register kept" in page.text
