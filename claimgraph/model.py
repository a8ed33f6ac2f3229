"""Typed records of claimgraph (DESIGN.md §4). Their JSON Schema is the public contract.

Every span is a character range into the clean text of its document (``Document.text``);
every reference to an entity is an :class:`EntityRef` (``{"id", "name"}``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal[
    "state",
    "armed_force",
    "military_unit",
    "government_body",
    "organization",
    "think_tank",
    "media",
    "hacker_group",
    "armed_group",
    "international_org",
    "person",
    "location",
    "equipment",
    "source",  # a non-entity source of information: "leaked documents", "a security official"
]

Certainty = Literal["fact", "reported", "alleged", "probable", "possible", "doubtful", "denied"]
Precision = Literal["day", "month", "year", "decade", "century"]
TransferStatus = Literal[
    "rumoured", "planned", "agreed", "contracted", "delivered", "in_service", "denied", "cancelled"
]
TransferKind = Literal["arms", "training", "technology", "licence", "services"]


class Record(BaseModel):
    """Base of every record: strict field names, no silent extras."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A character range ``[start, end)`` into ``Document.text`` with the text it covers."""

    start: int
    end: int
    text: str


class EntityRef(Record):
    """A reference to an :class:`Entity` by canonical id, with its name for readability."""

    id: str
    name: str


class Removal(Record):
    """A line taken out of the document during cleaning, and why."""

    text: str
    reason: str
    line: int = Field(description="0-based line number in the raw text")


class Origin(Record):
    """Where an item was found inside its input (archive member, e-mail, feed entry)."""

    container: str | None = Field(None, description="the file or URL the item was read from")
    path: str | None = Field(
        None, description="member path inside archives, outermost first, joined by '!'"
    )
    message_id: str | None = Field(None, description="Message-ID of the e-mail")
    attachment: str | None = Field(None, description="file name of an e-mail attachment")
    feed_entry_id: str | None = Field(None, description="id (or link) of the feed entry")


class ParagraphLanguage(Record):
    """Language of one paragraph of a mixed-language document."""

    span: Span
    language: str | None = None
    confidence: float | None = None


class Document(Record):
    """One input item after extraction and cleaning."""

    id: str = Field(description="sha256 of the normalised clean text")
    source: str | None = None
    media_type: str = "text/plain"
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = []
    published: str | None = Field(None, description="ISO date, as precise as known")
    published_precision: Precision | None = None
    language: str | None = None
    language_confidence: float | None = None
    text: str
    headings: list[Span] = []
    removed: list[Removal] = []
    ai_disclosure: Span | None = None
    byline: Span | None = None
    origin_cluster: str | None = None
    event_cluster: str | None = Field(
        None, description="reports of the same event (set by the cross-document stage)"
    )
    url: str | None = Field(None, description="canonical URL of a web page, or the URL fetched")
    site_name: str | None = Field(None, description="site or publication name found in the page")
    origin: Origin | None = None
    parent_id: str | None = Field(None, description="id of the e-mail an attachment came with")
    paragraph_languages: list[ParagraphLanguage] = Field(
        [], description="per-paragraph languages, for mixed-language documents only"
    )
    warnings: list[str] = Field([], description="extraction caveats, e.g. pages that need OCR")


class Mention(Record):
    """A span of text that refers to an entity."""

    entity: EntityRef
    span: Span
    how: str = Field("gazetteer", description="gazetteer | demonym | metonym | pattern | byline")


class Entity(Record):
    """A resolved, canonical entity (state, force, organisation, person, ...)."""

    id: str
    name: str
    type: EntityType
    country: str | None = None
    aliases: list[str] = []
    roles: list[str] = []
    external_ids: dict[str, str] = {}
    mentions: list[Mention] = []


class TimeExpr(Record):
    """A time expression resolved to a calendar value with its precision.

    ``value`` is ISO-like: ``2023``, ``2025-09``, ``2025-09-03``, ``XXXX-09`` when the year is
    open (a relative date with no reference date). ``qualifier`` is ``by``, ``before``, ``after``,
    ``since``, ``until`` or null for "at/in".
    """

    value: str
    precision: Precision
    qualifier: str | None = None
    span: Span | None = None
    forecast: bool = False
    label: str = Field("", description="human form, e.g. 'by 2030'")


class Relation(Record):
    """What a claim says happened: a PLOVER event type (+ mode) or a transfer."""

    name: str = Field(description="claimgraph relation, e.g. provide_military_aid, say, attack")
    plover: str | None = Field(None, description="PLOVER 2021 event type, e.g. AID")
    mode: str | None = None
    verb: str | None = Field(None, description="the trigger word, lemmatised")
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = Field(False, description="before the reference date's previous year")


class Cue(Record):
    """A word or phrase that sets the certainty of a claim."""

    span: Span
    certainty: Certainty
    kind: str = Field(
        description="hedge | report | allegation | negation | denial | modal | attribution"
    )


class Hop(Record):
    """One hop of an attribution chain, from the claim outward."""

    source: EntityRef
    anonymous: bool = False
    cue: Span | None = None
    via: EntityRef | None = None


