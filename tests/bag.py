"""The real BAG address points of Otterlo and Wekerom (gemeente Ede), imported for a test."""

from pathlib import Path

from app.config import NETHERLANDS_BBOX
from app.db import Database
from app.importers.address_files import open_addresses
from app.importers.addresses import AddressReport, import_addresses
from tests.importers.conftest import shared

WGS84_FILE = "bag/ede_otterlo_wekerom_addresses_4326.gpkg"
RD_NEW_FILE = "bag/ede_otterlo_wekerom_addresses_28992.gpkg"
FEATURES = 2481
DUPLICATES = 3  # rows repeating an address with another point (a BAG quirk): the first row wins


def load(database: Database, path: Path | str = WGS84_FILE, *, crs: str | None = None, **options) -> AddressReport:
    """Import a file (a shared one by its relative name) as `addresses:test`."""
    file = open_addresses(shared(path) if isinstance(path, str) else path, crs=crs)
    return import_addresses(database, file, source="addresses:test", region=NETHERLANDS_BBOX, **options)
