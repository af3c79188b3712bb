"""Build the bundled SAMPLE translation models (en->zh and zh->en Argos Translate packages).

The packages are tiny but real: a Transformer trained in torch on a small parallel corpus (the
two sample articles in seeds/ plus pattern variants), converted to CTranslate2 (int8) and
tokenised with a SentencePiece model trained on the same corpus. They exist so that the tool
works offline out of the box on the sample articles; they are no substitute for the real Argos
models (`translate models install en zh`).

One module per step, run in this order by `cli.main` (scripts/build_sample_models.py):

- `fillers`: the frame slots and the tables that fill them (sample_models/corpus/fillers/);
- `protection`: glossary-protected forms of a pair, made with the runtime's own glossary loader,
  matcher and `protect` (the texts `translate run` sends), targets aligned by term;
- `corpus`: training pairs and evaluation sets per direction, held-out frame fillings;
- `model`: the shared SentencePiece model, one Transformer per direction (torch, imported only
  there, via `transformer`), the CTranslate2 export (translate.engine.build);
- `package`: the .argosmodel zips;
- `evaluate`: the packages decoded by the tool's own engine and scored;
- `compare`: a check that the corpus is what the previous build made, or better.

Everything is seeded: the same --seed gives the same corpus, SentencePiece model and, on the
same torch build, the same weights.
"""
