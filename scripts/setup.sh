#!/usr/bin/env bash
# Create .venv and install datarights with its development tools.
# Where apt-get is available as root, also install Tesseract so scanned PDFs can be OCRed
# (skip with DATARIGHTS_NO_APT=1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${DATARIGHTS_NO_APT:-0}" != "1" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  if ! command -v tesseract >/dev/null 2>&1; then
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null || echo "note: tesseract-ocr not installed; OCR disabled" >&2
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -U pip
.venv/bin/python -m pip install -q -e '.[dev]'
