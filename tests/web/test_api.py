"""The HTTP API through the real server on loopback."""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import time
from typing import Any

import httpx
import pytest
from stix2validator import ValidationOptions, validate_instance

from .conftest import FIXTURES, Server


def claims_about(client: httpx.Client, **params: str) -> list[dict[str, Any]]:
    response = client.get("/api/search", params={"limit": "500", **params})
    assert response.status_code == 200, response.text
    return list(response.json()["claims"])


def belarus_supply(client: httpx.Client) -> dict[str, Any]:
    """The Ukrainian report that Belarus supplied drones to Russia."""
    found = [
        c
        for c in claims_about(client, entity="Belarus", type="transfer")
        if c["claim"]["certainty"] == "reported"
    ]
    assert found, "the fixture's Belarus -> Russia claim is missing"
    return found[0]


# -- meta and auth ------------------------------------------------------------------------------


def test_health_needs_no_token_but_reading_does(server: Server) -> None:
    with server.client() as anonymous:
        documents = len(list(FIXTURES.glob("*.txt")))
        assert anonymous.get("/api/health").json() == {"status": "ok", "documents": documents}
        assert anonymous.get("/api/claims").status_code == 401
        assert anonymous.get("/docs").status_code == 404  # no CDN-backed docs page
        bad = anonymous.get("/api/claims", headers={"Authorization": "Bearer cg_nope_nope"})
        assert bad.status_code == 401 and bad.json() == {"detail": "invalid or revoked token"}
    with server.client(server.reader) as reader:
        assert reader.get("/api/me").json()["role"] == "read"
        spec = reader.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/claims/{claim_id}", "/api/entities/{entity_id}/merge"} <= paths
    assert {"/api/documents", "/api/jobs/{job_id}", "/api/export", "/api/graph"} <= paths
    assert spec["paths"]["/api/documents"]["post"]["summary"].startswith("Upload")


def test_tokens_are_stored_hashed(server: Server) -> None:
    secret = server.editor.split("_", 2)[2]
    with sqlite3.connect(server.db) as conn:
        rows = conn.execute("SELECT id, salt, hash FROM api_tokens").fetchall()
    assert rows and all(secret not in "|".join(row) for row in rows)
    assert len({salt for _, salt, _ in rows}) == len(rows)
    assert all(len(h) == 64 for _, _, h in rows)


def test_other_host_names_are_refused(server: Server) -> None:
    with server.client(server.reader) as client:
        response = client.get("/api/health", headers={"Host": "attacker.example"})
    assert response.status_code == 400


def test_read_token_cannot_change_anything(server: Server) -> None:
    with server.client(server.reader) as reader:
        response = reader.post("/api/entities/country:BY/rename", json={"name": "X"})
        assert response.status_code == 403
        response = reader.put("/api/sources/x/reliability", json={"reliability": "A"})
        assert response.status_code == 403


# -- reading ------------------------------------------------------------------------------------


def test_search_with_filters(server: Server) -> None:
    with server.client(server.reader) as client:
        hits = client.get("/api/search", params={"q": "drones"}).json()
        assert hits["total"] >= 2 and hits["documents"]
        assert any("**drone" in (c["snippet"] or "") for c in hits["claims"])
        denied = claims_about(client, entity="Belarus", certainty="denied")
        assert denied and all(c["claim"]["certainty"] == "denied" for c in denied)
        graded = claims_about(client, grade="C")
        assert graded and all(c["grade"]["reliability"] in "ABC" for c in graded)
        dated = claims_about(client, date_from="2025-01", date_to="2025-12")
        assert dated and all(
            (c["claim"]["time"] or {}).get("value", c["document"]["published"] or "")[:4] == "2025"
            for c in dated
        )
        bad = client.get("/api/search", params={"grade": "Z9"})
        assert bad.status_code == 400 and "grade filter" in bad.json()["detail"]
        unknown = client.get("/api/search", params={"entity": "Atlantis"})
        assert unknown.status_code == 400


