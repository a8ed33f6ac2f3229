"""Views of the store: dossier reports, exports (JSON, CSV, STIX 2.1, FollowTheMoney, SIPRI-style
CSV), the terminal dossier, and the analyst edit layer they all read through."""
