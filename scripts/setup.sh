#!/usr/bin/env bash
# Create .venv and install datarights with its development tools.
# --ci also installs the Debian packages the full test suite uses.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--ci" ] || [ "${DATARIGHTS_SYSTEM_PACKAGES:-0}" = "1" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -U pip
.venv/bin/python -m pip install -q -e '.[dev]'