def test_claim_detail_has_evidence_chain_grade_and_contradiction(server: Server) -> None:
    with server.client(server.reader) as client:
        claim = belarus_supply(client)["claim"]
        detail = client.get(f"/api/claims/{claim['id']}", params={"doc": claim["doc_id"]}).json()
    assert "40 attack drones" in detail["claim"]["evidence"]["text"]
    assert re.fullmatch(r"[A-F]", detail["grade"]["reliability"])
    assert detail["grade"]["rationale"]
    assert "military intelligence" in detail["source_chain"]
    assert detail["icd203"] == "likely"
    contradicting = {c["document"]["title"] for c in detail["contradicting"]}
    assert "belarus-denial.txt" in contradicting


def test_documents_entities_transfers_timeline_graph(server: Server) -> None:
    with server.client(server.reader) as client:
        docs = client.get("/api/documents").json()
        k9 = next(d for d in docs if d["title"] == "k9-estonia.txt")
        analysis = client.get(f"/api/documents/{k9['id'][:12]}").json()
        assert analysis["document"]["removed"] and analysis["claims"]
        assert any(e["id"] == "country:EE" and e["mentions"] for e in analysis["entities"])
        entity = client.get("/api/entities/country:EE").json()
        assert entity["entity"]["name"] == "Estonia" and entity["claims"]
        transfers = client.get("/api/transfers", params={"supplier": "South Korea"}).json()
        assert any(t["designation"] == "K9 Thunder" for t in transfers)
        timeline = client.get("/api/timeline").json()
        order = [e["when"].replace("X", "9") for e in timeline]
        assert order == sorted(order)
        graph = client.get("/api/graph").json()
        names = {n["name"] for n in graph["nodes"]}
        assert {"Belarus", "Russia", "South Korea", "Estonia"} <= names
        assert client.get("/api/entities/country:XX").status_code == 404
        assert client.get("/api/claims/nope").status_code == 404


def test_exports_and_report_through_the_api(server: Server) -> None:
    with server.client(server.reader) as client:
        stix = client.get("/api/export", params={"format": "stix", "entity": "Belarus"})
        assert stix.status_code == 200 and stix.headers["content-type"].startswith(
            "application/stix+json"
        )
        assert validate_instance(stix.json(), ValidationOptions(version="2.1")).is_valid
        ftm = client.get("/api/export", params={"format": "ftm"})
        if importlib.util.find_spec("followthemoney") is not None:
            lines = ftm.text.splitlines()
            assert lines and all(json.loads(line)["schema"] for line in lines)
        else:
            assert ftm.status_code >= 400
        sipri = client.get("/api/export", params={"format": "sipri-csv"}).text
        assert sipri.startswith("Recipient,Supplier,Year of order")
        claims_csv = client.get("/api/export", params={"format": "csv", "record": "claims"})
        assert claims_csv.text.startswith("id,doc_id,subject_id")
        assert client.get("/api/export", params={"format": "csv"}).status_code == 400
        report = client.get("/api/report", params={"entity": "Estonia"})
        assert report.status_code == 200 and "Dossier: Estonia" in report.text
        assert "<script" not in report.text.lower()


# -- changing -----------------------------------------------------------------------------------


