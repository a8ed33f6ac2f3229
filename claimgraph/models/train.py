"""Train claimgraph's own spaCy pipeline from the openly licensed sets in ``../shared/data``.

    python -m claimgraph.models.train [--data DIR] [--workdir DIR] [--max-steps N]
        [--continue-steps N] [--finetune-steps N] [--out DIR]
        [--stage convert|train|continue|finetune|package|all]

Stages: ``convert`` writes DocBins to the work folder (never into the package); ``train`` runs
spaCy's trainer on one CPU core with ``train_config.cfg`` (shared tok2vec, tagger, senter,
parser, NER); ``continue`` trains the whole pipeline on at a lower rate with averaged
parameters; ``finetune`` continues only the NER head on a re3d-heavy mix with everything else
frozen; ``package`` copies the result into ``claimgraph/models/en_claimgraph`` with the
tag-to-UPOS and lemma tables (``claimgraph.models.morph``). Matrix products go through numpy's
BLAS (``claimgraph.models.fast_ops``). See MODEL_CARD.md."""

from __future__ import annotations

import argparse
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.models import data as gold

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG = PACKAGE_DIR / "train_config.cfg"
PIPES = ("tok2vec", "tagger", "senter", "parser", "ner")
# Seed of the NER fine-tune (seeds 0 and 1 compared in MODEL_CARD.md).
FINETUNE_SEED = 1
DEFAULT_OUT = PACKAGE_DIR / "en_claimgraph"
SENTS_PER_DOC = 10
RE3D_UPSAMPLE = 4
_NUMERIC = re.compile(r"\d")
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "$", "£", "€", "¥",
}  # fmt: skip


# ----------------------------------------------------------------------------- helpers


def _demonyms() -> set[tuple[str, ...]]:
    """Demonym surface forms from the project gazetteer (lower-cased token tuples)."""
    from claimgraph.nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    return {key for key, surfaces in gaz.index.items() if any(s.how == "demonym" for s in surfaces)}


def _maybe_other_scheme(doc: Doc, i: int, demonyms: set[tuple[str, ...]]) -> bool:
    """Would this token belong to a type the source set does not annotate (NAT/DATE/number)?"""
    token = doc[i]
    low = token.text.lower()
    return (
        bool(_NUMERIC.search(token.text))
        or low in _MONTHS
        or (token.text[:1].isupper() and (low,) in demonyms)
    )


def _set_ents(
    doc: Doc, spans: list[tuple[int, int, str, float]], missing_tokens: set[int]
) -> list[tuple[int, int, str]]:
    """Set non-overlapping entities (best confidence, then longest) and mark missing tokens."""
    from spacy.tokens import Span

    chosen: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start, end, label, _ in sorted(spans, key=lambda s: (-s[3], -(s[1] - s[0]), s[0])):
        if any(i in taken for i in range(start, end)):
            missing_tokens.update(range(start, end))
            continue
        taken.update(range(start, end))
        chosen.append((start, end, label))
    ents = [Span(doc, s, e, label=label) for s, e, label in sorted(chosen)]
    missing = [Span(doc, i, i + 1) for i in sorted(missing_tokens - taken)]
    doc.set_ents(ents, missing=missing, default="outside")
    return chosen


# ----------------------------------------------------------------------------- treebanks


def treebank_docs(
    nlp: Language,
    path: Path,
    gum_entities: dict[str, list[dict]] | None = None,
    demonyms: set[tuple[str, ...]] | None = None,
    sents_per_doc: int = SENTS_PER_DOC,
) -> Iterable[Doc]:
    """Docs of ``sents_per_doc`` consecutive sentences of one document (tags, trees, lemmas)."""
    chunk: list[gold.TreeSentence] = []
    for sentence in gold.read_conllu(path):
        if chunk and (chunk[0].doc_id != sentence.doc_id or len(chunk) >= sents_per_doc):
            yield _tree_doc(nlp, chunk, gum_entities, demonyms)
            chunk = []
        chunk.append(sentence)
    if chunk:
        yield _tree_doc(nlp, chunk, gum_entities, demonyms)


