"""The engine alone, for `bench_batch.py`'s memory figure: the segments of N synthetic
articles (the same as bench_batch's) decoded both ways through `translate.engine`, in groups
of 500 with freed memory handed back after each (as `translate run` does), and nothing else:
no detection, segmentation, scoring, memory or writing. Its peak RSS, read by the caller,
is how much of a run's growth with the batch size is CTranslate2's own.

    python bench/raw_engine_memory.py PACKAGES_DIR ARTICLES SENTENCES_PER_ARTICLE
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import article_sentences  # noqa: E402

from translate import memory  # noqa: E402
from translate.engine.ctranslate import DecodeOptions, PackageTranslator  # noqa: E402
from translate.engine.packages import list_installed  # noqa: E402

GROUP = 500


def main() -> None:
    root, articles, per_article = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    memory.limit_arenas()
    packages = {(p.from_code, p.to_code): p for p in list_installed(root)}
    forward = PackageTranslator(packages[("en", "zh")], DecodeOptions())
    back = PackageTranslator(packages[("zh", "en")], DecodeOptions())
    texts = [s for a in range(articles) for s in article_sentences(a, per_article)]
    for n in range(0, len(texts), GROUP):
        back.translate(forward.translate(texts[n : n + GROUP]))
        memory.release()


if __name__ == "__main__":
    main()
