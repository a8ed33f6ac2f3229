"""The seed checklist: score one :class:`Analysis` against a hand-made gold file.

A gold file (``examples/seed-article/expected.json``) lists what a careful analyst reads in one
article. :func:`score_checklist` turns every gold item into one :class:`Check`; a check passes
when the analysis holds an item that matches every field the gold item gives (fields not given
are free). A failing check's ``reason`` names what was expected and the closest item the tool
produced, with the fields where it differs.

Normalisation
    *text*: NFKC, curly quotes/apostrophes -> straight, dashes -> ``-``, whitespace collapsed,
    case-folded. *names*: text normalisation, hyphens as spaces, a leading article (a/an/the)
    dropped. *labels* (relations, statuses, kinds): lower-case, spaces/hyphens -> ``_``.
    *items*: text normalisation, punctuation dropped, British -> American spelling
    (armour/armor, defence/defense, ...), each word made singular. *designations*: text
    normalisation, hyphens and other punctuation as spaces.

Commentary
    Any field named ``note`` or ending in ``_note`` (``time_note``, ``date_note``,
    ``quantity_note``, ...), in any object of the gold file and at its top level, is free-text
    commentary for the human reader: it must be a string (or null) and is otherwise ignored. So
    are ``about`` and ``document.dateline`` (a string) and ``document.other_credits`` (a list of
    strings).

Matching rules
    entity name
        The gold ``entities`` list gives alias sets (name + aliases, and every alias leads to
        the same set). A tool ``EntityRef`` matches gold name G when the ref's name or any
        name/alias of the tool entity with that id (in ``analysis.entities``) is in G's set.
        Names absent from the gold list are compared alone.
    evidence
        The gold string lies inside the text of the span the tool cites (text normalisation).
    item
        Normalised strings are equal, or one contains the other as whole words; for a gold item
        with parentheses the part before the parenthesis also counts; the ``aliases`` of the
        equipment entry with the same item are accepted too. The transfer's ``designation`` is
        tried beside its ``item``.
    document
        ``publication_date_in_text: null`` means the text carries no date: the check passes
        when ``document.published`` is None, or, when the caller supplied a date (``published``
        argument / ``--published``), when it equals that date (the tool took the caller's date
        and invented none). ``lede_occurrences_in_clean_text`` counts the normalised lede in the
        normalised text. A removed line must be in ``document.removed`` and no longer a whole
        line of the text; a kept heading must be a whole line of the text (``document.headings``
        is reported, not required).
    entities
        Name rule, and ``type`` equal, ``country`` equal (case-insensitive), ``role`` in
        ``roles``.
    equipment
        Against ``analysis.transfers``: item rule, ``category`` equal after item normalisation,
        ``quantity`` equal (null: the transfer's quantity is None), ``quantity_text`` equal
        (text normalisation, so case-insensitive). A range or bound: ``quantity_min`` equals the
        transfer's ``quantity``, ``quantity_max`` equals its ``quantity_max`` (a gold range
        without ``quantity`` asks nothing more of ``quantity``: "at least six" is
        ``quantity_min: 6``, "up to 12" is ``quantity_max: 12``); ``estimated`` equals the
        transfer's flag. ``designation``: after designation normalisation, equal to the
        transfer's ``designation`` (also with the spaces removed: "K-9" is "K9"), or contained
        as whole words in its ``item`` (a run of item words that, joined, spells the
        designation, optionally with a plural -s). ``order_year`` equal; each of
        ``delivery_years`` in the transfer's ``delivery_years``.
    transfers
        Supplier/recipient by the name rule, item, quantity, ``status`` and ``kind`` in the gold
        list as labels (gold "technology transfer" is the tool's "technology", "license" is
        "licence"), ``year`` equals ``order_year``, one of ``delivery_years`` or the year of the
        transfer's claim's time, evidence rule; and every equipment field above (``category``,
        ``quantity_text``, ``quantity_min``/``quantity_max``, ``estimated``, ``designation``,
        ``order_year``, ``delivery_years``). The transfer's claim is the claim its ``claim_id``
        names (else a claim listing it in ``transfer_ids``). ``time`` ("YYYY", "YYYY-MM",
        "YYYY-MM-DD" or "by YYYY"): the claim time rule against that claim's time, or, for a
        bare "YYYY", the transfer's ``order_year`` or one of its ``delivery_years``.
        ``location``: name rule against that claim's ``location``.
    claims
        Some tool claim matches every given field: subject/object by the name rule (an object
        list: each entity is the object or in ``others``); ``relation``: one of the tool's
        relation labels (name, verb, PLOVER type, mode) is in the gold list; ``certainty`` in
        the list; each gold cue occurs in one of the claim's cue spans; ``time`` "YYYY[-MM[-DD]]"
        equals ``time.value``, "by YYYY" also needs qualifier "by", ``year_may_be_open`` lets
        "XXXX-MM..." pass; ``location`` by the name rule; evidence rule; each of
        ``sources_include`` matches some attribution hop by the name rule or as a substring of
        the hop's source name; ``via``: some hop's via matches; ``anonymous_source``: whether
        some hop is anonymous; ``quantity``: the claim's ``quantity`` equals it, or a transfer
        of the claim (listed in its ``transfer_ids``, or whose ``claim_id`` is the claim) has that
        quantity. ``id`` is not compared.
    attributions
        ``source``: name rule, or equal after dropping a leading article, or the gold string
        inside the tool's source name, descriptor or source span; ``cue``: the tool's cue text
        equals or contains one of the gold cues; evidence inside the tool's evidence span or
        inside the text covering all its spans (source, cue, content, evidence);
        ``anonymous`` equal; ``via`` by the name rule; ``affiliation``: the name rule against
        the tool's ``affiliation``, or the gold string inside the tool's source name or
        descriptor (text normalisation), or one of the gold name's aliases there as whole words
        (name normalisation): "a SIPRI analyst" has affiliation "Stockholm International Peace
        Research Institute" when SIPRI is its gold alias.
    provenance_chain_for_<ID>
        A tool claim whose evidence contains gold claim <ID>'s evidence has hop sources (each
        followed by its via) that contain the listed names in that order (name rule).
    grading
        The graded tool claim found by evidence: ``reliability_not`` (not in list),
        ``credibility_in`` (in list), ``rationale_mentions`` (each word inside the joined
        rationale, case-insensitive): one check per key.
    timeline
        An entry whose ``when`` equals the gold one (``year_may_be_open`` rule; a gold "2030"
        also matches the label "2030" or "by 2030") and whose ``what`` plus its claim's evidence
        holds at least half of the gold ``what``'s content words (words of 4+ letters outside a
        short stop list, crudely stemmed by dropping -ing/-ed/-es/-s).

The gold file is validated first: unknown sections or fields, wrong types, missing required
fields (entity ``name``, equipment/transfer ``item``, claim ``id``, timeline ``when``/``what``,
chain ``must_include_in_order``), references to unknown claims, a transfer ``time`` in another
form, ``quantity_min`` above ``quantity_max`` and a ``quantity`` that differs from
``quantity_min`` raise :class:`~claimgraph.errors.GoldFileError`.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from claimgraph.errors import GoldFileError
from claimgraph.model import (
    Analysis,
    Attribution,
    Claim,
    Document,
    Entity,
    EntityRef,
    Hop,
    Span,
    TimeExpr,
    TimelineEntry,
    Transfer,
)

T = TypeVar("T")
Verdict = tuple[bool, str]
CHAIN_PREFIX = "provenance_chain_for_"

# --------------------------------------------------------------------------- results


class Check(BaseModel):
    """One gold item and whether the analysis has it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    section: str
    passed: bool
    reason: str


