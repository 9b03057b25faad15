"""Settings, read from NABIJ_* environment variables; the defaults run with no environment."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"

# West, south, east, north in WGS84 degrees: the Netherlands with its coastal waters.
NETHERLANDS_BBOX = (3.2, 50.7, 7.3, 53.7)


class Settings(BaseSettings):
    """Everything the service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="NABIJ_", extra="ignore")

    database_url: str = f"sqlite:///{DATA_DIR / 'nabij.db'}"
    region_bbox: tuple[float, float, float, float] = NETHERLANDS_BBOX
    themes_file: Path = DATA_DIR / "themes.json"
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    max_import_bytes: int = Field(default=200_000_000, gt=0)  # files sent to POST /api/v1/imports
    max_page_size: int = Field(default=1000, gt=0)
    default_page_size: int = Field(default=100, gt=0)
    max_export_rows: int = Field(default=100_000, gt=0)  # one CSV or GeoPackage download of a list
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    public_url: str = "http://127.0.0.1:8000"
    # Web pages: how long a login lasts, and whether its cookie is sent over HTTPS only (off for plain-HTTP localhost).
    session_hours: float = Field(default=12.0, gt=0)
    secure_cookies: bool = True
    # People's positions on builder maps move this far (metres), the same way on every request.
    mask_min_m: float = Field(default=100.0, ge=0)
    mask_max_m: float = Field(default=300.0, gt=0)
    # Map background; empty for a blank background (offline). Everything else a map page loads is Nabij's own.
    map_cluster_from: int = Field(default=1000, ge=1)  # /map clusters its markers from this many assets
    tiles_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tiles_attribution: str = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    # Matching: how far residents go by mode (metres), and how strongly informal help goes first.
    reach_walk_m: float = Field(default=1000.0, gt=0)
    reach_bike_m: float = Field(default=3000.0, gt=0)
    reach_car_m: float = Field(default=10000.0, gt=0)
    level_step: float = Field(default=3.0, ge=1.0)
    stale_after_days: int = Field(default=365, gt=0)
    # Addresses not in the local table are looked up here (a PDOK Locatieserver-compatible `free` endpoint,
    # e.g. https://api.pdok.nl/bzk/locatieserver/search/v3_1/free); empty: never ask outside.
    geocoder_url: str = ""
    geocoder_timeout_s: float = Field(default=3.0, gt=0)
