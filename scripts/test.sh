#!/usr/bin/env bash
# The test command (CI runs exactly this): set up, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The review-page test drives a real headless Chromium; install Debian's when we can.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing chromium for the browser test..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 \
    || echo "Note: chromium could not be installed; the browser test will be skipped." >&2
fi
exec .venv/bin/python -m pytest "$@"