class Attribution(Record):
    """A source saying something: source, cue and content spans."""

    id: str
    source: EntityRef
    source_span: Span | None = None
    anonymous: bool = False
    descriptor: str | None = Field(None, description="anonymous source's description")
    affiliation: EntityRef | None = None
    cue: Span
    content: Span | None = None
    via: EntityRef | None = None
    kind: str = Field("indirect", description="direct | indirect | mixed | according_to | document")
    evidence: Span


class Claim(Record):
    """One sourced, graded statement of fact from one document."""

    id: str
    doc_id: str
    subject: EntityRef | None = None
    relation: Relation
    object: EntityRef | None = None
    others: list[EntityRef] = Field([], description="further participants (co-objects)")
    time: TimeExpr | None = None
    location: EntityRef | None = None
    quantity: float | None = None
    certainty: Certainty
    cues: list[Cue] = []
    attribution: list[Hop] = []
    evidence: Span
    transfer_ids: list[str] = []


class Transfer(Record):
    """A transfer of arms, training or technology (SIPRI register as template)."""

    id: str
    doc_id: str
    claim_id: str | None = None
    supplier: EntityRef | None = None
    recipient: EntityRef | None = None
    supplier_org: EntityRef | None = Field(
        default=None, description="the firm that supplies, when the supplier is given as its state"
    )
    item: str
    designation: str | None = None
    category: str | None = None
    quantity: float | None = None
    quantity_text: str | None = None
    quantity_max: float | None = None
    estimated: bool = False
    kind: TransferKind = "arms"
    status: TransferStatus
    order_year: int | None = None
    delivery_years: list[int] = []
    certainty: Certainty = "fact"
    attribution: list[Hop] = []
    evidence: Span


class TimelineEntry(Record):
    """A dated claim placed on the timeline."""

    when: str
    precision: Precision
    label: str
    forecast: bool
    claim_id: str
    what: str
    certainty: Certainty
    merged_claim_id: str | None = None
    independent_origins: int | None = None
    documents: int | None = None
    contradicted: bool = False


class Grade(Record):
    """Admiralty grade (STANAG 2511) of a claim: source reliability A–F, credibility 1–6."""

    claim_id: str
    source: EntityRef | None = None
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    credibility: Literal[1, 2, 3, 4, 5, 6]
    independent_origins: int = 1
    rationale: list[str] = []
    merged_claim_id: str | None = Field(None, description="the cross-document merged claim")
    origin_cluster: str | None = None
    contradictions: int = Field(0, description="contradicting reports (denials, other figures)")


class OriginCluster(Record):
    """Documents carrying one original text: copies, truncated re-sends, wire versions,
    translations. They count as one origin, never as confirmation of each other."""

    id: str
    documents: list[str] = []
    earliest: str | None = Field(None, description="id of the earliest document")
    earliest_published: str | None = None
    source: EntityRef | None = Field(
        None, description="the wire agency or original source the text names"
    )
    links: list[str] = Field(
        [], description="kinds of copy: exact, near_duplicate, truncated, wire_copy, translation"
    )
    languages: list[str] = []
    translated: bool = False
    event_cluster: str | None = None


class ClaimSupport(Record):
    """One document's claim inside a merged claim, with the origin it counts as."""

    claim_id: str
    doc_id: str
    origin_cluster: str | None = None
    origin: EntityRef = Field(description="the independent origin this report counts as")
    stance: Literal["supports", "contradicts"] = "supports"
    certainty: Certainty
    quantity: float | None = None
    status: TransferStatus | None = None
    published: str | None = None


class Contradiction(Record):
    """Reports that cannot all be true, with both sides."""

    kind: Literal["denial", "negation", "quantity", "status"]
    detail: str
    supporting: list[str] = Field([], description="doc_id/claim_id of the reports on its side")
    contradicting: list[str] = Field([], description="doc_id/claim_id on the other side")


class MergedClaim(Record):
    """The same claim across documents: its reports, independent origins and contradictions."""

    id: str
    subject: EntityRef | None = None
    relation: str
    object: EntityRef | None = None
    time: TimeExpr | None = None
    location: EntityRef | None = None
    quantity: float | None = None
    summary: str
    claims: list[ClaimSupport] = []
    documents: list[str] = []
    origin_clusters: list[str] = []
    independent_origins: int = 1
    origins: list[str] = Field([], description="names of the independent origins")
    contradictions: list[Contradiction] = []
    grade: Grade | None = None
    first_published: str | None = None
    forecast: bool = False


class SourceReliability(Record):
    """The reliability (A–F) of a source: the default for its kind, or a user's override."""

    source: EntityRef
    kind: str
    default: Literal["A", "B", "C", "D", "E", "F"]
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    override_reason: str | None = None
    claims: int = 0


class Analysis(Record):
    """The whole result of analysing one document (``claimgraph analyze --json``)."""

    document: Document
    entities: list[Entity] = []
    claims: list[Claim] = []
    transfers: list[Transfer] = []
    attributions: list[Attribution] = []
    timeline: list[TimelineEntry] = []
    grades: list[Grade] = []


PUBLIC_RECORDS: tuple[type[Record], ...] = (
    Document,
    Entity,
    Mention,
    Claim,
    Transfer,
    Attribution,
    Grade,
    TimelineEntry,
    Analysis,
    OriginCluster,
    MergedClaim,
    SourceReliability,
)
