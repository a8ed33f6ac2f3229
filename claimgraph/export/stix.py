"""STIX 2.1 bundles of a corpus, built with the ``stix2`` library.

Mapping:

- each document -> ``report`` (``report_types: ["threat-report"]``) listing what was read in it;
- entities -> ``identity`` (states, forces, bodies, organisations, media, people, sources,
  outlets, authors), ``threat-actor`` (hacker groups, ``threat_actor_types: ["hacker"]``) and
  ``location`` (places with a country; every country named gets one, linked ``located-at``);
- claims with both parties -> ``relationship`` (type from the relation: ``supply``,
  ``provide-military-aid``, ...) with ``start_time``/``stop_time`` from the claim's time;
  transfers -> ``relationship`` (``supplies-arms-to``, ``provides-training-to``, ...);
- evidence -> ``note`` (the quoted sentence and the source chain) on the relationship and report;
- certainty -> ``confidence`` through the ICD 203 table in ``resources/icd203.yaml``.

Custom properties (all prefixed ``x_claimgraph_``), documented here and in ``icd203.yaml``:

``x_claimgraph_doc_id``, ``x_claimgraph_claim_id``
    the claimgraph record the object comes from.
``x_claimgraph_certainty``, ``x_claimgraph_icd203``, ``x_claimgraph_cues``
    the text's certainty (fact, reported, alleged, probable, possible, doubtful, denied), its
    ICD 203 word *as worded in the text*, and the hedge words that set it.
``x_claimgraph_admiralty_reliability``, ``x_claimgraph_admiralty_credibility``,
``x_claimgraph_admiralty_rationale``, ``x_claimgraph_admiralty_source_ref``,
``x_claimgraph_independent_origins``
    the Admiralty grade (STANAG 2511): source reliability A–F (F: cannot be judged),
    information credibility 1–6 (6: cannot be judged), the reasons, the originating source's
    identity and the number of independent origins. On source identities,
    ``x_claimgraph_admiralty_reliability`` is the source's reliability (an analyst's override
    when set, with ``x_claimgraph_reliability_override_reason``).
``x_claimgraph_source_chain``
    the attribution chain from the claim outward (names, "via" relays included).
``x_claimgraph_transfer``
    the transfer record: item, designation, category, quantity (+ text, max, estimated), kind,
    status, order year, delivery years.
``x_claimgraph_entity_id``, ``x_claimgraph_entity_type``, ``x_claimgraph_anonymous``
    the claimgraph entity behind an identity.
``x_claimgraph_origin_cluster``, ``x_claimgraph_outlet``, ``x_claimgraph_authors``
    on reports: the document's origin cluster (syndicated copies share one), outlet, authors.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import IO, Any

from stix2.v21 import (
    Bundle,
    ExtensionDefinition,
    Identity,
    Location,
    Note,
    Relationship,
    Report,
    ThreatActor,
)

from claimgraph.export.corpus import Corpus, chain_text, iter_chain
from claimgraph.model import Claim, Document, Entity, EntityRef, Grade, TimeExpr, Transfer
from claimgraph.resources import load_yaml

NAMESPACE = uuid.UUID("6f1c1d3e-3c4b-5a8e-9a51-7c1a2e0b9d42")
EPOCH = "2020-01-01T00:00:00Z"

EXTENSION_ID = "extension-definition--3c2b9d0e-8f0a-4e55-9d8b-2f6a4f1b7c11"
PROPERTIES: dict[str, str] = {
    "x_claimgraph_doc_id": "id (sha256 of the clean text) of the claimgraph document",
    "x_claimgraph_claim_id": "id of the claimgraph claim",
    "x_claimgraph_certainty": "the text's certainty: fact, reported, alleged, probable, "
    "possible, doubtful or denied",
    "x_claimgraph_icd203": "ICD 203 word of estimative probability for that certainty, as "
    "worded in the text (not an analyst's estimate); confidence holds its STIX value",
    "x_claimgraph_cues": "the hedge, report or denial words that set the certainty",
    "x_claimgraph_admiralty_reliability": "Admiralty (STANAG 2511) source reliability A-F "
    "(F: cannot be judged, not 'low'); on identities the source's own reliability",
    "x_claimgraph_admiralty_credibility": "Admiralty information credibility 1-6 "
    "(6: cannot be judged)",
    "x_claimgraph_admiralty_rationale": "plain-language reasons for the grade",
    "x_claimgraph_admiralty_source_ref": "the originating source the grade is for",
    "x_claimgraph_independent_origins": "number of independent origins reporting the claim",
    "x_claimgraph_reliability_override_reason": "why an analyst set the source's reliability",
    "x_claimgraph_source_chain": "attribution chain from the claim outward",
    "x_claimgraph_transfer": "transfer record: item, designation, category, quantity, "
    "quantity_text, quantity_max, estimated, kind, status, order_year, delivery_years",
    "x_claimgraph_entity_id": "claimgraph entity id (e.g. country:RU)",
    "x_claimgraph_entity_type": "claimgraph entity type",
    "x_claimgraph_anonymous": "true for an unnamed source",
    "x_claimgraph_outlet": "publishing outlet of the document",
    "x_claimgraph_authors": "authors of the document",
    "x_claimgraph_origin_cluster": "origin cluster of the document (syndicated copies share it)",
}
"""The extension's top-level properties and their meaning (also the extension's schema)."""

ORGANISATION_SECTORS = {
    "state": ["government-national"],
    "government_body": ["government-national"],
    "armed_force": ["defense"],
    "military_unit": ["defense"],
    "media": ["communications"],
}
TRANSFER_RELATIONS = {
    "arms": "supplies-arms-to",
    "training": "provides-training-to",
    "technology": "transfers-technology-to",
    "licence": "licenses-production-to",
    "services": "provides-services-to",
}


@cache
def icd203_table() -> dict[str, Any]:
    """The certainty -> ICD 203 -> STIX confidence table (``resources/icd203.yaml``)."""
    data: dict[str, Any] = load_yaml("icd203.yaml")
    return data


@cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of current states (from the states gazetteer); STIX location
    objects take only these (not Kosovo's user-assigned XK, not former states)."""
    entries = load_yaml("gazetteer/states.yaml")["entities"]
    return frozenset(
        str(e["country"])
        for e in entries
        if e.get("country") and not e.get("historical") and e["country"] != "XK"
    )


