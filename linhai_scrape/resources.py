"""Where the bundled fixtures live: inside the installed wheel, or beside the package in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SEED_FIXTURE = "seed_linhai_2020.txt"


def fixtures_dir() -> Path:
    """The fixtures directory (``linhai_scrape/_fixtures`` in a wheel, ``fixtures/`` in a checkout)."""
    bundled = Path(str(resources.files("linhai_scrape"))) / "_fixtures"
    if bundled.is_dir():
        return bundled
    checkout = Path(__file__).resolve().parent.parent / "fixtures"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the bundled fixtures are missing from this installation")


def seed_path() -> Path:
    """The report the project was created from: the Linhai 2020 report as scraped text."""
    return fixtures_dir() / SEED_FIXTURE
