"""Scale of the cross-document stage on a generated corpus of short documents.

    .venv/bin/python benchmarks/scale.py                   # 10k, 100k, 1M documents
    .venv/bin/python benchmarks/scale.py --sizes 10000 30000 --json

Each size runs in its own process: the corpus (texts, entities, claims as the pipeline would
have stored them) is generated first, then the stages are timed on those records, never the
language pipeline: fingerprints (MinHash), document clustering (LSH candidates, comparison,
union-find), claim clustering (blocks, evidence LSH) and merged claims with their grades.
Reports time and peak memory (max RSS) per size, the fitted growth exponent of time against
size (log-log least squares), and pairwise precision/recall of the clusters against the
generator's truth.

The generator writes events from a few boilerplate templates (so most events have a templated
twin with other facts), wire originals with exact, credit-stripped and truncated copies,
rewrites of the same event by other outlets, and denials.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from math import comb, log
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimgraph.analysis.claimmerge import (  # noqa: E402
    ClaimFeatures,
    block_of,
    build_merged,
    cluster_claims,
)
from claimgraph.analysis.crossdoc import doc_origins  # noqa: E402
from claimgraph.analysis.dedup import cluster_documents  # noqa: E402
from claimgraph.analysis.fingerprint import features_in_chunks  # noqa: E402
from claimgraph.analysis.grading import GradeBasis  # noqa: E402
from claimgraph.model import Entity, EntityRef, Hop, TimeExpr  # noqa: E402

AGENCIES = [("Reuters", "media:reuters"), ("AP", "media:ap"), ("AFP", "media:afp")]
RELATIONS = [
    ("supply", "delivered {q} {item} to {obj}"),
    ("attack", "struck positions of {obj} with {q} {item}"),
    ("meet", "met officials of {obj} to discuss {q} {item}"),
    ("provide_military_aid", "pledged {q} {item} in aid to {obj}"),
]
TEMPLATES = [
    "{place} ({agency}) - {subj} {verb} on {day}, {person} said in a statement. {filler}",
    "{subj} {verb}, according to {person}, speaking in {place} on {day}. {filler}",
    "On {day} in {place}, {subj} {verb}. {person} confirmed the figure. {filler}",
    "{place} - {person} told reporters on {day} that {subj} {verb}. {filler}",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ITEMS = ["tanks", "drones", "howitzers", "missiles", "radars", "helicopters", "rifles", "ships"]


@dataclass
class Corpus:
    """Generated records and the truth about them."""

    docs: list[tuple] = field(default_factory=list)  # build_features keyword tuples
    claims: list[ClaimFeatures] = field(default_factory=list)
    origin_truth: dict[str, str] = field(default_factory=dict)
    event_truth: dict[str, str] = field(default_factory=dict)


class Interned:
    """One object per distinct value (a million documents share their entities)."""

    def __init__(self) -> None:
        self.refs: dict[str, EntityRef] = {}
        self.entities: dict[str, Entity] = {}
        self.hops: dict[str, Hop] = {}
        self.times: dict[str, TimeExpr] = {}

    def ref(self, eid: str, name: str) -> EntityRef:
        if eid not in self.refs:
            self.refs[eid] = EntityRef.model_construct(id=eid, name=name)
        return self.refs[eid]

    def entity(self, eid: str, name: str, etype: str, country: str | None = None) -> Entity:
        if eid not in self.entities:
            self.entities[eid] = Entity.model_construct(
                id=eid, name=name, type=etype, country=country
            )
        return self.entities[eid]

    def hop(self, ref: EntityRef) -> Hop:
        if ref.id not in self.hops:
            self.hops[ref.id] = Hop.model_construct(source=ref, anonymous=False, cue=None, via=None)
        return self.hops[ref.id]

    def time(self, month: str) -> TimeExpr:
        if month not in self.times:
            self.times[month] = TimeExpr.model_construct(
                value=month,
                precision="month",
                qualifier=None,
                span=None,
                forecast=False,
                label=month,
            )
        return self.times[month]


INTERNED = Interned()


class Words:
    """A Zipf-distributed vocabulary of made-up words."""

    def __init__(self, rng: random.Random, size: int = 40_000) -> None:
        self.rng = rng
        self.words = [_word(i) for i in range(size)]
        total = 0.0
        self.cum = []
        for rank in range(1, size + 1):  # content words: the Zipf tail past the function words
            total += 1.0 / (rank + 300) ** 1.05
            self.cum.append(total)

    def sentence(self, n: int) -> str:
        picks = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        return " ".join(picks).capitalize() + "."


def _word(i: int) -> str:
    letters = "bcdfghjklmnprstvz"
    vowels = "aeiou"
    out = ""
    i += 17 * 5
    while i:
        out += letters[i % 17] + vowels[(i // 17) % 5]
        i //= 85
    return out


def generate(n_docs: int, seed: int = 7) -> Corpus:
    """A corpus of about ``n_docs`` short documents with known clusters."""
    rng = random.Random(seed)
    words = Words(rng)
    places = [f"{_word(i * 7 + 3).title()}grad" for i in range(3000)]
    people = [f"{_word(i * 11 + 5).title()} {_word(i * 13 + 1).title()}" for i in range(8000)]
    countries = [f"country:{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(180)]
    corpus = Corpus()
    event = 0
    while len(corpus.docs) < n_docs:
        _event(corpus, rng, words, event, places, people, countries)
        event += 1
    return corpus


def _event(
    corpus: Corpus,
    rng: random.Random,
    words: Words,
    event: int,
    places: list[str],
    people: list[str],
    countries: list[str],
) -> None:
    relation, verb_tpl = rng.choice(RELATIONS)
    subj, obj = rng.sample(countries, 2)
    facts = {
        "place": rng.choice(places),
        "person": rng.choice(people),
        "day": rng.choice(DAYS),
        "q": rng.randint(2, 400),
        "item": rng.choice(ITEMS),
        "published": f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }
    agency, agency_id = rng.choice(AGENCIES)
    filler = " ".join(words.sentence(rng.randint(8, 14)) for _ in range(2))
    template = rng.choice(TEMPLATES)
    verb = verb_tpl.format(obj=obj.split(":")[1], **facts)
    text = template.format(
        subj=subj.split(":")[1], verb=verb, agency=agency, filler=filler, **facts
    )
    eid = f"e{event}"
    base = _add(corpus, rng, eid, f"{eid}-o", text, facts, relation, subj, obj, agency_id)
    kind = rng.random()
    if kind < 0.35:  # syndicated copies: exact, without the credit, truncated
        for c in range(rng.randint(1, 4)):
            copy = text.replace(f"({agency}) ", "") if c % 2 else text
            if c == 2:
                copy = copy[: int(len(copy) * 0.7)].rsplit(" ", 1)[0] + " ..."
            _add(corpus, rng, eid, f"{eid}-o", copy, facts, relation, subj, obj, None, base)
    if 0.2 < kind < 0.5:  # another outlet tells the same event in its own words
        other = (
            f"{facts['person']} said {subj.split(':')[1]} {verb} in {facts['place']} on "
            f"{facts['day']}. {words.sentence(12)} {words.sentence(10)}"
        )
        _add(corpus, rng, eid, f"{eid}-r", other, facts, relation, subj, obj, None)
    if 0.45 < kind < 0.55:  # a denial by the subject
        denial = (
            f"{subj.split(':')[1]} denied on {facts['day']} that it {verb}, calling the report "
            f"from {facts['place']} false. {words.sentence(10)}"
        )
        _add(corpus, rng, eid, f"{eid}-d", denial, facts, relation, subj, obj, None, denied=True)


def _add(
    corpus: Corpus,
    rng: random.Random,
    event: str,
    origin: str,
    text: str,
    facts: dict,
    relation: str,
    subj: str,
    obj: str,
    wire: str | None,
    copy_of: str | None = None,
    denied: bool = False,
) -> str:
    doc_id = f"d{len(corpus.docs):08d}"
    corpus.origin_truth[doc_id] = origin
    corpus.event_truth[doc_id] = event
    place_id = "place:" + facts["place"].lower()
    person_id = "person:" + facts["person"].lower().replace(" ", "-")
    entities = [
        INTERNED.entity(subj, subj, "state", subj[-2:]),
        INTERNED.entity(obj, obj, "state", obj[-2:]),
        INTERNED.entity(place_id, facts["place"], "location"),
        INTERNED.entity(person_id, facts["person"], "person"),
    ]
    corpus.docs.append((doc_id, text, facts["published"], entities))
    person = INTERNED.ref(person_id, facts["person"])
    place = INTERNED.ref(place_id, facts["place"])
    _claims(corpus, doc_id, text, facts, relation, subj, obj, (person, place), wire, denied)
    return copy_of or doc_id


def _claims(
    corpus: Corpus,
    doc_id: str,
    text: str,
    facts: dict,
    relation: str,
    subj: str,
    obj: str,
    who_where: tuple[EntityRef, EntityRef],
    wire: str | None,
    denied: bool,
) -> None:
    person, place = who_where
    s, o = INTERNED.ref(subj, subj), INTERNED.ref(obj, obj)
    hop = INTERNED.hop(person)
    when = INTERNED.time(facts["published"][:7])
    for n, (rel, sub, ob, qty) in enumerate(
        [(relation, s, o, float(facts["q"])), ("say", person, None, None)]
    ):
        block, textual = block_of(rel, sub.id, ob.id if ob else None)
        certainty = "denied" if denied and n == 0 else "reported"
        corpus.claims.append(
            ClaimFeatures(
                doc_id=doc_id,
                claim_id=f"{doc_id}-c{n + 1}",
                relation=rel,
                subject=sub,
                object=ob,
                block=block,
                textual=textual,
                time=when,
                location=None,
                quantity=qty,
                certainty=certainty,
                negated=False,
                status=None,
                category=None,
                source=person,
                anonymous=False,
                wire=wire,
                published=facts["published"],
                forecast=False,
                evidence=text[:160],
                basis=GradeBasis(
                    claim_id=f"{doc_id}-c{n + 1}",
                    certainty=certainty,
                    origin=hop,
                    chain=(hop,),
                    kind="person",
                    cue_reasons=(),
                    ai_disclosed=False,
                    asserted_by="the outlet",
                ),
            )
        )


# -- measuring -------------------------------------------------------------------------------


def measure(n_docs: int) -> dict:
    """Generate a corpus of ``n_docs`` and time the stages on it (in this process): CPU
    seconds (what the exponent is fitted on; other jobs on the machine do not count) and
    wall-clock seconds."""
    t0 = time.perf_counter()
    corpus = generate(n_docs)
    generated = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # the generated input stands for stored rows: keep it out of GC scans
    cpu: dict[str, float] = {}
    wall: dict[str, float] = {}

    def clock(name: str, since: tuple[float, float]) -> tuple[float, float]:
        now = (time.process_time(), time.perf_counter())
        cpu[name], wall[name] = now[0] - since[0], now[1] - since[1]
        return now

    start = (time.process_time(), time.perf_counter())
    records = (
        {"doc_id": d, "text": text, "published": pub, "language": "en", "entities": ents}
        for d, text, pub, ents in corpus.docs
    )
    docs = list(features_in_chunks(records))
    corpus.docs.clear()
    start = clock("fingerprints", start)
    clusters = cluster_documents(docs)
    start = clock("document_clusters", start)
    groups = cluster_claims(corpus.claims)
    start = clock("claim_clusters", start)
    origins = doc_origins(clusters)
    merged = contradicted = 0
    for group in groups:  # streamed, as the store writes them out
        record = build_merged([corpus.claims[i] for i in group], origins).record
        merged += 1
        contradicted += bool(record.contradictions)
    clock("merge_and_grade", start)
    return {
        "documents": len(docs),
        "claims": len(corpus.claims),
        "generate_s": round(generated, 2),
        "stages_cpu_s": {k: round(v, 2) for k, v in cpu.items()},
        "total_cpu_s": round(sum(cpu.values()), 2),
        "total_wall_s": round(sum(wall.values()), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "links": len(clusters.links),
        "merged_claims": merged,
        "contradicted_merged_claims": contradicted,
        "origin_pr": pairwise(clusters.origin, corpus.origin_truth),
        "event_pr": pairwise(clusters.event, corpus.event_truth),
    }


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision and recall of a clustering against the truth (from counts)."""
    both = Counter((predicted[d], truth[d]) for d in truth)
    tp = sum(comb(n, 2) for n in both.values())
    pred = sum(comb(n, 2) for n in Counter(predicted[d] for d in truth).values())
    gold = sum(comb(n, 2) for n in Counter(truth.values()).values())
    return {
        "precision": round(tp / pred, 4) if pred else 1.0,
        "recall": round(tp / gold, 4) if gold else 1.0,
    }