class ChecklistResult(BaseModel):
    """Every check of one gold file, with the share passed."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    checks: list[Check]
    passed: int
    total: int
    share: float

    @classmethod
    def from_checks(cls, checks: list[Check], name: str = "") -> ChecklistResult:
        """Count the checks that passed."""
        passed = sum(c.passed for c in checks)
        share = passed / len(checks) if checks else 0.0
        return cls(name=name, checks=checks, passed=passed, total=len(checks), share=share)

    def by_section(self) -> dict[str, tuple[int, int]]:
        """``section -> (passed, total)`` in order of first appearance."""
        counts: dict[str, tuple[int, int]] = {}
        for c in self.checks:
            done, total = counts.get(c.section, (0, 0))
            counts[c.section] = (done + c.passed, total + 1)
        return counts

    def summary(self) -> str:
        """One line, e.g. ``seed: 41/57 = 71.9%``."""
        prefix = f"{self.name}: " if self.name else ""
        return f"{prefix}{self.passed}/{self.total} = {self.share:.1%}"


# --------------------------------------------------------------------------- gold file

StrOrList = str | list[str]


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class GoldDocument(_Gold):
    """Facts about the document itself."""

    language: str | None = None
    author: str | None = None
    ai_assistance_disclosed: bool | None = None
    publication_date_in_text: str | None = None
    lede: str | None = None
    lede_occurrences_in_clean_text: int | None = None
    removed_lines: list[str] = []
    kept_headings: list[str] = []
    dateline: str | None = None  # commentary
    other_credits: list[str] = []  # commentary


class GoldEntity(_Gold):
    """An entity the article names."""

    name: str
    type: str | None = None
    country: str | None = None
    role: str | None = None
    aliases: list[str] = []


class _GoldItem(_Gold):
    """Fields that equipment lines and transfers share (all checked against a transfer)."""

    item: str
    designation: str | None = None
    category: str | None = None
    quantity: int | float | None = None
    quantity_text: str | None = None
    quantity_min: int | float | None = None
    quantity_max: int | float | None = None
    estimated: bool | None = None
    order_year: int | None = None
    delivery_years: list[int] | None = None


class GoldEquipment(_GoldItem):
    """An equipment line of the article."""

    aliases: list[str] = []


class GoldTransfer(_GoldItem):
    """A transfer of arms, training or technology."""

    supplier: str | None = None
    recipient: str | None = None
    status: StrOrList | None = None
    kind: StrOrList | None = None
    year: int | None = None
    time: str | None = None
    location: str | None = None
    evidence: str | None = None


class GoldClaim(_Gold):
    """A claim; list-valued fields give every acceptable value."""

    id: str
    subject: str | None = None
    relation: StrOrList | None = None
    object: StrOrList | None = None
    certainty: StrOrList | None = None
    cues: StrOrList | None = None
    time: str | None = None
    year_may_be_open: bool = False
    location: str | None = None
    evidence: str | None = None
    sources_include: StrOrList | None = None
    via: StrOrList | None = None
    anonymous_source: bool | None = None
    quantity: int | float | None = None


class GoldAttribution(_Gold):
    """A source saying something."""

    source: str | None = None
    cue: StrOrList | None = None
    evidence: str | None = None
    anonymous: bool | None = None
    via: StrOrList | None = None
    affiliation: str | None = None


class GoldChain(_Gold):
    """Names that must appear, in order, in a claim's attribution chain."""

    must_include_in_order: list[str]


class GoldGrade(_Gold):
    """Bounds on a claim's Admiralty grade."""

    reliability_not: list[str] | None = None
    credibility_in: list[int] | None = None
    rationale_mentions: list[str] | None = None


class GoldTimelineEntry(_Gold):
    """A dated entry of the timeline."""

    when: str
    what: str
    year_may_be_open: bool = False


class Gold(_Gold):
    """A whole gold file; ``provenance_chain_for_<ID>`` keys land in ``chains``."""

    about: str | None = None
    document: GoldDocument | None = None
    entities: list[GoldEntity] = []
    equipment: list[GoldEquipment] = []
    transfers: list[GoldTransfer] = []
    claims: list[GoldClaim] = []
    attributions: list[GoldAttribution] = []
    chains: dict[str, GoldChain] = {}
    grading: dict[str, GoldGrade] = {}
    timeline: list[GoldTimelineEntry] = []


