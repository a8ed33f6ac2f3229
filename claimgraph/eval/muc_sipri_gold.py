"""Certainty against MUC-4 perpetrator confidence; transfers against SIPRI register rows
(``benchmarks/muc_sipri.py``).

**MUC-4.** Every template whose ``PERP: ORGANIZATION CONFIDENCE`` is filled gives labels
("REPORTED AS FACT / POSSIBLE") and the perpetrator names they apply to. Our certainty for a
perpetrator: the first non-``say`` claim whose evidence mentions one of its names (word match,
case-insensitive), else the first ``say``/``deny`` claim that does (path ``claim``); otherwise the
cue rules at the end of the clause of the name's first mention (path ``rules``: cues before the name
and in its clause, "alleged terrorists", "MOR claimed responsibility", govern it). It agrees when
it is in the list ``resources/eval/muc_confidence.yaml`` gives for any of the labels.

**SIPRI.** Each register row linked to an article is compared with the article's transfer that
agrees on the most fields: supplier and recipient (countries; former states agree with their
successors), designation (same letters and digits, one containing the other, or a shared model
token such as ``m1a1``), category (the row's description mapped by
``resources/eval/sipri_categories.yaml``), quantity (ordered or delivered number within our
``quantity``..``quantity_max``) and year (our order year is the row's, or delivery years meet).
A ``no_match`` link counts our transfers that would wrongly match a register row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from claimgraph.eval.gold import country_of_name, entity_country, same_country
from claimgraph.model import Analysis, Transfer
from claimgraph.nlp.certainty import certainty_of, find_cues, is_break
from claimgraph.nlp.tokens import Token, split_sentences
from claimgraph.resources import load_yaml

EMPTY_FILLS = {"", "-", "*"}
FIELDS = ("supplier", "recipient", "designation", "category", "quantity", "year")


# ---------------------------------------------------------------- MUC-4


@cache
def _labels() -> dict[str, list[str]]:
    return {
        _norm_label(k): list(v) for k, v in load_yaml("eval/muc_confidence.yaml")["labels"].items()
    }


def _norm_label(label: str) -> str:
    return " ".join(label.replace("(", " ").replace(")", " ").upper().split())


@dataclass
class Perpetrator:
    """One perpetrator confidence fill: the MUC labels and the names they apply to."""

    doc_id: str
    template: str
    labels: list[str]
    names: list[str]

    def allowed(self) -> set[str]:
        """Our certainties that agree with any of the labels."""
        table = _labels()
        return {c for label in self.labels for c in table.get(label, [])}


def perpetrators(record: dict[str, Any]) -> list[Perpetrator]:
    """Filled perpetrator confidences of one MUC-4 key record."""
    out = []
    for template in record.get("templates") or []:
        slots = template.get("slots") or {}
        fill = str(slots.get("PERP: ORGANIZATION CONFIDENCE", "")).strip()
        for line in fill.split("\n"):
            if line.strip() in EMPTY_FILLS or ":" not in line:
                continue
            head, _, names = line.partition(":")
            out.append(
                Perpetrator(
                    doc_id=str(record.get("doc_id")),
                    template=str(slots.get("MESSAGE: TEMPLATE", "")),
                    labels=[_norm_label(x) for x in head.split("/") if x.strip()],
                    names=[n.strip().strip('"?').strip() for n in names.split("/") if n.strip()],
                )
            )
    return out


def _mentions(text: str, names: list[str]) -> list[tuple[int, int]]:
    found = []
    for name in names:
        pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
        found += [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
    return sorted(found)


def perpetrator_certainty(analysis: Analysis, names: list[str]) -> tuple[str | None, str, str]:
    """(our certainty, path, evidence text) for a perpetrator; (None, 'not found', '')."""
    text = analysis.document.text
    mentions = _mentions(text, names)
    if not mentions:
        return None, "not found", ""
    claims = sorted(
        analysis.claims, key=lambda c: (c.relation.name in ("say", "deny"), c.evidence.start)
    )
    for claim in claims:
        ev = claim.evidence
        if any(ev.start <= s and e <= ev.end for s, e in mentions):
            return claim.certainty, "claim", ev.text
    start, end = mentions[0]
    sentence = next(
        (s for s in split_sentences(analysis.document) if s.start <= start < s.end), None
    )
    if sentence is None or not sentence.tokens:
        return "fact", "rules", ""
    return _clause_certainty(sentence.tokens, end), "rules", sentence.text


def _clause_certainty(tokens: list[Token], after: int) -> str:
    """Certainty at the last token of the clause that follows offset ``after``."""
    target = next((i for i, t in enumerate(tokens) if t.start >= after), len(tokens) - 1)
    while (
        target + 1 < len(tokens)
        and not is_break(tokens, target + 1)
        and tokens[target + 1].text not in {".", ","}
    ):
        target += 1
    certainty, _ = certainty_of(tokens, find_cues(tokens), target, attributed=False)
    return certainty


# ---------------------------------------------------------------- SIPRI


@dataclass
class RegisterRow:
    """One SIPRI trade-register row, countries as ISO alpha-2."""

    row_id: str
    supplier: str | None
    recipient: str | None
    designation: str
    description: str
    category: str
    ordered: int | None
    delivered: int | None
    order_year: int | None
    delivery_years: list[int]


def load_register(path: Path) -> dict[str, RegisterRow]:
    """The register subset by row id."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {r["row_id"]: _row(r) for r in rows}


