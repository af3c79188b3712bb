#!/usr/bin/env python3
"""Build the bundled SAMPLE translation models (en->zh and zh->en Argos Translate packages).

The build lives in tools/sample_models/ (corpus, model, package, evaluate); this is its entry
point. torch is needed only to train (pip install -e '.[train]'); the package never imports it.

Usage:
  python scripts/build_sample_models.py                   # build both packages
  python scripts/build_sample_models.py --eval-only       # measure the committed packages
  python scripts/build_sample_models.py --corpus-only     # write the training corpus, stop
  python -m tools.sample_models.compare                   # corpus vs the previous build's
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.sample_models.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