def load_gold(path: str | Path) -> Gold:
    """Read and validate a gold JSON file."""
    p = Path(path)
    if not p.is_file():
        raise GoldFileError(f"{p}: no such gold file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise GoldFileError(f"{p}: not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise GoldFileError(f"{p}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return parse_gold(data, where=str(p))


def parse_gold(data: Any, where: str = "gold") -> Gold:
    """Validate a decoded gold file; raise :class:`GoldFileError` naming every problem."""
    if not isinstance(data, Mapping):
        raise GoldFileError(f"{where}: a gold file is a JSON object, not {type(data).__name__}")
    data = _drop_commentary(data, where, [])
    plain = {k: v for k, v in data.items() if not str(k).startswith(CHAIN_PREFIX)}
    if "chains" in plain:
        raise GoldFileError(f"{where}: unknown section 'chains'; use '{CHAIN_PREFIX}<ID>' keys")
    chains = {str(k): v for k, v in data.items() if str(k).startswith(CHAIN_PREFIX)}
    plain["chains"] = {k.removeprefix(CHAIN_PREFIX): v for k, v in chains.items()}
    try:
        gold = Gold.model_validate(plain)
    except ValidationError as exc:
        raise GoldFileError(f"{where}: {_validation_message(exc)}") from None
    _check_references(gold, where)
    return gold


def is_commentary(key: str) -> bool:
    """Whether a gold field is free-text commentary: ``note`` or ``*_note``."""
    return key == "note" or key.endswith("_note")


def _drop_commentary(data: Any, where: str, path: list[str]) -> Any:
    """``data`` without commentary fields at any depth; a non-string note is an error."""
    if isinstance(data, list):
        return [_drop_commentary(x, where, [*path, str(i)]) for i, x in enumerate(data)]
    if not isinstance(data, Mapping):
        return data
    out: dict[Any, Any] = {}
    for key, value in data.items():
        loc = [*path, str(key)]
        if isinstance(key, str) and is_commentary(key):
            if value is not None and not isinstance(value, str):
                raise GoldFileError(
                    f"{where}: {'.'.join(loc)}: commentary must be a string, got {_json(value)}"
                )
            continue
        out[key] = _drop_commentary(value, where, loc)
    return out


_TRANSFER_TIME = re.compile(r"(?:by\s+)?\d{4}(?:-\d{2}(?:-\d{2})?)?", re.IGNORECASE)


_UNION_TAGS = {
    "str": "a string",
    "list[str]": "a list of strings",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "list[int]": "a list of integers",
}
_ERROR_TEXT = {
    "missing": "required field missing",
    "extra_forbidden": "unknown field",
    "model_type": "expected an object",
    "dict_type": "expected an object",
    "list_type": "expected a list",
    "string_type": "expected a string",
    "int_type": "expected an integer",
    "float_type": "expected a number",
    "bool_type": "expected true or false",
}


def _validation_message(exc: ValidationError, limit: int = 5) -> str:
    """``claims.2.certainty: expected a string or a list of strings, got 3; ...``."""
    problems: dict[str, str] = {}
    expected: dict[str, list[str]] = {}
    for err in exc.errors():
        loc = [str(x) for x in err["loc"]]
        tag = next((i for i, x in enumerate(loc) if x in _UNION_TAGS), None)
        if tag is None:
            text = _ERROR_TEXT.get(err["type"], err["msg"])
            if text.startswith("expected"):
                text += f", got {_json(err['input'])}"
            problems.setdefault(_loc(loc), text)
            continue
        base = _loc(loc[:tag])
        expected.setdefault(base, []).append(_UNION_TAGS[loc[tag]])
        if tag == len(loc) - 1:
            problems[base] = f"got {_json(err['input'])}"
    for base, kinds in expected.items():
        got = problems.get(base, "")
        text = f"expected {' or '.join(dict.fromkeys(kinds))}"
        problems[base] = f"{text}, {got}" if got else text
    parts = [f"{loc}: {text}" for loc, text in problems.items()]
    more = len(parts) - limit
    return "; ".join(parts[:limit]) + (f" (and {more} more)" if more > 0 else "")


def _json(value: Any, n: int = 40) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= n else text[: n - 1] + "…"


def _loc(parts: list[str]) -> str:
    loc = ".".join(parts)
    return CHAIN_PREFIX + loc.removeprefix("chains.") if loc.startswith("chains.") else loc


def _check_references(gold: Gold, where: str) -> None:
    """Claim ids are unique; grading and chains name claims that have evidence."""
    ids = [c.id for c in gold.claims]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise GoldFileError(f"{where}: duplicate claim ids {dupes}")
    with_evidence = {c.id for c in gold.claims if c.evidence}
    refs = [("grading", k) for k in gold.grading] + [(CHAIN_PREFIX + k, k) for k in gold.chains]
    for section, claim_id in refs:
        if claim_id not in with_evidence:
            raise GoldFileError(
                f"{where}: {section} refers to claim {claim_id!r}, which is not a gold claim "
                "with evidence"
            )
    items: list[tuple[str, _GoldItem]] = [
        *((f"equipment.{i}", ge) for i, ge in enumerate(gold.equipment)),
        *((f"transfers.{i}", gt) for i, gt in enumerate(gold.transfers)),
    ]
    for loc, item in items:
        problem = _quantity_problem(item)
        if problem:
            raise GoldFileError(f"{where}: {loc}: {problem}")
    for i, gt in enumerate(gold.transfers):
        if gt.time is not None and not _TRANSFER_TIME.fullmatch(gt.time.strip()):
            raise GoldFileError(
                f'{where}: transfers.{i}.time: expected "YYYY", "YYYY-MM", '
                f'"YYYY-MM-DD" or "by YYYY", got {_json(gt.time)}'
            )
    doc = gold.document
    if doc and doc.lede_occurrences_in_clean_text is not None and not doc.lede:
        raise GoldFileError(f"{where}: document.lede_occurrences_in_clean_text needs document.lede")
    if not _has_items(gold):
        raise GoldFileError(f"{where}: no checks in the gold file")


def _quantity_problem(item: _GoldItem) -> str | None:
    """A range the tool cannot meet: min above max, or a quantity other than the minimum."""
    low, high = item.quantity_min, item.quantity_max
    if low is not None and high is not None and low > high:
        return f"quantity_min {low} is above quantity_max {high}"
    if low is not None and "quantity" in item.model_fields_set and item.quantity != low:
        return (
            f"quantity {item.quantity} differs from quantity_min {low} "
            "(both are the transfer's quantity)"
        )
    return None


def _has_items(gold: Gold) -> bool:
    lists = (gold.entities, gold.equipment, gold.transfers, gold.claims, gold.attributions)
    return bool(gold.document or any(lists) or gold.chains or gold.grading or gold.timeline)


# --------------------------------------------------------------------------- normalisation

_PUNCT = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
    }
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_ARTICLE = re.compile(r"^(?:the|an|a)\s+")
_AMERICAN = (
    ("armour", "armor"),
    ("defence", "defense"),
    ("licence", "license"),
    ("calibre", "caliber"),
    ("centre", "center"),
    ("metre", "meter"),
    ("programme", "program"),
    ("isation", "ization"),
)
_STOP = frozenset(
    {
        "with",
        "from",
        "that",
        "this",
        "than",
        "more",
        "into",
        "their",
        "they",
        "have",
        "been",
        "will",
        "were",
        "also",
        "about",
        "over",
        "what",
        "when",
        "which",
        "while",
    }
)


def norm_text(s: str) -> str:
    """Case-folded text with straight quotes, ASCII dashes and single spaces."""
    s = _DASHES.sub("-", unicodedata.normalize("NFKC", s).translate(_PUNCT))
    return " ".join(s.split()).casefold()


def norm_name(s: str) -> str:
    """A name for comparison: normalised text, hyphens as spaces, no leading article."""
    s = norm_text(s).replace("-", " ")
    return _ARTICLE.sub("", " ".join(s.split()))


def norm_label(s: str) -> str:
    """A label for comparison: lower-case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", norm_text(s).strip())


def norm_item(s: str) -> str:
    """An equipment name for comparison: American spelling, singular words, no punctuation."""
    s = re.sub(r"[^\w\s]", "", re.sub(r"[-/]", " ", norm_text(s)))
    return " ".join(_singular(_american(w)) for w in s.split())


def _american(word: str) -> str:
    for british, american in _AMERICAN:
        word = word.replace(british, american)
    return word


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(s: str) -> set[str]:
    """Stemmed words of 4+ letters outside a short stop list."""
    words = re.findall(r"[^\W\d_]{4,}", norm_text(s))
    return {_stem(w) for w in words if w not in _STOP}


def _as_list(value: StrOrList | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _short(s: str | None, n: int = 60) -> str:
    if s is None:
        return "None"
    s = " ".join(s.split())
    return repr(s if len(s) <= n else s[: n - 1] + "…")


def _within(gold: str, text: str | None) -> bool:
    return text is not None and norm_text(gold) in norm_text(text)


def _contains_words(outer: str, inner: str) -> bool:
    return bool(inner) and f" {inner} " in f" {outer} "


def item_matches(tool: str | None, gold: str, aliases: Iterable[str] = ()) -> bool:
    """The item rule (module docstring)."""
    if not tool:
        return False
    t = norm_item(tool)
    golds = {norm_item(gold), *(norm_item(a) for a in aliases)}
    if "(" in gold:
        golds.add(norm_item(gold.split("(", 1)[0]))
    return any(t == g or _contains_words(t, g) or _contains_words(g, t) for g in golds if g)


# --------------------------------------------------------------------------- names


class Names:
    """The entity name rule: gold alias sets and the tool's entity aliases."""

    def __init__(self, gold_entities: Sequence[GoldEntity], entities: Sequence[Entity]) -> None:
        self._gold: dict[str, frozenset[str]] = {}
        for ge in gold_entities:
            members = frozenset(norm_name(n) for n in [ge.name, *ge.aliases])
            for m in members:
                self._gold[m] = self._gold.get(m, frozenset()) | members
        self._tool: dict[str, set[str]] = {
            e.id: {norm_name(n) for n in [e.name, *e.aliases]} for e in entities
        }

    def gold_set(self, name: str) -> frozenset[str]:
        """Every accepted form of a gold name."""
        key = norm_name(name)
        return self._gold.get(key, frozenset({key}))

    def ref_names(self, ref: EntityRef) -> set[str]:
        """The ref's name and every name of the tool entity it points to."""
        return {norm_name(ref.name)} | self._tool.get(ref.id, set())

    def matches(self, ref: EntityRef | None, gold: str) -> bool:
        """Whether a tool reference matches a gold name."""
        return ref is not None and bool(self.ref_names(ref) & self.gold_set(gold))

    def entity_matches(self, entity: Entity, gold: str) -> bool:
        """Whether a tool entity has the gold name or one of its aliases."""
        return bool(self._tool.get(entity.id, set()) & self.gold_set(gold))

    def source_matches(self, ref: EntityRef | None, texts: Iterable[str | None], gold: str) -> bool:
        """Name rule, or same description without article, or gold inside one of ``texts``."""
        if self.matches(ref, gold):
            return True
        names = [t for t in texts if t] + ([ref.name] if ref else [])
        return any(norm_name(t) == norm_name(gold) or _within(gold, t) for t in names)


def _ref(ref: EntityRef | None) -> str:
    return ref.name if ref else "None"


# --------------------------------------------------------------------------- best match


class FieldTest(Generic[T]):
    """One field of a gold item: what is expected and how a candidate is tested."""

    def __init__(self, field: str, expected: str, test: Callable[[T], Verdict]) -> None:
        self.field, self.expected, self.test = field, expected, test


def best_match(
    kind: str,
    candidates: Sequence[T],
    tests: list[FieldTest[T]],
    describe: Callable[[T], str],
    likeness: Callable[[T], float] = lambda _: 0.0,
) -> Verdict:
    """Pass when a candidate passes every test; otherwise describe the closest candidate.

    Closest: the first test (the key field) passing, then most tests passing, then ``likeness``.
    The reason names the key field and the fields the closest candidate misses, with its values.
    """
    if not candidates:
        expected = ", ".join(t.expected for t in tests) or "any value"
        plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
        return False, f"no {kind} with {expected}: the analysis has no {plural}"
    scored = [(c, [(t, *t.test(c)) for t in tests]) for c in candidates]
    for cand, results in scored:
        if all(ok for _, ok, _ in results):
            return True, f"matched {describe(cand)}"

    def rank(item: tuple[T, list[tuple[FieldTest[T], bool, str]]]) -> tuple[bool, int, float]:
        cand, results = item
        return (results[0][1], sum(ok for _, ok, _ in results), likeness(cand))

    cand, results = max(scored, key=rank)
    shown = [t.expected for i, (t, ok, _) in enumerate(results) if i == 0 or not ok]
    got = "; ".join(got for _, ok, got in results if not ok)
    return False, f"no {kind} with {', '.join(shown)}; closest: {describe(cand)} (got {got})"


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm_text(a), norm_text(b)).ratio()


