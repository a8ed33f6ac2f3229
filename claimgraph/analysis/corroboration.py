"""Corroboration and contradiction inside one document.

Claims about the same event (same relation family, same parties by country) support each other
only when their chains start from different origins: a relay (via) never adds an origin. A
confirmation ("the navy confirmed the shipment") supports the latest matching transfer claim; a
denied version of the event contradicts it. Across documents, ``claimmerge`` fills the same
:class:`Support` from the merged claim: origins from other documents, denials, other figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.model import Claim, Entity, EntityRef

TRANSFER_FAMILY = {"supply", "purchase", "provide_military_aid"}
CONFIRM_VERBS = {"confirmed", "confirms", "confirm", "acknowledged", "acknowledges", "verified"}
TRANSFER_NOUNS = (
    "shipment",
    "delivery",
    "deliveries",
    "deal",
    "sale",
    "transfer",
    "contract",
    "handover",
    "order",
    "purchase",
)


@dataclass
class Support:
    """What else in the document bears on a claim."""

    origins: dict[str, str] = field(default_factory=dict)  # origin id -> name
    denials: list[tuple[str, bool]] = field(default_factory=list)  # (who, is a party)
    conflicts: list[str] = field(default_factory=list)  # other figures or statuses, in words
    documents: int = 1  # documents reporting it (copies included)


def origin_of(claim: Claim, document_hops: set[str]) -> tuple[str, str]:
    """(id, name) of the claim's originating source; the document itself when unattributed."""
    for hop in claim.attribution:
        if hop.source.id not in document_hops:
            return hop.source.id, hop.source.name
    return "document", "the article itself"


def _parties(claim: Claim, entities: dict[str, Entity]) -> tuple[str, str] | None:
    """(supplier country, recipient country) of a transfer-family claim."""
    if claim.relation.name not in TRANSFER_FAMILY or claim.subject is None or claim.object is None:
        return None
    pair = (claim.subject, claim.object)
    if claim.relation.name == "purchase":
        pair = (claim.object, claim.subject)
    return _country(pair[0], entities), _country(pair[1], entities)


def _country(ref: EntityRef, entities: dict[str, Entity]) -> str:
    entity = entities.get(ref.id)
    return (entity.country if entity and entity.country else ref.id) or ref.id


def support_in_document(
    claims: list[Claim], entities: dict[str, Entity], document_hops: set[str]
) -> dict[str, Support]:
    """For every claim, its independent origins and the denials of the same event."""
    support = {c.id: Support() for c in claims}
    keyed = [(c, _parties(c, entities)) for c in claims]
    for claim, key in keyed:
        oid, name = origin_of(claim, document_hops)
        support[claim.id].origins[oid] = name
        if key is None:
            continue
        for other, other_key in keyed:
            if other is claim or other_key != key:
                continue
            if other.certainty == "denied" and claim.certainty != "denied":
                who, _ = origin_of(other, document_hops)
                if who == "document":
                    continue  # the article's own summary of the denials is not another source
                name_of = next(
                    (h.source.name for h in other.attribution if h.source.id == who), who
                )
                support[claim.id].denials.append((name_of, _is_party(other, who, entities, key)))
            elif other.certainty != "denied" and claim.certainty != "denied":
                oid2, name2 = origin_of(other, document_hops)
                support[claim.id].origins.setdefault(oid2, name2)
    _confirmations(claims, keyed, support, entities, document_hops)
    for item in support.values():
        _merge_spokespeople(item, entities)
        if len(item.origins) > 1:
            item.origins.pop("document", None)  # the writer's summary of the sources
    return support


def _merge_spokespeople(item: Support, entities: dict[str, Entity]) -> None:
    """'a ministry spokesperson' and 'the defence ministry' are one origin, not two."""
    bodies = {
        oid: name.lower().split()[-1]
        for oid, name in item.origins.items()
        if entities.get(oid) is not None and entities[oid].type == "government_body"
    }
    for oid, name in list(item.origins.items()):
        entity = entities.get(oid)
        if (
            entity is not None
            and entity.type == "source"
            and oid not in bodies
            and any(word in name.lower().split() for word in bodies.values())
        ):
            del item.origins[oid]


def _is_party(
    claim: Claim, source_id: str, entities: dict[str, Entity], key: tuple[str, str]
) -> bool:
    """Is the denying source one of the parties (or speaks for one)?"""
    entity = entities.get(source_id)
    country = entity.country if entity else None
    return country in key or source_id in key


def _confirmations(
    claims: list[Claim],
    keyed: list[tuple[Claim, tuple[str, str] | None]],
    support: dict[str, Support],
    entities: dict[str, Entity],
    document_hops: set[str],
) -> None:
    """'A spokesperson for the navy confirmed the shipment' supports the latest transfer claim."""
    for claim in claims:
        if claim.relation.name != "say" or (claim.relation.verb or "") not in CONFIRM_VERBS:
            continue
        if not any(noun in claim.evidence.text.lower() for noun in TRANSFER_NOUNS):
            continue
        oid, name = origin_of(claim, document_hops)
        speaker_country = _country(claim.subject, entities) if claim.subject else None
        earlier = [
            (c, key)
            for c, key in keyed
            if key and c.evidence.start <= claim.evidence.start and speaker_country in key
        ]
        if not earlier:
            continue
        event = earlier[-1][1]
        for target, key in keyed:
            if key == event and target.certainty != "denied":
                support[target.id].origins.setdefault(oid, name)
