"""Where a run's groups of articles are translated.

- `local` (default): in this process, group after group (`translate.batch`).
- `ray`: on a Ray cluster, by a pool of actors that each load the models once
  (`translate.executors.ray_executor`; needs the `ray` extra). The driver (this process)
  still reads the inputs, writes every output file and the translation memory.

Both run the same pipeline functions on the same articles with the same glossary strategies,
so the outputs are the same; run.json records which executor ran.
"""

from __future__ import annotations

from dataclasses import dataclass

EXECUTORS = ("local", "ray")


@dataclass(frozen=True)
class Executor:
    name: str = "local"  # one of EXECUTORS
    # Ray cluster to join ("auto", "HOST:6379", "ray://HOST:10001"); None: $RAY_ADDRESS if
    # set, else a Ray instance started for this run on this machine.
    address: str | None = None


LOCAL = Executor()
