#!/usr/bin/env bash
# Set everything up, then review and assess the bundled example contract:
# the one-screen summary and every finding print here, the full HTML report goes to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
mkdir -p out
example=src/datarights/examples/ai-services-agreement.pdf
.venv/bin/datarights assess "$example" --playbook buyer --format html -o out/ai-services-agreement.report.html
.venv/bin/datarights assess "$example" --playbook buyer --format md
echo
echo "HTML report: out/ai-services-agreement.report.html"