def _tree_doc(
    nlp: Language,
    sentences: list[gold.TreeSentence],
    gum_entities: dict[str, list[dict]] | None,
    demonyms: set[tuple[str, ...]] | None,
) -> Doc:
    from spacy.tokens import Doc

    words: list[str] = []
    tags: list[str] = []
    pos: list[str] = []
    lemmas: list[str] = []
    deps: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    starts: list[bool | int | None] = []
    for sentence in sentences:
        base = len(words)
        for k, word in enumerate(sentence.words):
            words.append(word.form)
            spaces.append(word.space_after)
            tags.append(word.xpos if word.xpos != "_" else word.upos)
            pos.append(word.upos)
            lemmas.append(word.lemma)
            heads.append(base + word.head - 1 if word.head else base + k)
            deps.append("ROOT" if word.deprel == "root" else word.deprel)
            starts.append(k == 0)
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        sent_starts=starts,
    )
    if gum_entities is not None and demonyms is not None:
        _gum_ents(doc, sentences, gum_entities, demonyms)
    return doc


def _gum_ents(
    doc: Doc,
    sentences: list[gold.TreeSentence],
    gum_entities: dict[str, list[dict]],
    demonyms: set[tuple[str, ...]],
) -> None:
    """Named person/place/organization mentions become PER/LOC/ORG; unnamed nominal mentions
    of those types, time mentions and mentions holding numbers are marked missing."""
    spans: list[tuple[int, int, str, float]] = []
    missing: set[int] = set()
    base = 0
    for sentence in sentences:
        _, starts = gold.sentence_text(sentence)
        ends = [s + len(w.form) for s, w in zip(starts, sentence.words, strict=True)]
        for ent in gum_entities.get(sentence.sent_id, []):
            first = next((k for k, s in enumerate(starts) if s == ent["start"]), None)
            last = next((k for k, e in enumerate(ends) if e == ent["end"]), None)
            if first is None or last is None or last < first:
                continue
            start, end = base + first, base + last + 1
            words = sentence.words[first : last + 1]
            label = gold.GUM_MAP.get(ent["label"])
            if label and ent["named"]:
                spans.append((start, end, label, 1.0))
            elif _unscored_gum_mention(ent["label"], label, words):
                missing.update(range(start, end))
        base += len(sentence.words)
    missing.update(i for i in range(len(doc)) if _maybe_other_scheme(doc, i, demonyms))
    _set_ents(doc, spans, missing)


def _unscored_gum_mention(gum_label: str, label: str | None, words: list[gold.Word]) -> bool:
    """Time and number mentions, and unnamed nominal person/place/organisation mentions
    (re3d annotates "the army", GUM's named layer does not)."""
    if gum_label == "time" or any(w.xpos == "CD" for w in words):
        return True
    return bool(label) and not (len(words) == 1 and words[0].upos == "PRON")


# ----------------------------------------------------------------------------- NER sets


def re3d_doc(nlp: Language, record: gold.GoldDoc) -> Doc:
    """A re3d document tokenised by spaCy, its mentions aligned to tokens."""
    doc = nlp.make_doc(record.text)
    spans: list[tuple[int, int, str, float]] = []
    missing: set[int] = set()
    for start, end, label in record.mentions:
        span = doc.char_span(start, end, alignment_mode="contract")
        weight = record.confidence.get((start, end, label), 1.0)
        if span is None or not span.text.strip():
            continue
        if span.start_char != start or span.end_char != end:
            missing.update(range(span.start, span.end))
            continue
        spans.append((span.start, span.end, label, weight))
    for start, end in record.missing:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            missing.update(range(span.start, span.end))
    _set_ents(doc, spans, missing)
    return doc


def token_set_doc(nlp: Language, record: gold.GoldDoc, demonyms: set[tuple[str, ...]]) -> Doc:
    """A space-joined token set (wikigold): PER/ORG/LOC kept, MISC demonyms become NAT,
    other MISC and tokens of unannotated types are marked missing."""
    from spacy.tokens import Doc

    words = record.text.split()
    doc = Doc(nlp.vocab, words=words)
    spans: list[tuple[int, int, str, float]] = []
    missing: set[int] = set()
    for start, end, label in record.mentions:
        span = doc.char_span(start, end)
        if span is not None:
            spans.append((span.start, span.end, label, 1.0))
    for start, end in record.missing:
        span = doc.char_span(start, end)
        if span is None:
            continue
        if tuple(t.lower_ for t in span) in demonyms:
            spans.append((span.start, span.end, "NAT", 1.0))
        else:
            missing.update(range(span.start, span.end))
    missing.update(i for i in range(len(doc)) if _maybe_other_scheme(doc, i, demonyms))
    _set_ents(doc, spans, missing)
    return doc


