"""Build the event-coding lexicons from the PETRARCH2 dictionaries (build-time helper, not in the
package).

Inputs, under the team's shared folder (``--shared``; default ``$CLAIMGRAPH_SHARED`` or
``../shared`` next to the repository):

- ``data/events/petrarch2/CAMEO.2.0.txt.gz``: the CAMEO verb dictionary (verb synonym blocks
  with a default code, verb forms in braces, synonym sets ``&NAME``, ``-`` pattern lines);
- ``data/events/cameo_to_plover_2021.jsonl``: CAMEO code -> PLOVER type/mode;
- ``data/events/petrarch2/Phoenix.agents.txt.gz``: generic agent nouns -> agent codes;
- ``data/events/petrarch2/Phoenix.Countries.actors.txt.gz``: named national actors with their
  CAMEO codes and the dates each role held.

Outputs, in ``claimgraph/resources/lexicons/`` (``--out`` to write elsewhere):

- ``cameo_verbs.yaml``: ``verbs`` (lemma -> cameo/plover/mode of its block or its own code),
  ``forms`` (irregular form -> lemma), ``phrases`` ("lemma particle", "lemma object",
  "lemma particle object" -> CAMEO code) and ``codes`` (CAMEO code -> PLOVER type/mode).
  Read mostly the way PETRARCH2's ``read_verb_dictionary`` reads them: synonym sets are
  expanded, a later duplicate pattern replaces an earlier one, a verb listed in several blocks
  belongs to the first. One difference: a pattern applies to the verbs its comment names (the
  verb it was written for in the TABARI dictionary, "# RUSH"), and to every verb of its block
  only when the comment names none; applying every pattern to every verb of the block gives
  72k mostly odd phrases ("abide by torture") and a 2 MB file. Only patterns a dependency
  parse can match simply are kept: no words before the verb, at most one particle/preposition
  and one head word, no modifiers (``{...}`` noun phrases), no actor markers (``$ + ^ %``).
  A kept phrase whose code is null ``[---]``, passive-only (``[:173]``) or without a PLOVER
  type still blocks the verb's own code.
- ``phoenix_agents.yaml``: ``agents`` (noun, singular, lower case -> agent code), ``plurals``
  (irregular plural -> singular) and ``sectors`` (code -> claimgraph entity type, from the
  ``SECTORS`` table below, which is project knowledge).
- ``phoenix_actors.yaml``: the named actors of the country dictionary with their aliases,
  default code and dated roles (only if the file stays under ``ACTORS_MAX_BYTES``; otherwise
  only the actors with dated roles).

Run:  .venv/bin/python scripts/build_event_dictionaries.py [--shared /work/shared] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimgraph.eval.gold import shared_root
from claimgraph.model import EntityType
from claimgraph.nlp.dictionaries import normalize, regular_lemmas, singular, singular_phrase

OUT = Path(__file__).resolve().parents[1] / "claimgraph/resources/lexicons"
EVENTS = Path("data/events")
VERB_FILE = EVENTS / "petrarch2/CAMEO.2.0.txt.gz"
PLOVER_FILE = EVENTS / "cameo_to_plover_2021.jsonl"
AGENT_FILE = EVENTS / "petrarch2/Phoenix.agents.txt.gz"
ACTOR_FILE = EVENTS / "petrarch2/Phoenix.Countries.actors.txt.gz"
ACTORS_MAX_BYTES = 1_500_000
UPSTREAM = "openeventdata/petrarch2 commit 676801cd (petrarch2/data/dictionaries)"
PLOVER_UPSTREAM = "openeventdata/PLOVER commit 5e0c24fb, CAMEO2PLOVER-2021.txt"

# Words that follow a verb as a particle ("set out views", "hand over weapons").
PARTICLES = frozenset(
    [
        "up",
        "down",
        "out",
        "off",
        "over",
        "in",
        "on",
        "back",
        "away",
        "forward",
        "aside",
        "along",
        "around",
        "through",
        "together",
        "apart",
    ]
)
# An agent phrase ending in one of these is a context pattern ("ambassador to", "embassy in").
FUNCTION_WORDS = frozenset(
    ["to", "in", "of", "for", "at", "from", "on", "with", "and", "by", "the", "a", "an", "as"]
)
COPULA = frozenset(["is", "are", "was", "were", "be", "been", "am"])

# Phoenix agent code (first three letters of a composite code) -> claimgraph entity type; None
# for codes naming a part of society rather than an actor (civilians, farmers, the religious).
# A composite code ("GOVMED", "MUSREB") takes the type of its first part that has one.
SECTORS: dict[str, str | None] = {
    "GOV": "government_body",
    "MIL": "armed_force",
    "COP": "government_body",
    "JUD": "government_body",
    "LEG": "government_body",
    "SPY": "government_body",
    "REB": "armed_group",
    "INS": "armed_group",
    "SEP": "armed_group",
    "UAF": "armed_group",
    "IMG": "armed_group",
    "OPP": "organization",
    "PTY": "organization",
    "NGO": "organization",
    "NGM": "organization",
    "HRI": "organization",
    "BUS": "organization",
    "MNC": "organization",
    "MED": "media",
    "IGO": "international_org",
    "ELI": "person",
    "CVL": None,
    "PPL": None,
    "AGR": None,
    "EDU": None,
    "HLH": None,
    "LAB": None,
    "REF": None,
    "ENV": None,
    "DEV": None,
    "CRM": None,
    "RAD": None,
    "MOD": None,
    "REL": None,
    "BUD": None,
    "CHR": None,
    "CTH": None,
    "PRO": None,
    "CPT": None,
    "MAR": None,
    "HIN": None,
    "JEW": None,
    "MUS": None,
    "SHI": None,
    "SUN": None,
}

HEADER = """\
# {title}
# source: {sources}
#   upstream: {upstream}.
# Generated by scripts/build_event_dictionaries.py; do not edit by hand, re-run the script.
{notes}#
# Licence of the source dictionaries (kept with this derived file as the MIT licence requires):
#
{licence}
"""


# ------------------------------------------------------------------------- shared helpers


def read_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
        return handle.read().splitlines()


def mit_notice(lines: Iterable[str]) -> str:
    """The MIT licence block of a dictionary's header comment, as YAML comment lines."""
    block: list[str] = []
    for line in lines:
        text = line.lstrip("#").rstrip()
        text = text[1:] if text.startswith(" ") else text
        if not block and text.strip() != "The MIT License (MIT)":
            continue
        if block and not line.startswith("#"):
            break
        block.append(text)
        if text.rstrip().endswith("THE SOFTWARE.") and len(block) > 5:
            break
    if not block:
        raise SystemExit("no MIT licence notice found in a source file header")
    return "\n".join(f"# {text}".rstrip() for text in block)


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0]


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, except one-line records ({cameo, plover, mode}, a role) and lists of
    scalars; digit-only strings quoted (YAML 1.2 readers would take "018" for a number)."""


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _represent_dict(dumper: Dumper, data: dict[Any, Any]) -> yaml.Node:
    flow = len(data) <= 4 and all(_scalar(v) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


def _represent_list(dumper: Dumper, data: list[Any]) -> yaml.Node:
    flow = all(_scalar(v) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: Dumper, data: str) -> yaml.Node:
    style = "'" if data.isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


Dumper.add_representer(dict, _represent_dict)
Dumper.add_representer(list, _represent_list)
Dumper.add_representer(str, _represent_str)


def dump(path: Path, header: str, body: dict[str, Any]) -> int:
    text = header + yaml.dump(body, Dumper=Dumper, sort_keys=True, width=100, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


# ------------------------------------------------------------------------- PLOVER table


def read_plover(path: Path) -> dict[str, tuple[str | None, str | None]]:
    table: dict[str, tuple[str | None, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            table[str(row["cameo"])] = (row.get("plover"), row.get("mode"))
    return table


@dataclass
class Coder:
    """CAMEO code -> {cameo, plover, mode}, falling back to the parent code (0344 -> 034 -> 03)."""

    plover: dict[str, tuple[str | None, str | None]]
    fallbacks: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)

    def entry(self, cameo: str | None) -> dict[str, str | None]:
        if not cameo:
            return {"cameo": None, "plover": None, "mode": None}
        for length in range(len(cameo), 1, -1):
            found = self.plover.get(cameo[:length])
            if found and found[0]:
                if length < len(cameo):
                    self.fallbacks[cameo] += 1
                return {"cameo": cameo, "plover": found[0], "mode": found[1]}
        self.unmapped[cameo] += 1
        return {"cameo": cameo, "plover": None, "mode": None}


def active_code(raw: str) -> str | None:
    """The active part of a PETRARCH code ("042:043" -> "042"); None for "---" or ":173"."""
    code = raw.strip().strip("[]").split(":")[0].strip()
    return code if code and code != "---" and code.isdigit() else None


# ------------------------------------------------------------------------- verb dictionary

CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Block:
    name: str
    code: str
    # (pattern text, raw code, comment): the comment names the verb(s) the pattern came from
    patterns: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Verb:
    lemma: str
    block: Block
    code: str  # raw code: own or the block's
    particle: str | None = None  # compound verbs ("+ASK_FOR" -> "for")

    @property
    def key(self) -> str:
        return self.lemma if self.particle is None else f"{self.lemma} {self.particle}"


@dataclass
class VerbStats:
    verbs: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    compounds_dropped: Counter[str] = field(default_factory=Counter)
    transformations: int = 0

    @property
    def patterns(self) -> int:
        return self.kept + sum(self.dropped.values())


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """Synonym sets: label -> member phrases (upper case, words separated by spaces)."""
    synsets: dict[str, list[str]] = {}
    label = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        text = strip_comment(line).strip()
        if text.startswith("&"):
            label = text.rstrip("_")
            synsets[label] = []
        elif text.startswith("+") and label:
            synsets[label].append(re.sub(r"[\s_]+", " ", text[1:]).strip().upper())
    return synsets


def read_verbs(
    lines: list[str], stats: VerbStats
) -> tuple[list[Block], dict[str, Verb], dict[str, str]]:
    """Blocks, verbs (first definition wins, as in PETRARCH2) and irregular forms."""
    blocks: list[Block] = []
    verbs: dict[str, Verb] = {}
    forms: dict[str, str] = {}
    block: Block | None = None
    started = False
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if not started or not line.strip():
            continue
        if line.startswith("---"):
            segs = line.split()
            block = Block(segs[1], segs[2] if len(segs) > 2 else "[---]")
            blocks.append(block)
            continue
        if line.startswith("#") or block is None:
            continue
        if line.startswith("~"):
            stats.transformations += 1
            continue
        if line.startswith("-"):
            text, _, comment = line[1:].partition("#")
            codes = CODE.findall(text)
            if codes and "*" in text:
                block.patterns.append((text[: text.rfind("[")], codes[-1], comment))
            continue
        text = strip_comment(line).split(";", 1)[0]
        codes = CODE.findall(text)
        code = f"[{codes[-1]}]" if codes else block.code
        text = CODE.sub(" ", text)
        braced = re.search(r"\{([^}]*)\}", text)
        listed = braced.group(1).replace(",", " ").split() if braced else []
        words = re.sub(r"\{[^}]*\}", " ", text).split()
        if not words:
            continue
        primary = words[0]
        verb = _verb_entry(primary, block, code, braced is not None and not listed, stats)
        if verb is None:
            continue
        key = verb.lemma if verb.particle is None else f"{verb.lemma} {verb.particle}"
        verbs.setdefault(key, verb)
        for form in listed:
            stem = form.split("_")[0] if form.startswith("+") else form
            stem = stem.lstrip("+").lower()
            if stem and stem != verb.lemma and stem.isalpha():
                forms.setdefault(stem, verb.lemma)
    simple = {v.lemma for v in verbs.values()}
    forms = {f: lemma for f, lemma in forms.items() if f not in simple}
    return blocks, verbs, forms


def _verb_entry(
    primary: str, block: Block, code: str, fixed_form: bool, stats: VerbStats
) -> Verb | None:
    if "_" not in primary:
        return Verb(primary.lstrip("+").lower(), block, code)
    parts = primary.split("_")
    if not parts[0].startswith("+"):
        stats.compounds_dropped["words before the verb"] += 1
        return None
    rest = [p.lower() for p in parts[1:] if p]
    if len(rest) != 1:
        stats.compounds_dropped["more than one word after the verb"] += 1
        return None
    stem = parts[0][1:].lower()
    if stem in COPULA:
        stem = "be"
    elif fixed_form:
        stats.compounds_dropped["inflected form only ({})"] += 1
        return None
    return Verb(stem, block, code, rest[0])


@dataclass(frozen=True)
class Slot:
    """A pattern's post-verb part reduced to what a dependency parse can match."""

    particle: str | None
    head: str | None