def exponent(rows: list[dict], key: str = "total_cpu_s") -> float | None:
    """Slope of log(time) against log(size)."""
    points = [(log(r["documents"]), log(r[key])) for r in rows if r[key] > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    num = sum((x - mx) * (y - my) for x, y in points)
    den = sum((x - mx) ** 2 for x, _ in points)
    return round(num / den, 3)


def _sizes(args: argparse.Namespace) -> Iterator[dict]:
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(_line(row), file=sys.stderr, flush=True)
        yield row


def _line(row: dict) -> str:
    stages = ", ".join(f"{k} {v}s" for k, v in row["stages_cpu_s"].items())
    return (
        f"{row['documents']:>9} docs {row['claims']:>9} claims: {row['total_cpu_s']:>8} CPU s "
        f"({row['total_wall_s']} s wall) "
        f"({stages}); peak {row['peak_rss_mb']} MB; origin P/R {row['origin_pr']}; "
        f"event P/R {row['event_pr']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    rows = list(_sizes(args))
    result = {
        "sizes": rows,
        "growth_exponent": exponent(rows),
        "growth_exponent_wall": exponent(rows, "total_wall_s"),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"fitted growth exponent: {result['growth_exponent']} (CPU time), "
            f"{result['growth_exponent_wall']} (wall clock)"
        )


if __name__ == "__main__":
    main()