def uner_docs(
    nlp: Language, records: list[gold.GoldDoc], demonyms: set[tuple[str, ...]]
) -> Iterable[Doc]:
    """UNER sentences joined SENTS_PER_DOC at a time: PER/ORG/LOC kept, tokens of types UNER
    does not annotate (numbers, months, demonyms) marked missing."""
    for first in range(0, len(records), SENTS_PER_DOC):
        chunk = records[first : first + SENTS_PER_DOC]
        text, mentions = "", []
        for record in chunk:
            base = len(text)
            mentions += [(base + s, base + e, label) for s, e, label in record.mentions]
            text += record.text + " "
        doc = nlp.make_doc(text.rstrip())
        spans: list[tuple[int, int, str, float]] = []
        missing: set[int] = set()
        for start, end, label in mentions:
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is None or (span.start_char, span.end_char) != (start, end):
                if span is not None:
                    missing.update(range(span.start, span.end))
                continue
            spans.append((span.start, span.end, label, 1.0))
        missing.update(i for i in range(len(doc)) if _maybe_other_scheme(doc, i, demonyms))
        _set_ents(doc, spans, missing)
        yield doc


# ----------------------------------------------------------------------------- stages


def convert(data: Path, workdir: Path) -> dict[str, int]:
    """Write train.spacy and dev.spacy into the work folder; return document counts."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    demonyms = _demonyms()
    workdir.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    for split, target in (("train", train), ("dev", dev)):
        for doc in treebank_docs(nlp, data / "ud-english-ewt" / f"en_ewt-ud-{split}.conllu.gz"):
            target.add(doc)
            counts[f"ewt-{split}"] += 1
        gum_ents = gold.read_gum_entities(data / "gum" / f"gum-ner-{split}.jsonl.gz")
        for doc in treebank_docs(nlp, data / "gum" / f"gum-{split}.conllu.gz", gum_ents, demonyms):
            target.add(doc)
            counts[f"gum-{split}"] += 1
    re3d_train, _ = gold.split_re3d(gold.read_re3d(data))
    for record in re3d_train:
        doc = re3d_doc(nlp, record)
        for _ in range(RE3D_UPSAMPLE):
            train.add(doc)
        counts["re3d-train"] += 1
    wiki_train, _ = gold.split_wikigold(gold.read_wikigold(data))
    for record in wiki_train:
        train.add(token_set_doc(nlp, record, demonyms))
        counts["wikigold-train"] += 1
    train.to_disk(workdir / "train.spacy")
    dev.to_disk(workdir / "dev.spacy")
    return dict(counts)


def train(workdir: Path, max_steps: int) -> Path:
    """Run spaCy's trainer on CPU; return the folder of the best model."""
    from spacy.cli.train import train as spacy_train

    overrides = {
        "paths.train": str(workdir / "train.spacy"),
        "paths.dev": str(workdir / "dev.spacy"),
        "training.max_steps": max_steps,
    }
    spacy_train(CONFIG, workdir / "output", use_gpu=-1, overrides=overrides)
    return workdir / "output" / "model-best"