def tokens(text: str) -> list[str]:
    return re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", text)


def expand(text: str, synsets: dict[str, list[str]]) -> Iterator[str]:
    """The pattern text with each synset replaced by each of its members (PETRARCH2 semantics);
    nothing when it uses an undefined synset."""
    match = re.search(r"&[A-Z0-9_]+", text)
    if not match:
        yield text
        return
    label = match.group(0).rstrip("_")
    for member in synsets.get(label, []):
        word = member.replace(" ", "_") if " " in member else member
        yield from expand(text[: match.start()] + word + text[match.end() :], synsets)


def slot(post: str) -> tuple[Slot | None, str]:
    """The (particle, head) of a pattern's post-verb part, or None and why it cannot be."""
    parts = tokens(post)
    if not parts:
        return None, "nothing after the verb"
    if any(p in {"$", "+", "^", "%"} or p.startswith(("$", "^", "%")) for p in parts):
        return None, "actor markers"
    if any(p.startswith("{") for p in parts):
        return None, "noun phrase with modifiers"
    words: list[str] = []
    preps: list[list[str]] = []
    for part in parts:
        if part.startswith("("):
            preps.append(part.strip("()").split())
        else:
            words.append(part)
    if any("_" in w or "{" in w or "}" in w for w in words + [w for p in preps for w in p]):
        return None, "multi-word element"
    if not all(re.fullmatch(r"[A-Z][A-Z'.-]*", w) for w in words + [w for p in preps for w in p]):
        return None, "not plain words"
    if preps:
        if len(preps) > 1 or words or len(preps[0]) > 2:
            return None, "more than one particle or object"
        prep = preps[0][0].lower()
        head = preps[0][1].lower() if len(preps[0]) == 2 else None
        return Slot(prep, head and _noun(head)), ""
    if len(words) == 1:
        return Slot(None, _noun(words[0].lower())), ""
    if len(words) == 2 and words[0].lower() in PARTICLES:
        return Slot(words[0].lower(), _noun(words[1].lower())), ""
    return None, "more than one particle or object"


