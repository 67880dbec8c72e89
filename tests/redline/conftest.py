from __future__ import annotations

import os
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "datarights" / "examples"

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def soffice_convert(path: Path, target: str, out_dir: Path) -> Path:
    """`soffice --headless --convert-to`, with a profile of its own."""
    assert SOFFICE is not None
    profile = out_dir / f"lo-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    extension = target.split(":")[0]
    out = out_dir / f"{path.stem}.{extension}"
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


def without_comments(path: Path, target: Path) -> Path:
    """A copy with comment anchors removed (LibreOffice 7.4 crashes loading comments over UNO in hidden mode)."""
    import re

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:commentRange(?:Start|End) [^>]*/>", "", text)
                text = re.sub(
                    r"<w:r>(?:(?!</w:r>).)*?<w:commentReference [^>]*/></w:r>", "", text, flags=re.S
                )
                data = text.encode("utf-8")
            out.writestr(name, data)
    return target
