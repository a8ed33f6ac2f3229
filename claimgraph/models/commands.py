"""`claimgraph ner` and `claimgraph eval ner`."""

from __future__ import annotations

import json
import sys

import click


@click.command("ner")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print the mentions as a JSON list.")
@click.option("--no-model", is_flag=True, help="Use the gazetteer only (no statistical model).")
@click.option(
    "--mentions",
    type=click.Choice(["names", "all"]),
    default="names",
    show_default=True,
    help="names: named mentions (with the names nested in them); all: also pronouns and noun "
    "phrases that refer to entities ('we', 'the city'), linked to their antecedent.",
)
def ner(path: str, as_json: bool, no_model: bool, mentions: str) -> None:
    """Recognise entity mentions in PATH (or - for standard input), text exactly as given."""
    from claimgraph.models.recognize import recognize

    if no_model and mentions == "all":
        raise click.UsageError("--mentions all needs the statistical model (drop --no-model)")
    text = _read_exact(path)
    found = recognize(text, use_model=False if no_model else None, referring=mentions == "all")
    if as_json:
        click.echo(json.dumps([m.to_json() for m in found], ensure_ascii=False, indent=2))
        return
    for m in found:
        click.echo(f"{m.start}\t{m.end}\t{m.coarse}\t{m.text}\t{m.entity_id}\t{m.entity_name}")


def _read_exact(path: str) -> str:
    """The input text with no cleaning (offsets must line up with any gold)."""
    from claimgraph.ingest import read_input, read_stdin

    return (read_stdin() if path == "-" else read_input(path)).text


@click.command("ner")
@click.option(
    "--gold",
    "gold_name",
    type=click.Choice(["re3d", "uner", "wikigold"]),
    required=True,
    help="Gold set: re3d (held-back documents), uner (EWT test), wikigold (held-back docs).",
)
@click.option("--data", help="Shared data folder (default: $CLAIMGRAPH_SHARED/data, ../shared).")
@click.option(
    "--mode",
    type=click.Choice(["combined", "model", "gazetteer"]),
    default="combined",
    help="combined = what `claimgraph ner` prints; model or gazetteer alone.",
)
@click.option(
    "--mentions",
    type=click.Choice(["names", "all"]),
    help="Mentions to predict (as `claimgraph ner --mentions`); default: what the gold set's "
    "guideline marks (re3d: all, with pronouns and noun phrases; uner, wikigold: names).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_ner(
    gold_name: str, data: str | None, mode: str, mentions: str | None, as_json: bool
) -> None:
    """Score recognition against a gold set (exact spans, per type and micro P/R/F1)."""
    from pathlib import Path

    from claimgraph.models.evaluate import GUIDELINE_MENTIONS, evaluate
    from claimgraph.models.recognize import recognize

    mentions = mentions or GUIDELINE_MENTIONS[gold_name]
    referring = mentions == "all" and mode == "combined"

    def predict(text: str) -> list[tuple[int, int, str]]:
        if mode == "model":
            from claimgraph.nlp.ner_model import statistical_mentions

            return statistical_mentions(text)
        found = recognize(text, use_model=mode == "combined", referring=referring)
        return [(m.start, m.end, m.coarse) for m in found]

    scores = evaluate(gold_name, predict, Path(data) if data else None)
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in scores], indent=2))
        return
    for s in scores:
        scheme = f", mentions {mentions}" if mode == "combined" else ""
        click.echo(f"{gold_name} [{mode}{scheme}] {s.name}: {_fmt(s.micro)}")
        for label, counts in sorted(s.per_type.items()):
            click.echo(f"  {label:<9} {_fmt(counts)}")
    sys.stdout.flush()


def _fmt(c: object) -> str:
    p, r, f = (getattr(c, k) for k in ("p", "r", "f"))
    tp, fp, fn = (getattr(c, k) for k in ("tp", "fp", "fn"))
    return f"P {p:5.1f}  R {r:5.1f}  F {f:5.1f}  (tp {tp}, fp {fp}, fn {fn})"


def register(main: click.Group, eval_group: click.Group) -> None:
    """Attach `ner` to the main group and `ner` to the eval group."""
    main.add_command(ner)
    eval_group.add_command(eval_ner)