def _noun(word: str) -> str:
    return word if word in PARTICLES else singular(word)


def build_verbs(lines: list[str], coder: Coder) -> tuple[dict[str, Any], VerbStats]:
    stats = VerbStats()
    synsets = read_synsets(lines)
    blocks, verbs, forms = read_verbs(lines, stats)
    stats.verbs = len(verbs)
    out_verbs: dict[str, dict[str, str | None]] = {}
    phrases: dict[str, str | None] = {}
    for key, verb in verbs.items():
        code = active_code(verb.code)
        if verb.particle is None:
            if code:
                out_verbs[key] = coder.entry(code)
        else:
            phrases[key] = code  # compound verbs are phrases; null ones block
    candidates: dict[str, tuple[bool, str | None]] = {}
    for block in blocks:
        members = [v for v in verbs.values() if v.block is block]
        for text, raw, comment in block.patterns:
            named = comment_verbs(comment, members, forms)
            reason = pattern_keys(text, raw, named or members, synsets, candidates)
            if reason:
                stats.dropped[reason] += 1
            else:
                stats.kept += 1
    for key, (_, code) in candidates.items():
        phrases[key] = code
    used = {c for c in phrases.values() if c} | {str(v["cameo"]) for v in out_verbs.values()}
    codes = {}
    for code in sorted(used):
        entry = coder.entry(code)
        codes[code] = {"plover": entry["plover"], "mode": entry["mode"]}
    body = {"verbs": out_verbs, "forms": forms, "phrases": phrases, "codes": codes}
    return body, stats