def icd203_word(certainty: str) -> str:
    """The ICD 203 word for a certainty, as worded in the text."""
    return str(icd203_table()["icd203"][certainty]["word"])


def stix_confidence(certainty: str) -> int:
    """STIX 2.1 confidence (DNI scale) for a certainty."""
    return int(icd203_table()["icd203"][certainty]["stix"])


def stix_id(kind: str, *key: str) -> str:
    """A deterministic STIX id: the same record always gets the same id. The UUID is a hash
    of the key laid out as a version 4 UUID (what STIX asks of SDO ids)."""
    digest = uuid.uuid5(NAMESPACE, "|".join(key)).bytes
    return f"{kind}--{uuid.UUID(bytes=digest, version=4)}"


class StixBuilder:
    """Collects STIX objects for a corpus; :meth:`bundle` returns them as one bundle."""

    def __init__(self, corpus: Corpus, *, created: dict[str, str] | None = None) -> None:
        self.corpus = corpus
        self.created = created or {}
        self.objects: dict[str, Any] = {}
        self.doc_refs: dict[str, set[str]] = defaultdict(set)
        self.tool = Identity(
            id=stix_id("identity", "claimgraph"),
            name="claimgraph",
            identity_class="system",
            description="Extracted automatically from open reports by claimgraph.",
            created=EPOCH,
            modified=EPOCH,
        )
        self.objects[self.tool.id] = self.tool
        self.objects[EXTENSION_ID] = ExtensionDefinition(
            id=EXTENSION_ID,
            created_by_ref=self.tool.id,
            created=EPOCH,
            modified=EPOCH,
            name="claimgraph claim properties",
            description="Certainty, ICD 203 wording, Admiralty grade, source chain and "
            "transfer details of claims read from open reports by claimgraph.",
            schema=extension_schema(),
            version="1.0.0",
            extension_types=["toplevel-property-extension"],
            extension_properties=sorted(PROPERTIES),
        )

    # -- public -------------------------------------------------------------------------------

    def bundle(self) -> Bundle:
        """Every object of the corpus in one bundle."""
        for claim in self.corpus.claims:
            self._claim(claim)
        for transfer in self.corpus.transfers:
            self._transfer(transfer)
        for doc in self.corpus.documents.values():
            self._report(doc)
        return Bundle(objects=list(self.objects.values()), allow_custom=True)

    # -- documents ----------------------------------------------------------------------------

    def _report(self, doc: Document) -> None:
        refs = set(self.doc_refs.get(doc.id, set()))
        for author in doc.authors:
            refs.add(self._named_identity(author, "individual", doc.id))
        if doc.outlet:
            refs.add(self._named_identity(doc.outlet, "organization", doc.id, ["communications"]))
        for mention in self.corpus.mentions.get(doc.id, []):
            sdo = self._entity(mention.entity, doc.id)
            if sdo is not None:
                refs.add(sdo)
        if not refs:
            refs.add(self.tool.id)
        created = self._created(doc.id)
        report_id = self._report_id(doc)
        external = {"source_name": doc.outlet or "claimgraph", "external_id": doc.id}
        url = doc.url or (doc.source if doc.source and "://" in doc.source else None)
        if url:
            external["url"] = url
        props = {
            "x_claimgraph_doc_id": doc.id,
            "x_claimgraph_outlet": doc.outlet,
            "x_claimgraph_authors": doc.authors or None,
            "x_claimgraph_origin_cluster": doc.origin_cluster,
        }
        self.objects[report_id] = Report(
            id=report_id,
            name=doc.title or doc.source or doc.id[:12],
            description=_excerpt(doc.text, 400),
            published=_timestamp(doc.published) or created,
            report_types=["threat-report"],
            object_refs=sorted(refs),
            created_by_ref=self.tool.id,
            created=created,
            modified=created,
            external_references=[external],
            lang=doc.language or None,
            **_ext(props),
        )

    def _report_id(self, doc: Document) -> str:
        return stix_id("report", doc.id)

    # -- claims -------------------------------------------------------------------------------

    def _claim(self, claim: Claim) -> None:
        grade = self.corpus.grade(claim)
        created = self._created(claim.doc_id)
        relationship_id = None
        source = self._entity(claim.subject, claim.doc_id) if claim.subject else None
        target = self._entity(claim.object, claim.doc_id) if claim.object else None
        if source and target and source != target:
            relationship_id = stix_id("relationship", claim.doc_id, claim.id)
            props = {
                **self._grade_props(grade, claim.doc_id),
                "x_claimgraph_doc_id": claim.doc_id,
                "x_claimgraph_claim_id": claim.id,
                "x_claimgraph_certainty": claim.certainty,
                "x_claimgraph_icd203": icd203_word(claim.certainty),
                "x_claimgraph_cues": [c.span.text for c in claim.cues] or None,
                "x_claimgraph_source_chain": list(iter_chain(claim)) or None,
            }
            self.objects[relationship_id] = Relationship(
                id=relationship_id,
                relationship_type=_relation_type(claim.relation.name, claim.relation.negated),
                source_ref=source,
                target_ref=target,
                description=claim.evidence.text,
                confidence=stix_confidence(claim.certainty),
                created_by_ref=self.tool.id,
                created=created,
                modified=created,
                **_interval(claim.time),
                **_ext(props),
            )
            self.doc_refs[claim.doc_id].add(relationship_id)
        self._note(claim, grade, relationship_id, created)

    def _note(self, claim: Claim, grade: Grade | None, relationship_id: str | None, created: str):
        doc = self.corpus.documents.get(claim.doc_id)
        refs = [self._report_id(doc)] if doc else []
        if relationship_id:
            refs.insert(0, relationship_id)
        if not refs:
            return
        authors = ([doc.outlet] if doc and doc.outlet else []) + (doc.authors if doc else [])
        note_id = stix_id("note", claim.doc_id, claim.id)
        grade_text = f" Grade {grade.reliability}{grade.credibility}." if grade else ""
        props = {
            "x_claimgraph_doc_id": claim.doc_id,
            "x_claimgraph_claim_id": claim.id,
            "x_claimgraph_certainty": claim.certainty,
            "x_claimgraph_icd203": icd203_word(claim.certainty),
        }
        self.objects[note_id] = Note(
            id=note_id,
            abstract=f"Evidence ({claim.certainty}): {_excerpt(claim.evidence.text, 120)}",
            content=(
                f"“{claim.evidence.text}”\n\nSource chain: {chain_text(claim)}.{grade_text}"
                f"\nCharacters {claim.evidence.start}–{claim.evidence.end} of document "
                f"{claim.doc_id}."
            ),
            authors=authors or None,
            object_refs=refs,
            confidence=stix_confidence(claim.certainty),
            created_by_ref=self.tool.id,
            created=created,
            modified=created,
            **_ext(props),
        )
        self.doc_refs[claim.doc_id].add(note_id)

    def _grade_props(self, grade: Grade | None, doc_id: str) -> dict[str, Any]:
        if grade is None:
            return {}
        source = self._entity(grade.source, doc_id) if grade.source else None
        return {
            "x_claimgraph_admiralty_reliability": grade.reliability,
            "x_claimgraph_admiralty_credibility": grade.credibility,
            "x_claimgraph_admiralty_rationale": grade.rationale or None,
            "x_claimgraph_admiralty_source_ref": source,
            "x_claimgraph_independent_origins": grade.independent_origins,
        }

    # -- transfers ----------------------------------------------------------------------------

    def _transfer(self, transfer: Transfer) -> None:
        if transfer.supplier is None or transfer.recipient is None:
            return
        source = self._entity(transfer.supplier, transfer.doc_id)
        target = self._entity(transfer.recipient, transfer.doc_id)
        if not source or not target or source == target:
            return
        claim = self.corpus.claim(transfer.claim_id, transfer.doc_id) if transfer.claim_id else None
        grade = self.corpus.grade(claim) if claim else None
        created = self._created(transfer.doc_id)
        fields = transfer.model_dump(
            include={
                "item",
                "designation",
                "category",
                "quantity",
                "quantity_text",
                "quantity_max",
                "estimated",
                "kind",
                "status",
                "order_year",
                "delivery_years",
            }
        )
        props = {
            **self._grade_props(grade, transfer.doc_id),
            "x_claimgraph_doc_id": transfer.doc_id,
            "x_claimgraph_claim_id": transfer.claim_id,
            "x_claimgraph_certainty": transfer.certainty,
            "x_claimgraph_icd203": icd203_word(transfer.certainty),
            "x_claimgraph_transfer": _clean(fields),
            "x_claimgraph_source_chain": list(iter_chain(transfer)) or None,
        }
        rel_id = stix_id("relationship", transfer.doc_id, transfer.id)
        self.objects[rel_id] = Relationship(
            id=rel_id,
            relationship_type=TRANSFER_RELATIONS.get(transfer.kind, "supplies-arms-to"),
            source_ref=source,
            target_ref=target,
            description=_transfer_text(transfer),
            confidence=stix_confidence(transfer.certainty),
            created_by_ref=self.tool.id,
            created=created,
            modified=created,
            **_years(transfer),
            **_ext(props),
        )
        self.doc_refs[transfer.doc_id].add(rel_id)

    # -- entities -----------------------------------------------------------------------------

    def _entity(self, ref: EntityRef | None, doc_id: str) -> str | None:
        """The STIX id standing for an entity (created on first use); None if not mapped."""
        if ref is None:
            return None
        entity = self.corpus.entities.get(ref.id) or _bare_entity(ref)
        if entity.type == "equipment":
            return None
        if entity.type == "location":
            return self._location(entity, doc_id)
        sdo_id = stix_id("threat-actor" if entity.type == "hacker_group" else "identity", ref.id)
        if sdo_id not in self.objects:
            self.objects[sdo_id] = self._entity_sdo(sdo_id, entity)
            if entity.country in iso_countries() and entity.type in {
                "state",
                "government_body",
                "armed_force",
            }:
                self._located_at(sdo_id, entity.country)
        self.doc_refs[doc_id].add(sdo_id)
        return sdo_id

    def _entity_sdo(self, sdo_id: str, entity: Entity) -> Any:
        common: dict[str, Any] = {
            "id": sdo_id,
            "name": entity.name,
            "created_by_ref": self.tool.id,
            "created": EPOCH,
            "modified": EPOCH,
        }
        override = self.corpus.view.reliability_of(entity.id)
        props: dict[str, Any] = {
            "x_claimgraph_entity_id": entity.id,
            "x_claimgraph_entity_type": entity.type,
            "x_claimgraph_admiralty_reliability": self._source_reliability(entity.id),
            "x_claimgraph_reliability_override_reason": override.reason if override else None,
        }
        if entity.aliases and entity.type == "hacker_group":
            common["aliases"] = entity.aliases
        elif entity.aliases:
            common["description"] = "Also called: " + "; ".join(entity.aliases)
        if entity.type == "hacker_group":
            return ThreatActor(threat_actor_types=["hacker"], **_ext(props), **common)
        if entity.type == "source":
            anonymous = entity.id.startswith("source:a-") or "official" in entity.name.lower()
            props["x_claimgraph_anonymous"] = anonymous or None
            return Identity(
                identity_class="individual" if anonymous else "unknown",
                **_ext(props),
                **common,
            )
        identity_class = {"person": "individual", "armed_group": "group"}.get(
            entity.type, "organization"
        )
        sectors = ORGANISATION_SECTORS.get(entity.type)
        if sectors:
            common["sectors"] = sectors
        return Identity(identity_class=identity_class, **_ext(props), **common)

    def _source_reliability(self, entity_id: str) -> str | None:
        override = self.corpus.view.reliability_of(entity_id)
        if override is not None:
            return override.reliability
        letters = [
            g.reliability
            for g in self.corpus.grades.values()
            if g.source is not None and g.source.id == entity_id
        ]
        return max(set(letters), key=letters.count) if letters else None

    def _named_identity(
        self, name: str, identity_class: str, doc_id: str, sectors: list[str] | None = None
    ) -> str:
        sdo_id = stix_id("identity", "name", identity_class, name.casefold())
        if sdo_id not in self.objects:
            extra = {"sectors": sectors} if sectors else {}
            self.objects[sdo_id] = Identity(
                id=sdo_id,
                name=name,
                identity_class=identity_class,
                created_by_ref=self.tool.id,
                created=EPOCH,
                modified=EPOCH,
                **extra,
            )
        self.doc_refs[doc_id].add(sdo_id)
        return sdo_id

    def _location(self, entity: Entity, doc_id: str) -> str | None:
        if entity.country not in iso_countries():
            return None
        loc_id = stix_id("location", entity.id)
        if loc_id not in self.objects:
            self.objects[loc_id] = Location(
                id=loc_id,
                name=entity.name,
                country=entity.country,
                created_by_ref=self.tool.id,
                created=EPOCH,
                modified=EPOCH,
                **_ext({"x_claimgraph_entity_id": entity.id}),
            )
        self.doc_refs[doc_id].add(loc_id)
        return loc_id

    def _located_at(self, sdo_id: str, country: str | None) -> None:
        if country is None:
            return
        loc_id = stix_id("location", "country", country)
        if loc_id not in self.objects:
            self.objects[loc_id] = Location(
                id=loc_id,
                name=country,
                country=country,
                created_by_ref=self.tool.id,
                created=EPOCH,
                modified=EPOCH,
            )
        rel_id = stix_id("relationship", "located-at", sdo_id, loc_id)
        self.objects[rel_id] = Relationship(
            id=rel_id,
            relationship_type="located-at",
            source_ref=sdo_id,
            target_ref=loc_id,
            created_by_ref=self.tool.id,
            created=EPOCH,
            modified=EPOCH,
        )

    def _created(self, doc_id: str) -> str:
        return self.created.get(doc_id) or EPOCH


