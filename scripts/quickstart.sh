#!/usr/bin/env bash
# Set everything up and review the bundled example contract.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
.venv/bin/datarights review src/datarights/examples/ai-services-agreement.pdf --format md