def pattern_keys(
    text: str,
    raw: str,
    members: list[Verb],
    synsets: dict[str, list[str]],
    candidates: dict[str, tuple[bool, str | None]],
) -> str:
    """Add a pattern's phrase keys (for every verb of its block) to ``candidates``: a later
    pattern replaces an earlier one, except that a key made from a simple verb ("ask" +
    "(FOR HELP)") wins over the same key made from a compound verb ("ask for" + "HELP").
    Returns why the pattern was dropped, "" when it was kept."""
    if not members:
        return "block without verbs of its own"
    pre, _, post = text.partition("*")
    if pre.strip():
        return "words before the verb"
    slots: list[Slot] = []
    reason = "undefined synset"
    for variant in expand(post, synsets):
        found, why = slot(variant)
        if found:
            slots.append(found)
        else:
            reason = why
    if not slots:
        return reason
    code = active_code(raw)
    kept = False
    for verb in members:
        for one in dict.fromkeys(slots):
            key = phrase_key(verb, one)
            if not key:
                continue
            kept = True
            simple = verb.particle is None
            if simple or not candidates.get(key, (False, None))[0]:
                candidates[key] = (simple, code)
    return "" if kept else "more than one particle or object"


def comment_verbs(comment: str, members: list[Verb], forms: dict[str, str]) -> list[Verb]:
    """The verbs of the block that a pattern's comment names ("# SEND , DEPLOY", "# RULED_OUT"):
    the verbs the pattern was written for in the TABARI dictionary it comes from."""
    named: list[Verb] = []
    head = re.split(r"[<a-z(]", comment, maxsplit=1)[0]
    for token in re.findall(r"[A-Z][A-Z_+'-]*", head):
        words = token.replace("+", "").lower().split("_")
        for lemma in dict.fromkeys([forms.get(words[0], words[0]), *regular_lemmas(words[0])]):
            key = " ".join([lemma, *words[1:]])
            found = [v for v in members if v.key == key or (v.particle is None and v.lemma == key)]
            if found:
                named += [v for v in found if v not in named]
                break
    return named


