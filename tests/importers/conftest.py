"""Importer tests read the real extracts in ../shared/data/ (never copies in this repository)."""

from pathlib import Path

import pytest

from app.config import Settings
from app.taxonomy import Taxonomy, load_taxonomy

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def shared(relative: str) -> Path:
    """A file from the shared real data; the test fails, saying where it looked, when it is missing."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.fail(f"real test data missing: {path} (see ../shared/data/README.md; CI always has it)")
    return path


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(Settings().themes_file)