def _equals(field: str, expected: object, get: Callable[[Any], object]) -> FieldTest[Any]:
    """A check that one field of the tool's item equals the gold value."""
    return FieldTest(
        field, f"{field} {expected}", lambda item: (get(item) == expected, f"{field} {get(item)}")
    )


def _check(section: str, check_id: str, verdict: Verdict) -> Check:
    return Check(id=check_id, section=section, passed=verdict[0], reason=verdict[1])


# --------------------------------------------------------------------------- scorer


class _Scorer:
    """Holds the analysis, the gold file and the name rule while the checks are built."""

    def __init__(self, analysis: Analysis, gold: Gold, published: str | None) -> None:
        self.a, self.g, self.published = analysis, gold, published
        self.names = Names(gold.entities, analysis.entities)
        self.claims_by_id = {c.id: c for c in analysis.claims}
        self.gold_claims = {c.id: c for c in gold.claims}

    def run(self) -> list[Check]:
        checks: list[Check] = []
        if self.g.document:
            checks += _document_checks(self.a.document, self.g.document, self.published)
        checks += [self.entity(ge) for ge in self.g.entities]
        checks += [self.equipment(ge) for ge in self.g.equipment]
        checks += [self.transfer(i, gt) for i, gt in enumerate(self.g.transfers, 1)]
        checks += [self.claim(gc) for gc in self.g.claims]
        checks += [self.attribution(i, ga) for i, ga in enumerate(self.g.attributions, 1)]
        checks += [self.chain(cid, gc) for cid, gc in self.g.chains.items()]
        for cid, gg in self.g.grading.items():
            checks += self.grading(cid, gg)
        checks += [self.timeline(gt) for gt in self.g.timeline]
        return checks

    # ---- entities and equipment

    def entity(self, ge: GoldEntity) -> Check:
        tests: list[FieldTest[Entity]] = [
            FieldTest(
                "name",
                f"name {ge.name!r}",
                lambda e: (self.names.entity_matches(e, ge.name), f"name {e.name!r}"),
            )
        ]
        if ge.type:
            kind = ge.type
            tests.append(
                FieldTest("type", f"type {kind!r}", lambda e: (e.type == kind, f"type {e.type}"))
            )
        if ge.country:
            want = ge.country.casefold()
            tests.append(
                FieldTest(
                    "country",
                    f"country {ge.country!r}",
                    lambda e: ((e.country or "").casefold() == want, f"country {e.country}"),
                )
            )
        if ge.role:
            role = ge.role
            tests.append(
                FieldTest("role", f"role {role!r}", lambda e: (role in e.roles, f"roles {e.roles}"))
            )
        verdict = best_match(
            "entity", self.a.entities, tests, _describe_entity, lambda e: _ratio(e.name, ge.name)
        )
        return _check("entities", ge.name, verdict)

    def equipment(self, ge: GoldEquipment) -> Check:
        tests: list[FieldTest[Transfer]] = [self._item_test(ge.item, ge.aliases)]
        tests += _item_field_tests(ge)
        verdict = best_match(
            "transfer",
            self.a.transfers,
            tests,
            _describe_transfer,
            lambda t: _ratio(t.item, ge.item),
        )
        return _check("equipment", ge.item, verdict)

    def _item_test(self, item: str, aliases: Iterable[str]) -> FieldTest[Transfer]:
        names = list(aliases)

        def test(t: Transfer) -> Verdict:
            ok = any(item_matches(x, item, names) for x in (t.item, t.designation))
            return ok, f"item {t.item!r}"

        return FieldTest("item", f"item {item!r}", test)

    # ---- transfers

    def transfer(self, n: int, gt: GoldTransfer) -> Check:
        aliases = [
            a
            for ge in self.g.equipment
            if norm_item(ge.item) == norm_item(gt.item)
            for a in ge.aliases
        ]
        tests: list[FieldTest[Transfer]] = []
        if gt.evidence:
            tests.append(_evidence_test(gt.evidence, lambda t: t.evidence))
        tests.append(self._item_test(gt.item, aliases))
        if gt.supplier:
            tests.append(self._ref_test("supplier", gt.supplier, lambda t: t.supplier))
        if gt.recipient:
            tests.append(self._ref_test("recipient", gt.recipient, lambda t: t.recipient))
        tests += _item_field_tests(gt)
        if gt.status is not None:
            tests.append(_label_test("status", gt.status, lambda t: [t.status]))
        if gt.kind is not None:
            tests.append(_label_test("kind", gt.kind, lambda t: [t.kind]))
        if gt.year is not None:
            tests.append(self._year_test(gt.year))
        if gt.time is not None:
            tests.append(self._transfer_time_test(gt.time.strip()))
        if gt.location:
            tests.append(self._transfer_location_test(gt.location))
        verdict = best_match(
            "transfer",
            self.a.transfers,
            tests,
            _describe_transfer,
            lambda t: _ratio(t.item, gt.item),
        )
        return _check("transfers", f"T{n}: {gt.item}", verdict)

    def _year_test(self, year: int) -> FieldTest[Transfer]:
        def test(t: Transfer) -> Verdict:
            claim = self._transfer_claim(t)
            claim_year = claim.time.value[:4] if claim and claim.time else None
            ok = t.order_year == year or year in t.delivery_years or claim_year == str(year)
            return (
                ok,
                f"order_year {t.order_year}, delivery_years {t.delivery_years}, "
                f"claim time {claim_year}",
            )

        return FieldTest("year", f"year {year}", test)

    def _transfer_time_test(self, gold: str) -> FieldTest[Transfer]:
        year = int(gold) if re.fullmatch(r"\d{4}", gold) else None

        def test(t: Transfer) -> Verdict:
            claim = self._transfer_claim(t)
            time = claim.time if claim else None
            ok = time_matches(time, gold) or (
                year is not None and (t.order_year == year or year in t.delivery_years)
            )
            got = f"claim time {_time_label(time)!r}" if claim else "no claim"
            if year is not None:
                got += f", order_year {t.order_year}, delivery_years {t.delivery_years}"
            return ok, got

        return FieldTest("time", f"time {gold!r}", test)

    def _transfer_location_test(self, gold: str) -> FieldTest[Transfer]:
        def test(t: Transfer) -> Verdict:
            claim = self._transfer_claim(t)
            location = claim.location if claim else None
            got = f"claim location {_ref(location)}" if claim else "no claim"
            return self.names.matches(location, gold), got

        return FieldTest("location", f"location {gold!r}", test)

    def _claim_transfers(self, c: Claim) -> list[Transfer]:
        """Transfers the claim lists, or that name the claim."""
        return [t for t in self.a.transfers if t.id in c.transfer_ids or t.claim_id == c.id]

    def _transfer_claim(self, t: Transfer) -> Claim | None:
        if t.claim_id and t.claim_id in self.claims_by_id:
            return self.claims_by_id[t.claim_id]
        return next((c for c in self.a.claims if t.id in c.transfer_ids), None)

    def _ref_test(
        self, field: str, gold: str, get: Callable[[T], EntityRef | None]
    ) -> FieldTest[T]:
        return FieldTest(
            field,
            f"{field} {gold!r}",
            lambda x: (self.names.matches(get(x), gold), f"{field} {_ref(get(x))}"),
        )

    # ---- claims

    def claim(self, gc: GoldClaim) -> Check:
        tests = self._claim_tests(gc)
        likeness: Callable[[Claim], float] = (
            (lambda c: _ratio(c.evidence.text, gc.evidence or "")) if gc.evidence else lambda _: 0.0
        )
        verdict = best_match("claim", self.a.claims, tests, _describe_claim, likeness)
        return _check("claims", gc.id, verdict)

    def _claim_tests(self, gc: GoldClaim) -> list[FieldTest[Claim]]:
        tests: list[FieldTest[Claim]] = []
        if gc.evidence:
            tests.append(_evidence_test(gc.evidence, lambda c: c.evidence))
        if gc.subject:
            tests.append(self._ref_test("subject", gc.subject, lambda c: c.subject))
        if isinstance(gc.object, str):
            tests.append(self._ref_test("object", gc.object, lambda c: c.object))
        elif gc.object is not None:
            tests.append(self._objects_test(gc.object))
        if gc.relation is not None:
            tests.append(_label_test("relation", gc.relation, _relation_labels))
        if gc.certainty is not None:
            tests.append(_label_test("certainty", gc.certainty, lambda c: [c.certainty]))
        if gc.cues is not None:
            tests.append(_cues_test(_as_list(gc.cues)))
        if gc.time is not None:
            tests.append(_time_test(gc.time, gc.year_may_be_open))
        if gc.location:
            tests.append(self._ref_test("location", gc.location, lambda c: c.location))
        if gc.quantity is not None:
            tests.append(self._claim_quantity_test(float(gc.quantity)))
        tests += self._source_tests(gc)
        return tests

    def _claim_quantity_test(self, quantity: float) -> FieldTest[Claim]:
        def test(c: Claim) -> Verdict:
            found = [t.quantity for t in self._claim_transfers(c)]
            ok = any(q is not None and float(q) == quantity for q in [c.quantity, *found])
            return ok, f"quantity {c.quantity}, transfer quantities {found}"

        return FieldTest("quantity", f"quantity {quantity:g}", test)

    def _objects_test(self, objects: list[str]) -> FieldTest[Claim]:
        def test(c: Claim) -> Verdict:
            refs = [c.object, *c.others]
            ok = all(any(self.names.matches(r, o) for r in refs) for o in objects)
            return ok, f"object {_ref(c.object)}, others {[r.name for r in c.others]}"

        return FieldTest("object", f"object+others {objects}", test)

    def _source_tests(self, gc: GoldClaim) -> list[FieldTest[Claim]]:
        tests: list[FieldTest[Claim]] = []
        if gc.sources_include is not None:
            wanted = _as_list(gc.sources_include)

            def sources(c: Claim) -> Verdict:
                ok = all(any(self._hop_source(h, s) for h in c.attribution) for s in wanted)
                return ok, f"hops {_hops(c.attribution)}"

            tests.append(FieldTest("sources", f"sources {wanted}", sources))
        if gc.via is not None:
            vias = _as_list(gc.via)

            def via(c: Claim) -> Verdict:
                ok = any(self.names.matches(h.via, v) for h in c.attribution for v in vias)
                return ok, f"hops {_hops(c.attribution)}"

            tests.append(FieldTest("via", f"via {vias}", via))
        if gc.anonymous_source is not None:
            anon = gc.anonymous_source
            tests.append(
                FieldTest(
                    "anonymous",
                    f"anonymous source {anon}",
                    lambda c: (
                        any(h.anonymous for h in c.attribution) == anon,
                        f"hops {_hops(c.attribution)}",
                    ),
                )
            )
        return tests

    def _hop_source(self, hop: Hop, gold: str) -> bool:
        return self.names.matches(hop.source, gold) or _within(gold, hop.source.name)

    # ---- attributions

    def attribution(self, n: int, ga: GoldAttribution) -> Check:
        tests: list[FieldTest[Attribution]] = []
        if ga.evidence:
            tests.append(
                FieldTest(
                    "evidence",
                    f"evidence {_short(ga.evidence)}",
                    lambda a: (
                        self._attribution_covers(a, ga.evidence or ""),
                        f"evidence {_short(a.evidence.text)}",
                    ),
                )
            )
        if ga.source:
            src = ga.source
            tests.append(
                FieldTest(
                    "source",
                    f"source {src!r}",
                    lambda a: (
                        self.names.source_matches(
                            a.source,
                            [a.descriptor, a.source_span.text if a.source_span else None],
                            src,
                        ),
                        f"source {a.source.name!r}",
                    ),
                )
            )
        if ga.cue is not None:
            cues = [norm_text(c) for c in _as_list(ga.cue)]
            tests.append(
                FieldTest(
                    "cue",
                    f"cue in {_as_list(ga.cue)}",
                    lambda a: (
                        any(c in norm_text(a.cue.text) for c in cues),
                        f"cue {a.cue.text!r}",
                    ),
                )
            )
        if ga.anonymous is not None:
            anon = ga.anonymous
            tests.append(_equals("anonymous", anon, lambda a: a.anonymous))
        if ga.via is not None:
            vias = _as_list(ga.via)
            tests.append(
                FieldTest(
                    "via",
                    f"via {vias}",
                    lambda a: (
                        any(self.names.matches(a.via, v) for v in vias),
                        f"via {_ref(a.via)}",
                    ),
                )
            )
        if ga.affiliation:
            tests.append(self._affiliation_test(ga.affiliation))
        label = ga.source or ga.evidence or ""
        verdict = best_match(
            "attribution",
            self.a.attributions,
            tests,
            _describe_attribution,
            lambda a: _ratio(a.evidence.text, ga.evidence or label),
        )
        return _check("attributions", f"A{n}: {label}", verdict)

    def _affiliation_test(self, gold: str) -> FieldTest[Attribution]:
        aliases = self.names.gold_set(gold)

        def test(a: Attribution) -> Verdict:
            texts = [t for t in (a.source.name, a.descriptor) if t]
            ok = (
                self.names.matches(a.affiliation, gold)
                or any(_within(gold, t) for t in texts)
                or any(_contains_words(norm_name(t), n) for t in texts for n in aliases)
            )
            return ok, (
                f"affiliation {_ref(a.affiliation)}, source {a.source.name!r}, "
                f"descriptor {a.descriptor!r}"
            )

        return FieldTest("affiliation", f"affiliation {gold!r}", test)

    def _attribution_covers(self, a: Attribution, gold: str) -> bool:
        if _within(gold, a.evidence.text):
            return True
        spans = [s for s in (a.source_span, a.cue, a.content, a.evidence) if s is not None]
        start, end = min(s.start for s in spans), max(s.end for s in spans)
        return _within(gold, self.a.document.text[start:end])

    # ---- provenance, grading, timeline

    def _claims_with_evidence(self, claim_id: str) -> list[Claim]:
        evidence = self.gold_claims[claim_id].evidence or ""
        return [c for c in self.a.claims if _within(evidence, c.evidence.text)]

    def _no_claim(self, claim_id: str) -> str:
        evidence = self.gold_claims[claim_id].evidence or ""
        closest = max(self.a.claims, key=lambda c: _ratio(c.evidence.text, evidence), default=None)
        got = _describe_claim(closest) if closest else "the analysis has no claims"
        return f"no claim whose evidence contains {_short(evidence)}; closest: {got}"

    def chain(self, claim_id: str, gc: GoldChain) -> Check:
        cid = f"{CHAIN_PREFIX}{claim_id}"
        found = self._claims_with_evidence(claim_id)
        if not found:
            return _check("provenance", cid, (False, self._no_claim(claim_id)))
        for claim in found:
            if self._in_order(claim.attribution, gc.must_include_in_order):
                why = f"claim {claim.id}: {_hops(claim.attribution)}"
                return _check("provenance", cid, (True, why))
        got = "; ".join(f"claim {c.id}: {_hops(c.attribution)}" for c in found)
        return _check(
            "provenance", cid, (False, f"expected {gc.must_include_in_order} in order; got {got}")
        )

    def _in_order(self, hops: Sequence[Hop], names: Sequence[str]) -> bool:
        refs = [r for h in hops for r in (h.source, h.via) if r is not None]
        pos = 0
        for name in names:
            hits = (i + 1 for i in range(pos, len(refs)) if self.names.matches(refs[i], name))
            pos = next(hits, -1)
            if pos < 0:
                return False
        return True

    def grading(self, claim_id: str, gg: GoldGrade) -> list[Check]:
        keys = [
            k
            for k in ("reliability_not", "credibility_in", "rationale_mentions")
            if getattr(gg, k) is not None
        ]
        found = self._claims_with_evidence(claim_id)
        grades = {g.claim_id: g for g in self.a.grades}
        graded = [(c, grades[c.id]) for c in found if c.id in grades]
        if not graded:
            why = (
                self._no_claim(claim_id)
                if not found
                else f"claims {[c.id for c in found]} match the evidence but have no grade"
            )
            return [_check("grading", f"{claim_id}.{k}", (False, why)) for k in keys]
        claim, grade = graded[0]
        checks = []
        for key in keys:
            verdict = _grade_verdict(key, gg, grade.reliability, grade.credibility, grade.rationale)
            checks.append(
                _check(
                    "grading", f"{claim_id}.{key}", (verdict[0], f"claim {claim.id}: {verdict[1]}")
                )
            )
        return checks

    def timeline(self, gt: GoldTimelineEntry) -> Check:
        words = content_words(gt.what)

        def when(e: TimelineEntry) -> Verdict:
            by_label = norm_text(e.label) in {norm_text(gt.when), norm_text("by " + gt.when)}
            ok = _when_equal(e.when, gt.when, gt.year_may_be_open) or by_label
            return ok, f"when {e.when!r} (label {e.label!r})"

        def what(e: TimelineEntry) -> Verdict:
            claim = self.claims_by_id.get(e.claim_id)
            have = content_words(e.what + " " + (claim.evidence.text if claim else ""))
            shared = words & have
            return 2 * len(shared) >= len(words), f"{len(shared)}/{len(words)} content words"

        tests = [
            FieldTest("when", f"when {gt.when!r}", when),
            FieldTest("what", f"what {_short(gt.what)}", what),
        ]
        verdict = best_match(
            "timeline entry",
            self.a.timeline,
            tests,
            _describe_entry,
            lambda e: _ratio(e.what, gt.what),
        )
        return _check("timeline", f"{gt.when}: {gt.what}", verdict)


