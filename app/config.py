"""Settings, read from NABIJ_* environment variables; the defaults run with no environment."""

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
# Named here, not by the modules that read them, so that `nabij --help` need not import those.
DEMO_FILE = DATA_DIR / "demo" / "neighbourhood.json"
MAPPING_FILE = DATA_DIR / "osm_mapping.json"

# West, south, east, north in WGS84 degrees: the Netherlands with its coastal waters.
NETHERLANDS_BBOX = (3.2, 50.7, 7.3, 53.7)
# An origin as browsers send it: scheme, host and perhaps a port; no path, not even a trailing slash.
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


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
    # Freshness (docs/freshness.md): an offer unconfirmed this many days is stale, ranked lower in matching;
    # after hide_after_days more it is hidden from the public and from matching. "Still running" links last
    # confirm_link_days.
    stale_after_days: int = Field(default=365, gt=0)
    # Addresses not in the local table are looked up here (a PDOK Locatieserver-compatible `free` endpoint,
    # e.g. https://api.pdok.nl/bzk/locatieserver/search/v3_1/free); empty: never ask outside.
    geocoder_url: str = ""
    geocoder_timeout_s: float = Field(default=3.0, gt=0)
    # Closed needs are anonymised this many days after closing; every worker checks hourly whether
    # the job is due (a row in the database says when it last ran); 0 hours leaves it to cron.
    retention_days: int = Field(default=365, gt=0)
    retention_every_hours: float = Field(default=24.0, ge=0)
    hide_after_days: int = Field(default=180, gt=0)
    confirm_link_days: int = Field(default=60, gt=0)
    # The builder's buurt page lists introductions without a next step for this many days.
    follow_up_days: int = Field(default=14, gt=0)
    # Browsers on these origins may call the API (CORS); empty: no CORS headers at all. Comma-separated.
    cors_origins: Annotated[list[str], NoDecode] = []
    cors_allow_credentials: bool = False  # cookies and HTTP auth across origins; never with "*"
    # Unknown or revoked bearer tokens from one client address: this many per window, then 429.
    token_failure_limit: int = Field(default=20, ge=1)
    token_failure_window_s: int = Field(default=300, ge=1)
    # Reports that an offer stopped, sent without a token: this many per client address per hour.
    anonymous_reports_per_hour: int = Field(default=20, ge=1)
    # Wrong passwords on the login form, per client address and per account: this many per window, then 429.
    login_failure_limit: int = Field(default=10, ge=1)
    login_failure_window_s: int = Field(default=900, ge=1)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value

    @field_validator("cors_origins")
    @classmethod
    def _explicit_origins(cls, origins: list[str]) -> list[str]:
        wrong = [origin for origin in origins if origin != "*" and not ORIGIN.match(origin)]
        if wrong:
            raise ValueError(f"not an origin (scheme://host[:port], no path): {', '.join(wrong)}")
        return origins

    @model_validator(mode="after")
    def _no_wildcard_with_credentials(self) -> "Settings":
        if self.cors_allow_credentials and "*" in self.cors_origins:
            raise ValueError("cors_origins: '*' is refused when cors_allow_credentials is on; list the origins")
        return self
