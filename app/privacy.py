"""Where a person's position may show, it shows masked: a deterministic donut mask.

The point moves between `min_m` and `max_m` metres in a direction and by a distance drawn from
a keyed hash of the record's id: the same masked point on every request, so that asking many
times cannot average the mask away, and without the service's key no one can undo it.
"""

import hashlib
import hmac
import math
from dataclasses import dataclass

from app.geo import EARTH_RADIUS_M


@dataclass(frozen=True)
class DonutMask:
    key: bytes
    min_m: float = 100.0
    max_m: float = 300.0

    def __post_init__(self) -> None:
        if not 0 <= self.min_m < self.max_m:
            raise ValueError(f"a donut mask needs 0 <= min_m < max_m, not {self.min_m} and {self.max_m}")

    def apply(self, lon: float, lat: float, salt: str) -> tuple[float, float]:
        """(lon, lat) moved by this mask for the record named by `salt` (its id)."""
        digest = hmac.new(self.key, salt.encode(), hashlib.sha256).digest()
        turn = int.from_bytes(digest[:8]) / 2**64
        share = int.from_bytes(digest[8:16]) / 2**64
        # Uniform over the ring's area, not bunched towards its inner edge.
        distance = math.sqrt(self.min_m**2 + share * (self.max_m**2 - self.min_m**2))
        angle = 2 * math.pi * turn
        dlat = math.degrees(distance * math.cos(angle) / EARTH_RADIUS_M)
        dlon = math.degrees(distance * math.sin(angle) / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
        return lon + dlon, lat + dlat