def _row(r: dict[str, str]) -> RegisterRow:
    return RegisterRow(
        row_id=r["row_id"],
        supplier=country_of_name(r["Supplier"]),
        recipient=country_of_name(r["Recipient"]),
        designation=r["Weapon designation"],
        description=r["Weapon description"],
        category=sipri_category(r["Weapon description"]),
        ordered=_int(r.get("Number ordered")),
        delivered=_int(r.get("Number delivered")),
        order_year=_int(r.get("Year of order")),
        delivery_years=[int(y) for y in re.findall(r"\d{4}", r.get("Year(s) of delivery") or "")],
    )


def _int(value: str | None) -> int | None:
    digits = re.sub(r"[^\d]", "", value or "")
    return int(digits) if digits else None


def sipri_category(description: str) -> str:
    """The transfer category of a SIPRI weapon description."""
    table = load_yaml("eval/sipri_categories.yaml")
    lowered = description.lower()
    for rule in table["rules"]:
        if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", lowered) for w in rule["words"]):
            return str(rule["category"])
    return str(table["default"])


def _compact(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", s.lower())


def designation_match(register: str, ours: str | None) -> bool:
    """Same system: compact forms contain each other, or they share a model token."""
    if not ours:
        return False
    a, b = _compact(register), _compact(ours)
    if a and b and (a in b or b in a):
        return True
    models = lambda s: {_compact(t) for t in re.split(r"[\s/(),]+", s) if re.search(r"\d", t)}  # noqa: E731
    return bool(models(register) & models(ours) - {""})


def agreement(row: RegisterRow, transfer: Transfer, analysis: Analysis) -> dict[str, bool]:
    """Which fields of our transfer agree with the register row."""
    low = transfer.quantity
    high = transfer.quantity_max if transfer.quantity_max is not None else low
    numbers = [n for n in (row.ordered, row.delivered) if n is not None]
    return {
        "supplier": same_country(entity_country(analysis, transfer.supplier), row.supplier),
        "recipient": same_country(entity_country(analysis, transfer.recipient), row.recipient),
        "designation": designation_match(row.designation, transfer.designation)
        or designation_match(row.designation, transfer.item),
        "category": transfer.category == row.category,
        "quantity": low is not None and high is not None and any(low <= n <= high for n in numbers),
        "year": (transfer.order_year is not None and transfer.order_year == row.order_year)
        or bool(set(transfer.delivery_years) & set(row.delivery_years)),
    }


def best_transfer(row: RegisterRow, analysis: Analysis) -> tuple[Transfer | None, dict[str, bool]]:
    """Our transfer that agrees with the row on the most fields (all False if none)."""
    best: tuple[Transfer | None, dict[str, bool]] = (None, dict.fromkeys(FIELDS, False))
    for transfer in analysis.transfers:
        fields = agreement(row, transfer, analysis)
        if sum(fields.values()) > sum(best[1].values()):
            best = (transfer, fields)
    return best


def false_matches(analysis: Analysis, register: dict[str, RegisterRow]) -> list[str]:
    """Register rows one of our transfers matches on supplier, recipient and designation."""
    hits = []
    for row in register.values():
        for transfer in analysis.transfers:
            fields = agreement(row, transfer, analysis)
            if fields["supplier"] and fields["recipient"] and fields["designation"]:
                hits.append(f"{row.row_id} ~ {transfer.item}")
    return hits
