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
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from claimgraph.models import data as gold  # noqa: E402
from claimgraph.models.evaluate import GOLD_SETS, evaluate  # noqa: E402
from claimgraph.models.recognize import recognize, resolve  # noqa: E402
from claimgraph.nlp import ner_model  # noqa: E402
from claimgraph.nlp.ner_model import TaggedToken  # noqa: E402


def ner_scores(data: Path) -> dict:
    """Scores per gold set and mode."""
    modes = {
        "model": ner_model.statistical_mentions,
        "gazetteer": lambda t: [(m.start, m.end, m.coarse) for m in recognize(t, use_model=False)],
        "combined": lambda t: [(m.start, m.end, m.coarse) for m in recognize(t)],
        "combined, all mentions": lambda t: [
            (m.start, m.end, m.coarse) for m in recognize(t, referring=True)
        ],
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
        "no paragraph breaks (shipped: parser sentences)": score_treebank(path),
        "no paragraph breaks, senter enabled": score_treebank(path, with_senter=True),
        "paragraph breaks given (shipped)": score_treebank(path, paragraphs=True),
        "paragraph breaks given, senter enabled": score_treebank(
            path, with_senter=True, paragraphs=True
        ),
        "gold sentences": score_treebank(path, gold_sentences=True),
    }


def _rate(words: int, fn: Callable[[], object], runs: int = 3) -> dict:
    """Words/second of the fastest of ``runs`` runs (the machine is shared and noisy)."""
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return {"wall": round(words / best_wall), "cpu": round(words / best_cpu)}


def speed(data: Path) -> dict:
    """Words/second (wall clock and CPU time of this process; the machine is shared) of the
    whole spaCy pipeline, of each prefix of it, of recognize() (model + gazetteer) and of
    the NER alone, on the re3d and wikigold texts."""
    texts = [d.text for d in gold.read_re3d(data)] + [d.text for d in gold.read_wikigold(data)]
    nlp = ner_model.load_pipeline()
    list(nlp.pipe(texts[:5]))
    words = sum(1 for doc in nlp.tokenizer.pipe(texts) for t in doc if not t.is_space)
    out: dict = {"words": words, "components": nlp.pipe_names}
    out["pipeline (all components)"] = _rate(words, lambda: list(nlp.pipe(texts)))
    out["parse() per text"] = _rate(words, lambda: [ner_model.parse(t) for t in texts])
    for k in range(1, len(nlp.pipe_names)):
        names = nlp.pipe_names[:k]
        with nlp.select_pipes(enable=names):
            out[f"up to {names[-1]}"] = _rate(words, lambda: list(nlp.pipe(texts)))
    out["statistical_mentions"] = _rate(
        words, lambda: [ner_model.statistical_mentions(t) for t in texts]
    )
    out["recognize (model + gazetteer)"] = _rate(words, lambda: [recognize(t) for t in texts])
    out["recognize, all mentions (model, tagger + resolution)"] = _rate(
        words, lambda: [recognize(t, referring=True) for t in texts]
    )
    out[
        "pipeline + resolution (all components, then everything `claimgraph ner --mentions all`"
        " adds)"
    ] = _rate(words, lambda: _pipeline_and_resolution(nlp, texts))
    return out


def _pipeline_and_resolution(nlp: Any, texts: list[str]) -> list:
    """Tagger, parser and NER on every text (nlp.pipe), then what ``claimgraph ner --mentions
    all`` adds to the model's entities (``recognize.resolve``): gazetteer resolution,
    equipment, dates and money, nested readings, pronouns and noun phrases."""
    out = []
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        model = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        tagged = [
            TaggedToken(t.idx, t.idx + len(t.text), t.text, t.tag_, t.lemma_)
            for t in doc
            if not t.is_space
        ]
        out.append(resolve(text, model, tagged))
    return out


def _peak_mb() -> int:
    """Peak resident memory of this process in MB: VmHWM, which (unlike ru_maxrss) starts
    afresh at exec, so the parent's size does not leak into the child's reading."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def memory_child(data: Path) -> None:
    """Run in a fresh process: load the pipeline, parse every text, print peak RSS (MB)."""
    texts = [d.text for d in gold.read_re3d(data)] + [d.text for d in gold.read_wikigold(data)]
    ner_model.load_pipeline()
    loaded = _peak_mb()
    for text in texts:
        ner_model.parse(text)
        recognize(text)
    print(json.dumps({"after_load_mb": loaded, "peak_mb": _peak_mb()}))


def memory(data: Path) -> dict:
    """Peak RSS of a fresh process that loads the model and processes the texts."""
    import subprocess

    cmd = [sys.executable, __file__, "--memory-child", "--data", str(data)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def model_size() -> dict:
    files = [p for p in ner_model.MODEL_DIR.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def main() -> None:
    parser = argparse.ArgumentParser(description="claimgraph model benchmark")
    parser.add_argument("--data", help="shared data folder")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--quick", action="store_true", help="NER scores and size only")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = gold.shared_data_dir(args.data)
    if args.memory_child:
        memory_child(data)
        return
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
        results["memory"] = memory(data)
    for key, value in results["ner"].items():
        m = value["micro"]
        print(f"{key:<45} P {m['p']:5.1f} R {m['r']:5.1f} F {m['f']:5.1f}")
    for key in ("parser_ewt_test", "speed", "memory", "size"):
        if key in results:
            print(key, json.dumps(results[key]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
