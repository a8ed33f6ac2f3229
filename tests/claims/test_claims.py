"""The claim stages on short texts written for the project: certainty scope, attribution
chains, transfers with quantities and list inheritance, grades."""

from claimgraph import analyze
from claimgraph.model import Analysis, Claim


def claim_with(result: Analysis, verb: str) -> Claim:
    return next(c for c in result.claims if c.relation.verb == verb)


def test_hedge_governs_its_own_clause() -> None:
    result = analyze(
        "Serbia has reportedly bought 12 attack helicopters from Russia, "
        "but Hungary delivered 4 transport aircraft to Serbia."
    )
    bought = claim_with(result, "buy")
    delivered = claim_with(result, "deliver")
    assert bought.certainty == "reported"
    assert [c.span.text for c in bought.cues] == ["reportedly"]
    assert delivered.certainty == "fact"


def test_modal_and_allegation_and_denial() -> None:
    result = analyze(
        "Belarus could send 30 tanks to Russia. Poland has been accused of supplying drones "
        "to Ukraine. The ministry denied that any missiles had been sent to Armenia."
    )
    certainties = {
        c.object.name: c.certainty
        for c in result.claims
        if c.relation.name == "supply" and c.object is not None
    }
    assert certainties == {"Russia": "possible", "Ukraine": "alleged", "Armenia": "denied"}
    assert not any(c.relation.name == "accuse" for c in result.claims)


def test_according_to_and_anonymous_relay() -> None:
    result = analyze(
        "According to Reuters, Egypt ordered 20 howitzers from South Korea.\n"
        "A senior Egyptian official, speaking anonymously to The Washington Post, "
        "said the deal was signed in March 2024."
    )
    order = claim_with(result, "order")
    assert order.subject and order.subject.name == "Egypt"
    assert order.object and order.object.name == "South Korea"
    assert order.certainty == "reported"
    assert order.attribution[0].source.name == "Reuters"
    anonymous = next(a for a in result.attributions if a.anonymous)
    assert anonymous.source.name == "a senior Egyptian official"
    assert anonymous.via and anonymous.via.name == "The Washington Post"


def test_quoted_as_saying_chain() -> None:
    result = analyze(
        "Algeria has received six Su-35 fighter jets from Russia, state television quoted "
        "the defence ministry as saying on Monday."
    )
    received = claim_with(result, "receive")
    hops = [h.source.name for h in received.attribution]
    assert hops[0] == "Ministry of Defence of Algeria"
    assert received.attribution[0].via is not None
    assert received.attribution[0].via.name == "state television"


def test_transfers_with_ranges_and_list_items() -> None:
    result = analyze(
        "Kazakhstan ordered between 20 and 30 armoured personnel carriers from Turkey in 2023.\n\n"
        "The contract lists equipment Turkey plans to deliver to Kazakhstan, including:\n"
        "- 14 infantry fighting vehicles\n"
        "- Several command vehicles\n"
    )
    ranged = next(t for t in result.transfers if t.quantity == 20)
    assert ranged.quantity_max == 30 and ranged.estimated
    assert ranged.supplier and ranged.supplier.name == "Turkey"
    assert ranged.recipient and ranged.recipient.name == "Kazakhstan"
    assert ranged.status == "contracted" and ranged.order_year == 2023
    listed = [t for t in result.transfers if t.status == "planned"]
    assert [(t.quantity, t.quantity_text) for t in listed] == [(14, "14"), (None, "Several")]
    assert all(t.supplier and t.supplier.name == "Turkey" for t in listed)
    for transfer in result.transfers:
        doc = result.document.text
        assert doc[transfer.evidence.start : transfer.evidence.end] == transfer.evidence.text


def test_single_origin_and_grades() -> None:
    result = analyze(
        "Myanmar reportedly received 8 drones from China, according to the hacking group "
        "Silver Lotus.\nBy Ana Ruiz. This article was written with the help of AI."
    )
    received = claim_with(result, "receive")
    grade = next(g for g in result.grades if g.claim_id == received.id)
    assert grade.reliability == "F"
    assert grade.credibility in {3, 4}
    joined = " ".join(grade.rationale)
    assert "single origin" in joined and "reportedly" in joined and "AI" in joined
    assert received.attribution[-1].source.name == "Ana Ruiz"


def test_denial_contradicts_the_report() -> None:
    result = analyze(
        "Officials said North Korea shipped 100 rockets to Russia last year.\n"
        "North Korea's foreign ministry denied that any rockets had been shipped to Russia."
    )
    shipped = next(
        c for c in result.claims if c.relation.verb == "ship" and c.certainty != "denied"
    )
    grade = next(g for g in result.grades if g.claim_id == shipped.id)
    assert any("denied" in reason for reason in grade.rationale)


def test_spans_point_into_clean_text() -> None:
    result = analyze(
        "Others are reading now\nIndia has reportedly agreed to sell BrahMos missiles to "
        "Vietnam, The Hindu reported.\nAlso read\n"
    )
    text = result.document.text
    for claim in result.claims:
        assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
        for cue in claim.cues:
            assert text[cue.span.start : cue.span.end] == cue.span.text
    for entity in result.entities:
        for mention in entity.mentions:
            assert text[mention.span.start : mention.span.end] == mention.span.text


def test_plover_flags() -> None:
    result = analyze(
        "Russia did not deliver tanks to Serbia in 2019. Belarus could send 30 tanks to Russia. "
        "Iran will ship drones to Sudan in 2026.",
        published="2024-06-03",
    )
    flags = {
        c.relation.verb: (
            c.relation.negated,
            c.relation.hypothetical,
            c.relation.future,
            c.relation.historical,
        )
        for c in result.claims
        if c.relation.name == "supply"
    }
    assert flags["deliver"] == (True, False, False, True)
    assert flags["send"] == (False, True, False, False)
    assert flags["ship"][2] is True
