"""The HTTP API (FastAPI) and the web UI served by the same app (claimgraph serve)."""