def wait_for(client: httpx.Client, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in {"done", "failed"}:
            return dict(job)
        time.sleep(0.3)
    pytest.fail(f"upload job {job_id} did not finish")


def test_edits_survive_ingesting_more_documents(edit_server: Server) -> None:
    with edit_server.client(edit_server.editor) as client:
        renamed = client.post(
            "/api/entities/country:EE/rename", json={"name": "Republic of Estonia"}
        )
        assert renamed.status_code == 200, renamed.text
        assert renamed.json()["op"] == "rename"
        text = "Estonia signed a deal to buy 6 HIMARS launchers from the United States in 2022."
        upload = client.post(
            "/api/documents",
            files={"files": ("estonia-himars.txt", text.encode(), "text/plain")},
            data={"published": "2025-05-02"},
        )
        assert upload.status_code == 202, upload.text
        job = wait_for(client, upload.json()["id"])
        assert job["status"] == "done" and job["items"][0]["status"] == "ingested", job
        doc_id = job["items"][0]["doc_id"]
        analysis = client.get(f"/api/documents/{doc_id}").json()
    names = {e["id"]: e["name"] for e in analysis["entities"]}
    assert names["country:EE"] == "Republic of Estonia"
    parties = {c["subject"]["name"] for c in analysis["claims"] if c["subject"]}
    assert "Republic of Estonia" in parties


def test_merge_split_and_revert(edit_server: Server) -> None:
    with edit_server.client(edit_server.editor) as client:
        merged = client.post(
            "/api/entities/country:KR/merge", json={"other": "org:hanwha-aerospace"}
        )
        if merged.status_code == 400:  # the gazetteer may type Hanwha differently
            other = next(
                e["id"] for e in client.get("/api/entities").json() if "Hanwha" in e["name"]
            )
            merged = client.post("/api/entities/country:KR/merge", json={"other": other})
        assert merged.status_code == 200, merged.text
        entity = client.get("/api/entities/country:KR").json()["entity"]
        assert any("Hanwha" in alias for alias in entity["aliases"])
        assert client.delete(f"/api/edits/{merged.json()['id']}").status_code == 200
        docs = client.get("/api/documents").json()
        denial = next(d["id"] for d in docs if d["title"] == "belarus-denial.txt")
        split = client.post(
            "/api/entities/country:BY/split",
            json={"name": "Belarusian government", "docs": [denial[:12]]},
        )
        assert split.status_code == 200, split.text
        new_id = split.json()["args"]["new_id"]
        detail = client.get(f"/api/entities/{new_id}").json()
        assert {d["id"] for d in detail["documents"]} == {denial}
        bad = client.post("/api/entities/country:BY/merge", json={"other": "country:BY"})
        assert bad.status_code == 400 and "merge needs" in bad.json()["detail"]


def test_reliability_override_regrades(edit_server: Server) -> None:
    with edit_server.client(edit_server.editor) as client:
        claim = belarus_supply(client)
        source = claim["grade"]["source"]["id"]
        before = claim["grade"]["reliability"]
        new = "A" if before != "A" else "B"
        put = client.put(
            f"/api/sources/{source}/reliability",
            json={"reliability": new, "reason": "track record checked"},
        )
        assert put.status_code == 200, put.text
        after = belarus_supply(client)["grade"]
        assert after["reliability"] == new
        assert any("track record checked" in r for r in after["rationale"])
        sources = {s["id"]: s for s in client.get("/api/sources").json()}
        assert sources[source]["reliability"] == new and sources[source]["basis"].startswith("set")
        assert client.delete(f"/api/sources/{source}/reliability").status_code == 200
        assert belarus_supply(client)["grade"]["reliability"] == before
        bad = client.put(f"/api/sources/{source}/reliability", json={"reliability": "Q"})
        assert bad.status_code == 422


def test_browser_session_needs_csrf_for_changes(edit_server: Server) -> None:
    with httpx.Client(base_url=edit_server.base, timeout=60.0) as browser:
        login = browser.post("/login", data={"token": edit_server.editor, "next": "/"})
        assert login.status_code == 303 and "cg_session" in login.cookies
        assert browser.get("/api/me").json()["via"] == "session"
        refused = browser.post("/api/entities/country:EE/rename", json={"name": "Eesti"})
        assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
        page = browser.get("/entities/country%3AEE").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf is not None
        form = browser.post(
            "/entities/country%3AEE/edit", data={"op": "rename", "name": "Eesti", "csrf": csrf[1]}
        )
        assert form.status_code == 303
        assert browser.get("/api/entities/country:EE").json()["entity"]["name"] == "Eesti"
        wrong = browser.post(
            "/entities/country%3AEE/edit", data={"op": "rename", "name": "X", "csrf": "forged"}
        )
        assert wrong.status_code == 403