def _document_checks(doc: Document, g: GoldDocument, published: str | None) -> list[Check]:
    """The document section: metadata, lede, removed lines, headings."""
    checks: list[Check] = []

    def add(check_id: str, ok: bool, reason: str) -> None:
        checks.append(_check("document", check_id, (ok, reason)))

    if g.language is not None:
        add(
            "language", doc.language == g.language, f"language {g.language!r}; got {doc.language!r}"
        )
    if g.author is not None:
        add(
            "author",
            any(norm_name(a) == norm_name(g.author) for a in doc.authors),
            f"author {g.author!r}; got {doc.authors}",
        )
    if g.ai_assistance_disclosed is not None:
        got = _short(doc.ai_disclosure.text) if doc.ai_disclosure else "None"
        add(
            "ai_assistance_disclosed",
            (doc.ai_disclosure is not None) == g.ai_assistance_disclosed,
            f"AI disclosure {'present' if g.ai_assistance_disclosed else 'absent'}; got {got}",
        )
    if "publication_date_in_text" in g.model_fields_set:
        verdict = _published_verdict(doc, g.publication_date_in_text, published)
        add("publication_date_in_text", *verdict)
    if g.lede and g.lede_occurrences_in_clean_text is not None:
        count = norm_text(doc.text).count(norm_text(g.lede))
        add(
            "lede_occurrences_in_clean_text",
            count == g.lede_occurrences_in_clean_text,
            f"lede {g.lede_occurrences_in_clean_text}x in the clean text; got {count}",
        )
    lines = {norm_text(line) for line in doc.text.splitlines()}
    removed = {norm_text(r.text) for r in doc.removed}
    for line in g.removed_lines:
        key = norm_text(line)
        add(
            f"removed: {line}",
            key in removed and key not in lines,
            f"removed {'yes' if key in removed else 'no'}, still a line of the text "
            f"{'yes' if key in lines else 'no'}",
        )
    headings = {norm_text(h.text) for h in doc.headings}
    for line in g.kept_headings:
        key = norm_text(line)
        add(
            f"heading: {line}",
            key in lines,
            f"a line of the text {'yes' if key in lines else 'no'}, in document.headings "
            f"{'yes' if key in headings else 'no'}",
        )
    return checks