def finetune_data(data: Path, workdir: Path, with_uner: bool = True) -> Path:
    """A re3d-heavy NER mix: re3d train x6, wikigold train, every 4th GUM train chunk and
    (``with_uner``) the UNER English-EWT dev split (its test split is kept for evaluation)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    demonyms = _demonyms()
    target = DocBin(store_user_data=False)
    for record in gold.split_re3d(gold.read_re3d(data))[0]:
        doc = re3d_doc(nlp, record)
        for _ in range(6):
            target.add(doc)
    for record in gold.split_wikigold(gold.read_wikigold(data))[0]:
        target.add(token_set_doc(nlp, record, demonyms))
    gum_ents = gold.read_gum_entities(data / "gum" / "gum-ner-train.jsonl.gz")
    gum = data / "gum" / "gum-train.conllu.gz"
    for i, doc in enumerate(treebank_docs(nlp, gum, gum_ents, demonyms)):
        if i % 4 == 0:
            target.add(doc)
    if with_uner:
        for doc in uner_docs(nlp, gold.read_uner(data, "dev"), demonyms):
            target.add(doc)
    target.to_disk(workdir / "ner-ft-train.spacy")
    dev = DocBin(store_user_data=False)
    for doc in DocBin().from_disk(workdir / "dev.spacy").get_docs(nlp.vocab):
        if doc.has_annotation("ENT_IOB"):
            dev.add(doc)
    dev.to_disk(workdir / "ner-dev.spacy")
    return workdir / "ner-ft-train.spacy"


def _sourced_config(base: Path, name: str, workdir: Path, fresh: tuple[str, ...] = ()) -> Path:
    """The training config with every component sourced from the pipeline at ``base``, except
    those in ``fresh``, which keep their definition from the config (new weights)."""
    config = CONFIG.read_text(encoding="utf-8")
    start, end = config.index("[components]"), config.index("[corpora]")
    width = re.search(r"encode\]\n(?:.*\n)*?width = (\d+)", config)
    blocks = [
        _component_block(config[start:end], pipe, width.group(1) if width else "96")
        if pipe in fresh
        else f'[components.{pipe}]\nsource = "{base}"\n\n'
        for pipe in PIPES
    ]
    path = workdir / name
    path.write_text(config[:start] + "[components]\n\n" + "".join(blocks) + config[end:], "utf-8")
    return path


def _component_block(components: str, pipe: str, tok2vec_width: str) -> str:
    """A component's own sections of the config, its listener width written out (the shared
    tok2vec it would interpolate from is sourced)."""
    sections = re.split(r"(?m)^(?=\[components\.)", components)
    own = [sec for sec in sections if re.match(rf"\[components\.{pipe}[.\]]", sec)]
    return "".join(own).replace("${components.tok2vec.model.encode.width}", tok2vec_width)


def continue_training(workdir: Path, max_steps: int) -> Path:
    """Train the whole jointly trained pipeline on for ``max_steps`` more steps at a third of
    the learning rate, full batches and averaged parameters (the first run's rate never
    decays); return the folder of the best model."""
    from spacy.cli.train import train as spacy_train

    config = _sourced_config(workdir / "output" / "model-best", "continue.cfg", workdir)
    overrides = {
        "paths.train": str(workdir / "train.spacy"),
        "paths.dev": str(workdir / "dev.spacy"),
        "training.max_steps": max_steps,
        "training.optimizer.learn_rate": 0.0003,
        "training.optimizer.use_averages": True,
        "training.batcher.size.start": 1000,
    }
    spacy_train(config, workdir / "output-cont", use_gpu=-1, overrides=overrides)
    return workdir / "output-cont" / "model-best"


def finetune_ner(
    data: Path, workdir: Path, base: Path, max_steps: int, with_uner: bool = True
) -> Path:
    """Train a new NER head on the re3d-heavy mix over the trained pipeline's shared features
    and the lexical features, with tok2vec, tagger, senter and parser frozen (so their scores
    do not move); model-last."""
    from spacy.cli.train import train as spacy_train

    import claimgraph.models.lexical  # noqa: F401  (registers the NER input architecture)

    finetune_data(data, workdir, with_uner)
    ft_config = _with_lexicon(_sourced_config(base, "finetune.cfg", workdir, fresh=("ner",)))
    overrides = {
        "system.seed": FINETUNE_SEED,
        "training.seed": FINETUNE_SEED,
        "paths.train": str(workdir / "ner-ft-train.spacy"),
        "paths.dev": str(workdir / "ner-dev.spacy"),
        "training.max_steps": max_steps,
        "training.eval_frequency": 500,
        "training.frozen_components": [p for p in PIPES if p != "ner"],
        "training.annotating_components": ["tok2vec"],
        "training.optimizer.learn_rate": 0.001,
        "training.batcher.size.start": 1000,
        "training.score_weights": {"ents_f": 1.0},
    }
    spacy_train(ft_config, workdir / "output-ft", use_gpu=-1, overrides=overrides)
    return workdir / "output-ft" / "model-last"


def _with_lexicon(config: Path) -> Path:
    """The config with the NER reading the lexical features beside the shared tok2vec
    (``claimgraph.models.lexical``)."""
    text = config.read_text(encoding="utf-8")
    listener = '[components.ner.model.tok2vec]\n@architectures = "spacy.Tok2VecListener.v1"'
    if listener not in text:
        raise ValueError(f"no NER listener to replace in {config}")
    lexicon = '[components.ner.model.tok2vec]\n@architectures = "claimgraph.LexiconListener.v1"'
    config.write_text(text.replace(listener, lexicon), encoding="utf-8")
    return config


def _train_words(data: Path) -> Iterable[gold.Word]:
    for path in (
        data / "ud-english-ewt" / "en_ewt-ud-train.conllu.gz",
        data / "gum" / "gum-train.conllu.gz",
    ):
        for sentence in gold.read_conllu(path):
            yield from sentence.words


def lemma_table(data: Path) -> dict[str, str]:
    """Most frequent treebank lemma of each word form (forms that are their own lemma left out)."""
    counts: dict[str, Counter[str]] = {}
    for w in _train_words(data):
        if w.lemma and w.lemma != "_":
            counts.setdefault(w.form, Counter())[w.lemma] += 1
    table = {form: c.most_common(1)[0][0] for form, c in counts.items()}
    return {form: lemma for form, lemma in table.items() if lemma != form}


def upos_tables(data: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """UPOS of each PTB tag, and of (tag, lower-case word) pairs where the treebanks differ."""
    by_tag: dict[str, Counter[str]] = {}
    by_word: dict[tuple[str, str], Counter[str]] = {}
    for w in _train_words(data):
        by_tag.setdefault(w.xpos, Counter())[w.upos] += 1
        by_word.setdefault((w.xpos, w.form.lower()), Counter())[w.upos] += 1
    tag_pos = {tag: c.most_common(1)[0][0] for tag, c in by_tag.items()}
    word_pos: dict[str, dict[str, str]] = {}
    for (tag, word), c in sorted(by_word.items()):
        upos, n = c.most_common(1)[0]
        if upos != tag_pos.get(tag) and n >= 5 and n / sum(c.values()) > 0.6:
            word_pos.setdefault(tag, {})[word] = upos
    return tag_pos, word_pos


def package(best: Path, out: Path, data: Path) -> Path:
    """Copy the trained model into the package with the UPOS and lemma tables added."""
    import spacy

    from claimgraph.models.morph import FACTORY

    nlp = spacy.load(best)
    for name in ("attribute_ruler", "lemmatizer", FACTORY):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    morph = nlp.add_pipe(FACTORY, after="tagger")
    morph.set_tables(*upos_tables(data), lemma_table(data))  # type: ignore[attr-defined]
    # The parser alone splits EWT test sentences better than with the senter's boundaries
    # (MODEL_CARD.md); the senter ships disabled.
    nlp.disable_pipe("senter")
    nlp.meta.update(
        {
            "name": "claimgraph",
            "version": "0.1.0",
            "description": "claimgraph's own tagger, parser, sentence splitter and NER",
            "license": "CC BY-SA 4.0 (weights trained on CC BY-SA data; see MODEL_CARD.md)",
            "author": "claimgraph project",
        }
    )
    nlp.config["paths"]["train"] = None  # local training paths do not ship
    nlp.config["paths"]["dev"] = None
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="shared data folder (default ../shared/data)")
    parser.add_argument("--workdir", default="/tmp/claimgraph-train", help="DocBins and output")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="packaged model folder")
    parser.add_argument("--max-steps", type=int, default=5000, help="joint training steps")
    parser.add_argument(
        "--continue-steps", type=int, default=3000, help="joint steps at the lower rate"
    )
    parser.add_argument("--finetune-steps", type=int, default=6000, help="NER head training steps")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads")
    parser.add_argument(
        "--stage",
        choices=("convert", "train", "continue", "finetune", "package", "referring", "all"),
        default="all",
    )
    args = parser.parse_args(argv)
    _limit_threads(args.threads)
    from claimgraph.models.fast_ops import install_for_training

    install_for_training()
    data = gold.shared_data_dir(args.data)
    workdir = Path(args.workdir)
    if args.stage in ("convert", "all"):
        print("converted:", convert(data, workdir), flush=True)
    if args.stage in ("train", "all"):
        train(workdir, args.max_steps)
    if args.stage in ("continue", "all") and args.continue_steps:
        continue_training(workdir, args.continue_steps)
    if args.stage in ("finetune", "all"):
        joint = workdir / "output-cont" / "model-best"
        if not joint.is_dir():
            joint = workdir / "output" / "model-best"
        finetune_ner(data, workdir, joint, args.finetune_steps)
    if args.stage in ("package", "all"):
        best = workdir / "output-ft" / "model-last"
        print("packaged:", package(best, Path(args.out), data))
    if args.stage in ("referring", "all"):
        print("referring words:", referring_table(data))


def referring_table(data: Path) -> Path:
    """Derive the pronoun and head-noun table from re3d's training documents, tagged by the
    installed model ($CLAIMGRAPH_MODEL to use another)."""
    from claimgraph.models import referring
    from claimgraph.nlp.ner_model import tagged_mentions

    train_docs = gold.split_re3d(gold.read_re3d(data))[0]
    return referring.write_table(referring.derive_table(train_docs, tagged_mentions))


def _limit_threads(n: int) -> None:
    import os

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(n))


if __name__ == "__main__":
    main()