def phrase_key(verb: Verb, one: Slot) -> str | None:
    if verb.particle is None:
        return " ".join(w for w in (verb.lemma, one.particle, one.head) if w)
    if one.particle is None and one.head:
        return f"{verb.lemma} {verb.particle} {one.head}"
    return None


# ------------------------------------------------------------------------- agents

AGENT_CODE = re.compile(r"\[\s*~?([A-Z]+)~?\s*[\]}]")
SUBSTITUTION = re.compile(r"^!([A-Z]+)!\s*=\s*(.+)$")


@dataclass
class AgentStats:
    entries: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)


def _is_plural_of(plural: str, single: str) -> bool:
    return plural != single and singular_phrase(plural) == single


def build_agents(lines: list[str]) -> tuple[dict[str, Any], AgentStats]:
    stats = AgentStats()
    subs: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    plurals: dict[str, str] = {}
    for line in lines:
        text = strip_comment(line).strip()
        if not text or text.startswith("<!"):
            continue
        match = SUBSTITUTION.match(text)
        if match:
            subs[match.group(1)] = [i.strip() for i in match.group(2).split(",") if i.strip()]
            continue
        code_match = AGENT_CODE.search(text)
        if not code_match:
            stats.dropped["no code"] += 1
            continue
        stats.entries += 1
        code = code_match.group(1)
        phrase = text[: code_match.start()]
        braced = re.search(r"\{([^}]*)\}", phrase)
        plural = braced.group(1).strip() if braced else ""
        phrase = re.sub(r"\{[^}]*\}", " ", phrase).strip()
        # A marker inside a word is a typo for its text ("AD!MINIST!RATIVE").
        phrase = re.sub(r"(?<=[A-Z])!([A-Z]+)!(?=[A-Z])", r"\1", phrase)
        for single, many in _expand_agent(phrase, plural, subs):
            if not re.fullmatch(r"[a-z0-9][a-z0-9 .'/&-]*", single):
                stats.dropped["not plain words"] += 1
                continue
            if single.split()[-1] in FUNCTION_WORDS:
                stats.dropped["context pattern (ends in a function word)"] += 1
                continue
            if single in agents:
                if agents[single] != code:
                    stats.conflicts.append(f"{single}: {agents[single]} kept, {code} dropped")
                continue
            agents[single] = code
            if many and singular_phrase(many) != single:
                plurals.setdefault(many, single)
    # An entry that is the plural of another entry with the same code ("men" of "man") is
    # reached by the loader's singular rule: keep it only as an irregular plural if needed.
    for key in sorted(agents):
        one = singular_phrase(key)
        if one != key and agents.get(one) == agents[key]:
            del agents[key]
            stats.dropped["plural of another entry"] += 1
    plurals = {p: s for p, s in plurals.items() if p not in agents and s in agents}
    codes = sorted(set(agents.values()))
    sectors = {code: sector_type(code) for code in codes}
    body = {"agents": agents, "plurals": plurals, "sectors": sectors}
    return body, stats