def _published_verdict(doc: Document, gold: str | None, supplied: str | None) -> Verdict:
    got = doc.published
    if gold is not None:
        return (got or "").startswith(gold), f"published {gold!r}; got {got!r}"
    if supplied is not None:
        return got == supplied, f"no date in the text, the caller's {supplied!r}; got {got!r}"
    return got is None, f"no date in the text, so published None; got {got!r}"


def _grade_verdict(
    key: str, gg: GoldGrade, reliability: str, credibility: int, rationale: list[str]
) -> Verdict:
    if key == "reliability_not":
        bad = gg.reliability_not or []
        return reliability not in bad, f"reliability {reliability!r}, must not be in {bad}"
    if key == "credibility_in":
        good = gg.credibility_in or []
        return credibility in good, f"credibility {credibility}, must be in {good}"
    text = norm_text(" ".join(rationale))
    missing = [w for w in gg.rationale_mentions or [] if norm_text(w) not in text]
    return not missing, f"rationale misses {missing}" if missing else "rationale mentions all"


# --------------------------------------------------------------------------- field tests


def _evidence_test(gold: str, get: Callable[[T], Span]) -> FieldTest[T]:
    return FieldTest(
        "evidence",
        f"evidence {_short(gold)}",
        lambda x: (_within(gold, get(x).text), f"evidence {_short(get(x).text)}"),
    )


