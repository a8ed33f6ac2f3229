"""Benchmark claimgraph's own model: NER quality, parser quality, speed, memory and size.

    .venv/bin/python benchmarks/ner.py [--data ../shared/data] [--json OUT.json] [--quick]

NER: exact-span per-type and micro P/R/F1 on re3d held-back documents (six main types and all
types), UNER English-EWT test and wikigold held-back documents, for the model alone, the
gazetteer alone and the combination `claimgraph ner` prints. Parser: TAG/POS/UAS/LAS and
sentence P/R/F on EWT test (gold tokens, whole documents), with and without the senter.
Speed: words/second of the whole spaCy pipeline on one thread, and of `recognize` (model +
gazetteer resolution). Memory: peak RSS. Size: the model folder on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from claimgraph.models import data as gold  # noqa: E402
from claimgraph.models.evaluate import GOLD_SETS, evaluate  # noqa: E402
from claimgraph.models.recognize import recognize  # noqa: E402
from claimgraph.nlp import ner_model  # noqa: E402


def ner_scores(data: Path) -> dict:
    """Scores per gold set and mode."""
    modes = {
        "model": ner_model.statistical_mentions,
        "gazetteer": lambda t: [(m.start, m.end, m.coarse) for m in recognize(t, use_model=False)],
        "combined": lambda t: [(m.start, m.end, m.coarse) for m in recognize(t)],
    }
    out: dict = {}
    for name in GOLD_SETS:
        for mode, predict in modes.items():
            for s in evaluate(name, predict, data):
                out[f"{name} | {s.name} | {mode}"] = s.as_dict()
    return out


def parser_scores(data: Path) -> dict:
    """TAG/POS/UAS/LAS/sentences on EWT test, gold tokens, one Doc per document."""
    from claimgraph.models.parser_eval import score_treebank

    path = data / "ud-english-ewt" / "en_ewt-ud-test.conllu.gz"
    return {
        "with senter": score_treebank(path),
        "parser sentences (senter off)": score_treebank(path, disable=("senter",)),
    }


def speed(data: Path, repeat: int = 2) -> dict:
    """Words/second of the spaCy pipeline and of recognize() on re3d + EWT test texts."""
    texts = [d.text for d in gold.read_re3d(data)]
    texts += [d.text for d in gold.read_wikigold(data)]
    nlp = ner_model.load_pipeline()
    list(nlp.pipe(texts[:5]))
    words = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for doc in nlp.pipe(texts, batch_size=32):
            words += sum(1 for t in doc if not t.is_space)
    pipe_time = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        recognize(text)
    rec_time = time.perf_counter() - start
    return {
        "words": words // repeat,
        "pipeline_words_per_second": round(words / pipe_time),
        "recognize_words_per_second": round(words / repeat / rec_time),
        "components": nlp.pipe_names,
    }


def model_size() -> dict:
    files = [p for p in ner_model.MODEL_DIR.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def main() -> None:
    parser = argparse.ArgumentParser(description="claimgraph model benchmark")
    parser.add_argument("--data", help="shared data folder")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--quick", action="store_true", help="NER scores and size only")
    args = parser.parse_args()
    data = gold.shared_data_dir(args.data)
    try:
        import torch  # noqa: F401

        torch.set_num_threads(1)
    except ImportError:
        pass
    results: dict = {"size": model_size()}
    results["ner"] = ner_scores(data)
    if not args.quick:
        results["parser_ewt_test"] = parser_scores(data)
        results["speed"] = speed(data)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for key, value in results["ner"].items():
        m = value["micro"]
        print(f"{key:<45} P {m['p']:5.1f} R {m['r']:5.1f} F {m['f']:5.1f}")
    for key in ("parser_ewt_test", "speed", "size", "peak_rss_mb"):
        if key in results:
            print(key, json.dumps(results[key]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