def _expand_agent(
    phrase: str, plural: str, subs: dict[str, list[str]]
) -> Iterator[tuple[str, str]]:
    """(singular, irregular plural or "") pairs of an agent entry, substitutions expanded;
    ``MINIST`` (a stem in the file) as minister and ministry."""
    marker = re.search(r"!([A-Z]+)!", phrase)
    if marker:
        items = subs.get(marker.group(1), [])
        singles = [i for i in items if not any(_is_plural_of(i.lower(), j.lower()) for j in items)]
        for item in singles:
            many = next((i for i in items if _is_plural_of(i.lower(), item.lower())), "")
            head, tail = phrase[: marker.start()], phrase[marker.end() :]
            more = f"{head}{many}{tail}" if many else ""
            yield from _expand_agent(head + item + tail, more, subs)
        return
    words = normalize(phrase.replace("!", " ")).split()
    if len(words) > 1 and words[0] in {"a", "an", "the"}:
        words = words[1:]
    if "minist" in words:
        for noun in ("minister", "ministry"):
            yield " ".join(noun if w == "minist" else w for w in words), ""
        return
    yield " ".join(words), normalize(plural) if plural else ""


def sector_type(code: str) -> str | None:
    """The entity type of a (possibly composite) agent code: its first part that has one."""
    for start in range(0, len(code) - 2, 3):
        part = code[start : start + 3]
        if SECTORS.get(part):
            return SECTORS[part]
    return None


# ------------------------------------------------------------------------- actors

DATE_SPEC = re.compile(r"^(?:([<>])\s*(\d+)|(\d+)\s*-\s*(\d+))$")


@dataclass
class ActorStats:
    bad_dates: list[str] = field(default_factory=list)