def _item_field_tests(g: _GoldItem) -> list[FieldTest[Transfer]]:
    """Tests of the fields equipment lines and transfers share (besides the item)."""
    tests: list[FieldTest[Transfer]] = []
    if g.designation is not None:
        tests.append(_designation_test(g.designation))
    if g.category is not None:
        want = norm_item(g.category)
        tests.append(
            FieldTest(
                "category",
                f"category {g.category!r}",
                lambda t: (norm_item(t.category or "") == want, f"category {t.category!r}"),
            )
        )
    if "quantity" in g.model_fields_set:
        tests.append(_quantity_test(g.quantity))
    if g.quantity_min is not None and "quantity" not in g.model_fields_set:
        tests.append(_quantity_test(g.quantity_min, "quantity_min"))
    if g.quantity_max is not None:
        high = float(g.quantity_max)
        tests.append(
            FieldTest(
                "quantity_max",
                f"quantity_max {g.quantity_max}",
                lambda t: (
                    t.quantity_max is not None and float(t.quantity_max) == high,
                    f"quantity_max {t.quantity_max}",
                ),
            )
        )
    if g.quantity_text is not None:
        qt = norm_text(g.quantity_text)
        tests.append(
            FieldTest(
                "quantity_text",
                f"quantity_text {g.quantity_text!r}",
                lambda t: (
                    norm_text(t.quantity_text or "") == qt,
                    f"quantity_text {t.quantity_text!r}",
                ),
            )
        )
    if g.estimated is not None:
        estimated = g.estimated
        tests.append(_equals("estimated", estimated, lambda t: t.estimated))
    if g.order_year is not None:
        year = g.order_year
        tests.append(_equals("order_year", year, lambda t: t.order_year))
    if g.delivery_years is not None:
        years = list(g.delivery_years)
        tests.append(
            FieldTest(
                "delivery_years",
                f"delivery_years including {years}",
                lambda t: (
                    all(y in t.delivery_years for y in years),
                    f"delivery_years {t.delivery_years}",
                ),
            )
        )
    return tests


