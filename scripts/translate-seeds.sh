#!/usr/bin/env bash
# The main job: set up, make sure en<->zh models are installed, translate seeds/ into aligned/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Real Argos packages from the index when online; offline, the bundled SAMPLE packages.
.venv/bin/translate models install en zh --both-ways --or-sample --timeout 10
.venv/bin/translate run seeds/ -o aligned/ "$@"