# -- functions ----------------------------------------------------------------------------------


def build_bundle(corpus: Corpus, *, created: dict[str, str] | None = None) -> Bundle:
    """The STIX 2.1 bundle of a corpus (``created``: doc id -> ISO time the document was read)."""
    return StixBuilder(corpus, created=created).bundle()


def write_stix(corpus: Corpus, out: IO[str], *, created: dict[str, str] | None = None) -> int:
    """Write the bundle as JSON; return the number of objects."""
    bundle = build_bundle(corpus, created=created)
    data = json.loads(bundle.serialize())
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")
    return len(data.get("objects", []))


def _bare_entity(ref: EntityRef) -> Entity:
    kind = ref.id.split(":", 1)[0]
    types = {"country": "state", "group": "hacker_group", "person": "person", "source": "source"}
    return Entity.model_validate(
        {"id": ref.id, "name": ref.name, "type": types.get(kind, "organization")}
    )


def _relation_type(name: str, negated: bool) -> str:
    kind = name.replace("_", "-").lower()
    return f"not-{kind}" if negated else kind


def _timestamp(value: str | None, *, end: bool = False) -> str | None:
    """An ISO date of any precision as a STIX timestamp (its start, or with ``end`` the start
    of the next period); None when the year is unknown."""
    if not value or not value[:4].isdigit():
        return None
    parts = [int(p) for p in value[:10].split("-") if p.isdigit()]
    year, month, day = (parts + [1, 1])[:3]
    if len(parts) == 1:
        moment = datetime(year + end, 1, 1, tzinfo=UTC)
    elif len(parts) == 2:
        month += end
        moment = datetime(year + (month > 12), (month - 1) % 12 + 1, 1, tzinfo=UTC)
    else:
        moment = datetime(year, month, day, tzinfo=UTC) + timedelta(days=int(end))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _interval(time: TimeExpr | None) -> dict[str, str]:
    """``start_time``/``stop_time`` of a claim time ('by 2030': stop only; 'since': start)."""
    if time is None:
        return {}
    start, stop = _timestamp(time.value), _timestamp(time.value, end=True)
    if start is None or stop is None:
        return {}
    if time.qualifier in {"by", "before", "until"}:
        return {"stop_time": stop}
    if time.qualifier in {"since", "after"}:
        return {"start_time": start}
    return {"start_time": start, "stop_time": stop}