def norm_designation(s: str) -> str:
    """A designation for comparison: normalised text, hyphens and punctuation as spaces."""
    return " ".join(re.sub(r"[\W_]+", " ", norm_text(s)).split())


def designation_matches(designation: str | None, item: str | None, gold: str) -> bool:
    """The designation rule (module docstring)."""
    want = norm_designation(gold)
    compact = want.replace(" ", "")
    if not compact:
        return False
    if designation:
        have = norm_designation(designation)
        if have == want or have.replace(" ", "") == compact:
            return True
    words = norm_designation(item or "").split()
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if joined in (compact, compact + "s"):
                return True
            if len(joined) > len(compact):
                break
    return False


def _designation_test(gold: str) -> FieldTest[Transfer]:
    return FieldTest(
        "designation",
        f"designation {gold!r}",
        lambda t: (
            designation_matches(t.designation, t.item, gold),
            f"designation {t.designation!r}, item {t.item!r}",
        ),
    )


def _quantity_test(quantity: float | None, field: str = "quantity") -> FieldTest[Transfer]:
    def test(t: Transfer) -> Verdict:
        if quantity is None:
            return t.quantity is None, f"quantity {t.quantity}"
        ok = t.quantity is not None and float(t.quantity) == float(quantity)
        return ok, f"quantity {t.quantity}"

    return FieldTest(field, f"{field} {quantity}", test)


_LABEL_ALIASES = {"technology_transfer": "technology", "license": "licence"}


def _label(s: str) -> str:
    key = norm_label(s)
    return _LABEL_ALIASES.get(key, key)


def _label_test(
    field: str, gold: StrOrList, get: Callable[[T], Sequence[str | None]]
) -> FieldTest[T]:
    wanted = {_label(x) for x in _as_list(gold)}

    def test(x: T) -> Verdict:
        have = [v for v in get(x) if v]
        return bool({_label(v) for v in have} & wanted), f"{field} {have}"

    return FieldTest(field, f"{field} in {_as_list(gold)}", test)


def _relation_labels(c: Claim) -> list[str | None]:
    r = c.relation
    return [r.name, r.verb, r.plover, r.mode]


def _cues_test(cues: list[str]) -> FieldTest[Claim]:
    def test(c: Claim) -> Verdict:
        texts = [norm_text(cue.span.text) for cue in c.cues]
        ok = all(any(norm_text(g) in t for t in texts) for g in cues)
        return ok, f"cues {[cue.span.text for cue in c.cues]}"

    return FieldTest("cues", f"cues {cues}", test)


def _when_equal(value: str, gold: str, year_may_be_open: bool) -> bool:
    if value == gold:
        return True
    return year_may_be_open and len(gold) > 4 and value == "XXXX" + gold[4:]


def time_matches(t: TimeExpr | None, gold: str, year_may_be_open: bool = False) -> bool:
    """The claim time rule: "YYYY[-MM[-DD]]" or "by YYYY" (module docstring)."""
    if t is None:
        return False
    m = re.fullmatch(r"by\s+(\S+)", gold.strip(), flags=re.IGNORECASE)
    if m:
        return t.qualifier == "by" and _when_equal(t.value, m[1], year_may_be_open)
    return _when_equal(t.value, gold.strip(), year_may_be_open)


def _time_label(t: TimeExpr | None) -> str:
    return f"{t.qualifier or ''} {t.value}".strip() if t else "None"


def _time_test(gold: str, year_may_be_open: bool) -> FieldTest[Claim]:
    def test(c: Claim) -> Verdict:
        return time_matches(c.time, gold, year_may_be_open), f"time {_time_label(c.time)!r}"

    return FieldTest("time", f"time {gold!r}", test)


# --------------------------------------------------------------------------- descriptions


def _hops(hops: Sequence[Hop]) -> str:
    parts = []
    for h in hops:
        part = h.source.name + (" (anonymous)" if h.anonymous else "")
        parts.append(part + (f" via {h.via.name}" if h.via else ""))
    return "[" + " -> ".join(parts) + "]"


def _describe_entity(e: Entity) -> str:
    return f"entity {e.id} {e.name!r} ({e.type}, {e.country})"


def _describe_transfer(t: Transfer) -> str:
    return (
        f"transfer {t.id} {t.item!r} quantity {t.quantity} status {t.status} kind {t.kind} "
        f"{_ref(t.supplier)} -> {_ref(t.recipient)}"
    )


def _describe_claim(c: Claim) -> str:
    return (
        f"claim {c.id} {_ref(c.subject)} -{c.relation.name}-> {_ref(c.object)} "
        f"[{c.certainty}] {_short(c.evidence.text)}"
    )


def _describe_attribution(a: Attribution) -> str:
    return f"attribution {a.id} source {a.source.name!r} cue {a.cue.text!r}"


def _describe_entry(e: TimelineEntry) -> str:
    return f"timeline {e.when} {_short(e.what)}"


# --------------------------------------------------------------------------- entry point


def score_checklist(
    analysis: Analysis,
    gold: Mapping[str, Any] | Gold,
    *,
    published: str | None = None,
    name: str = "",
) -> ChecklistResult:
    """Score ``analysis`` against a gold checklist (a decoded JSON object or a :class:`Gold`).

    ``published`` is the publication date the caller gave the pipeline, if any: it decides the
    ``publication_date_in_text: null`` check (module docstring).
    """
    parsed = gold if isinstance(gold, Gold) else parse_gold(gold)
    checks = _Scorer(analysis, parsed, published).run()
    return ChecklistResult.from_checks(checks, name=name)
