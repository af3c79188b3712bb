#!/usr/bin/env bash
# The test command (CI runs exactly this): set up, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The review-page test drives a real headless Chromium (and needs a Chinese font to render the
# screenshot); install Debian's when we can.
if { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; } \
   && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing chromium and a Chinese font for the browser test..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
     chromium fonts-wqy-microhei) >&2 \
    || echo "Note: chromium could not be installed; the browser test will be skipped." >&2
fi
# Lint, format and type checks are part of the test command: "clean" is checked, not a habit.
echo "ruff check, ruff format --check, mypy --strict..." >&2
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