def _years(transfer: Transfer) -> dict[str, str]:
    years = [y for y in [transfer.order_year, *transfer.delivery_years] if y]
    if not years:
        return {}
    start = _timestamp(str(min(years)))
    stop = _timestamp(str(max(years)), end=True)
    return {"start_time": start, "stop_time": stop} if start and stop else {}


def _transfer_text(transfer: Transfer) -> str:
    quantity = transfer.quantity_text or (
        f"{transfer.quantity:g}" if transfer.quantity is not None else ""
    )
    item = " ".join(x for x in (quantity, transfer.designation or transfer.item) if x)
    return f"{item} ({transfer.kind}, {transfer.status}). Evidence: {transfer.evidence.text}"


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def extension_schema() -> str:
    """Plain-text definition of the claimgraph extension (STIX allows text as schema)."""
    lines = [f"{name}: {meaning}." for name, meaning in PROPERTIES.items()]
    return "Top-level properties added by claimgraph. " + " ".join(lines)


def _ext(props: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments adding claimgraph's top-level properties through its extension."""
    props = _clean(props)
    unknown = set(props) - set(PROPERTIES)
    assert not unknown, f"undocumented STIX properties: {unknown}"
    if not props:
        return {}
    extensions = {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}
    return {"extensions": extensions, "allow_custom": True, **props}


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values (STIX forbids empty lists and nulls)."""
    return {k: v for k, v in props.items() if v not in (None, [], {}, "")}


def created_times(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """doc id -> STIX timestamp from (doc id, ISO time read) pairs."""
    out = {}
    for doc_id, at in pairs:
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        out[doc_id] = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return out
