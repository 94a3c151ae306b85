"""Browsing a store with Datasette: the metadata that titles and describes its tables and columns.

``linhai_scrape/data/datasette-metadata.json`` is written for a database named ``reports`` (the file
``reports.sqlite``); Datasette names a database by its file's stem, so :func:`datasette_metadata`
puts the same descriptions under the stem of the file actually browsed
(``linhai-scrape export --db linhai-demo.sqlite --datasette-metadata -o metadata.json``, then
``datasette linhai-demo.sqlite -m metadata.json``).
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["DATASETTE_DATABASE", "datasette_metadata"]

DATASETTE_DATABASE = "reports"  # the database the shipped file describes


def datasette_metadata(db: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The shipped Datasette metadata, for the database file ``db`` (default: ``reports.sqlite``)."""
    text = (resources.files("linhai_scrape") / "data" / "datasette-metadata.json").read_text(encoding="utf-8")
    metadata: dict[str, Any] = json.loads(text)
    if db is not None:
        databases = metadata["databases"]
        databases[Path(db).stem] = databases.pop(DATASETTE_DATABASE)
    return metadata