def parse_date(text: str) -> dt.date | None:
    """YYYYMMDD or YYMMDD (00-30 -> 20YY, else 19YY, as in PETRARCH2); None if malformed."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        year, rest = int(text[:2]), text[2:]
        year += 2000 if year <= 30 else 1900
    else:
        return None
    try:
        return dt.date(year, int(rest[:2]), int(rest[2:]))
    except ValueError:
        return None


def read_actors(lines: list[str], stats: ActorStats) -> list[dict[str, Any]]:
    actors: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in lines:
        if line.startswith("#"):
            continue
        text = strip_comment(line)
        if not text.strip():
            continue
        groups = CODE.findall(text)
        name = normalize(CODE.sub(" ", text).replace("+", " ", 1)).rstrip("_ ").strip()
        if text[0].isspace() or text.lstrip().startswith("["):
            if current is None:
                continue
        elif text.startswith("+"):
            if current is None:
                continue
            if name and name != current["name"] and name not in current["aliases"]:
                current["aliases"].append(name)
        else:
            current = {"name": name, "aliases": [], "code": None, "roles": []}
            actors.append(current)
        for group in groups:
            _restriction(current, group, stats)
    return actors


def _restriction(actor: dict[str, Any], group: str, stats: ActorStats) -> None:
    parts = group.split(None, 1)
    if not parts or parts[0] == "---" or not re.fullmatch(r"[A-Z]{3,}", parts[0]):
        return
    code = parts[0]
    if len(parts) == 1:
        if actor["code"] is None:
            actor["code"] = code
        return
    match = DATE_SPEC.match(parts[1].strip())
    if not match:
        stats.bad_dates.append(f"{actor['name']}: [{group}]")
        return
    if match.group(1):
        day = parse_date(match.group(2))
        start, end = (day, None) if match.group(1) == ">" else (None, day)
        ok = day is not None
    else:
        start, end = parse_date(match.group(3)), parse_date(match.group(4))
        ok = start is not None and end is not None
    if not ok:
        stats.bad_dates.append(f"{actor['name']}: [{group}]")
        return
    role = {"code": code, "from": start and start.isoformat(), "to": end and end.isoformat()}
    if role not in actor["roles"]:
        actor["roles"].append(role)


def build_actors(
    actors: list[dict[str, Any]], dated_only: bool, since: str | None
) -> tuple[list[dict[str, Any]], int]:
    """The rows to write (``dated_only``: the actors with dated roles; ``since``: only the roles
    that hold on or after that ISO date, and only the actors that have one), sorted, and the
    number of roles they hold."""
    rows = []
    for actor in actors:
        roles = actor["roles"]
        if since:
            roles = [r for r in roles if r["to"] is None or r["to"] >= since]
        if not actor["name"] or (not actor["code"] and not roles):
            continue
        if (dated_only or since) and not roles:
            continue
        codes = ([actor["code"]] if actor["code"] else []) + [r["code"] for r in roles]
        row: dict[str, Any] = {"name": actor["name"], "country": codes[0][:3]}
        if actor["aliases"]:
            row["aliases"] = actor["aliases"]
        if actor["code"]:
            row["code"] = actor["code"]
        if roles:
            row["roles"] = roles
        rows.append(row)
    rows.sort(key=lambda a: (a["name"], json.dumps(a, sort_keys=True)))
    return rows, sum(len(r.get("roles", ())) for r in rows)


# ------------------------------------------------------------------------- main


def header(title: str, sources: str, licence: str, notes: Iterable[str] = ()) -> str:
    note_text = "".join(f"# {n}\n" for n in notes)
    return HEADER.format(
        title=title, sources=sources, upstream=UPSTREAM, notes=note_text, licence=licence
    )


def write_verbs(base: Path, out: Path) -> None:
    lines = read_lines(base / VERB_FILE)
    coder = Coder(read_plover(base / PLOVER_FILE))
    body, stats = build_verbs(lines, coder)
    notes = [
        "verbs: lemma -> {cameo, plover, mode} of the verb (its own code or its block's);",
        "  forms: irregular form -> lemma; phrases: 'lemma particle', 'lemma object' or",
        "  'lemma particle object' (object = head word, singular) -> CAMEO code;",
        "  codes: CAMEO code -> {plover, mode} (for the phrases, kept apart to keep this small).",
        "A pattern applies to the verbs its comment names (the verb it was written for), else",
        "  to all verbs of its block (PETRARCH2); synonym sets (&NAME) are expanded. Kept:",
        "  patterns with nothing before the verb, at most one particle/preposition and one",
        "  head word, no modifiers and no actor markers; the others are dropped.",
        "cameo null: PETRARCH codes no event for the phrase (kept to block the verb's code);",
        "  plover null: the CAMEO code has no PLOVER type in the table (01x statements, 02x",
        "  appeals); the loader returns None for both.",
        f"PLOVER types and modes: {PLOVER_FILE.name}, from",
        f"  {PLOVER_UPSTREAM}; that repository is CC BY-SA 4.0",
        "  (shared/data/SOURCES.md). A code missing from the table takes its parent's.",
        "Licence of this file: as a derivative of that table it is distributed under CC BY-SA 4.0",
        "  (https://creativecommons.org/licenses/by-sa/4.0/), like the project's model weights;",
        "  the PETRARCH2 parts remain under the MIT notice below.",
    ]
    text = header(
        "CAMEO verb and verb-phrase codes with their PLOVER 2021 types and modes.",
        f"PETRARCH2 {VERB_FILE.name} (Open Event Data Alliance, MIT) and {PLOVER_FILE.name}.",
        mit_notice(lines),
        notes,
    )
    size = dump(out / "cameo_verbs.yaml", text, body)
    print(
        f"cameo_verbs.yaml: {size:,} bytes; {len(body['verbs'])} verbs with a code (of"
        f" {stats.verbs} verbs and compound verbs read), {len(body['forms'])} forms,"
        f" {len(body['phrases'])} phrases, {len(body['codes'])} codes"
    )
    print(
        f"  patterns: {stats.patterns} read, {stats.kept} kept, {sum(stats.dropped.values())}"
        " dropped"
    )
    for reason, count in stats.dropped.most_common():
        print(f"    dropped {count:5}: {reason}")
    for reason, count in stats.compounds_dropped.most_common():
        print(f"  compound verbs dropped {count:4}: {reason}")
    print(f"  verb transformations (~ lines) not converted: {stats.transformations}")
    missing = sorted(coder.unmapped)
    print(f"  CAMEO codes without a PLOVER type ({len(missing)}): {' '.join(missing)}")
    fallbacks = sorted(coder.fallbacks)
    print(f"  codes mapped through their parent ({len(fallbacks)}): {' '.join(fallbacks)}")


def write_agents(base: Path, out: Path) -> None:
    lines = read_lines(base / AGENT_FILE)
    body, stats = build_agents(lines)
    notes = [
        "agents: generic actor noun (lower case, singular) -> Phoenix agent code;",
        "  plurals: irregular plural -> singular; sectors: code -> claimgraph entity type",
        "  (table in the script; null: a part of society, not an actor type).",
    ]
    text = header(
        "Generic agent nouns and their Phoenix agent codes.",
        f"PETRARCH2 {AGENT_FILE.name} (Open Event Data Alliance, MIT).",
        mit_notice(lines),
        notes,
    )
    size = dump(out / "phoenix_agents.yaml", text, body)
    sectors = body["sectors"]
    print(
        f"phoenix_agents.yaml: {size:,} bytes; {len(body['agents'])} agents from"
        f" {stats.entries} entries, {len(body['plurals'])} irregular plurals,"
        f" {len(sectors)} codes"
    )
    for reason, count in stats.dropped.most_common():
        print(f"  dropped {count:5}: {reason}")
    print(f"  conflicting duplicates (first kept): {len(stats.conflicts)}")
    for conflict in stats.conflicts:
        print(f"    {conflict}")
    unknown = sorted({c[i : i + 3] for c in sectors for i in range(0, len(c), 3)} - set(SECTORS))
    print(f"  code parts not in SECTORS: {' '.join(unknown) or '-'}")
    nulls = sorted(c for c, t in sectors.items() if t is None)
    print(f"  codes without an entity type ({len(nulls)}): {' '.join(nulls)}")


# Tried in turn until the actors file fits in ACTORS_MAX_BYTES: (dated roles only, since).
ACTOR_SUBSETS: tuple[tuple[bool, str | None], ...] = (
    (False, None),
    (True, None),
    (True, "2000-01-01"),
    (True, "2005-01-01"),
    (True, "2006-01-01"),
    (True, "2007-01-01"),
    (True, "2008-01-01"),
    (True, "2010-01-01"),
)


def actors_header(licence: str, dated_only: bool, since: str | None) -> str:
    notes = [
        "actors: name, aliases, country (first three letters of the first code), code (the",
        "  default, used when no dated role applies) and roles (CAMEO code with the first and",
        "  last day it held, inclusive; null = open). Two-digit years: 00-30 -> 20YY.",
    ]
    if dated_only:
        notes.append(
            "SUBSET: only the actors with dated roles"
            + (f", and only their roles held on or after {since}" if since else "")
        )
        notes.append(
            f"  (the whole dictionary is over {ACTORS_MAX_BYTES:,} bytes as YAML): earlier roles"
        )
        notes.append("  and undated actors (countries, institutions) are left out.")
    return header(
        "Named national actors (leaders, officials, forces) and their dated CAMEO roles.",
        f"PETRARCH2 {ACTOR_FILE.name} (Open Event Data Alliance, MIT).",
        licence,
        notes,
    )


def write_actors(base: Path, out: Path) -> None:
    lines = read_lines(base / ACTOR_FILE)
    licence = mit_notice(lines)
    stats = ActorStats()
    actors = read_actors(lines, stats)
    path = out / "phoenix_actors.yaml"
    texts: dict[str, str] = {}  # each row's YAML, made once: the file is "actors:" + the rows

    def row_text(row: dict[str, Any]) -> str:
        key = json.dumps(row, sort_keys=True)
        if key not in texts:
            texts[key] = yaml.dump(
                [row], Dumper=Dumper, sort_keys=True, width=100, allow_unicode=True
            )
        return texts[key]

    sizes = []
    for dated_only, since in ACTOR_SUBSETS:
        rows, roles = build_actors(actors, dated_only, since)
        text = actors_header(licence, dated_only, since) + "actors:\n"
        text += "".join(row_text(row) for row in rows)
        size = len(text.encode("utf-8"))
        sizes.append(f"{size:,}")
        if size <= ACTORS_MAX_BYTES:
            break
    print(
        f"phoenix_actors.yaml: {size:,} bytes; {len(rows)} actors, {roles} dated roles"
        f" (sizes tried: {', '.join(sizes)});"
        f" {len(stats.bad_dates)} malformed date restrictions skipped"
    )
    if dated_only:
        print(f"  subset: dated roles only{f', held on or after {since}' if since else ''}")
    for bad in stats.bad_dates:
        print(f"    {bad}")
    if size > ACTORS_MAX_BYTES:
        path.unlink(missing_ok=True)
        print(
            f"  too large even as the smallest subset (> {ACTORS_MAX_BYTES:,} bytes): not written"
        )
        return
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", help="shared folder (default $CLAIMGRAPH_SHARED or ../shared)")
    parser.add_argument("--out", help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    base = Path(args.shared) if args.shared else shared_root()
    if base is None or not (base / VERB_FILE).is_file():
        raise SystemExit(f"PETRARCH2 dictionaries not found under {base} (use --shared)")
    out = Path(args.out) if args.out else OUT
    out.mkdir(parents=True, exist_ok=True)
    bad = {v for v in SECTORS.values() if v} - set(typing.get_args(EntityType))
    if bad:
        raise SystemExit(f"SECTORS uses unknown entity types: {sorted(bad)}")
    write_verbs(base, out)
    write_agents(base, out)
    write_actors(base, out)


if __name__ == "__main__":
    main()
