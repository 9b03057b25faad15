"""Geometry validation and distances, without HTTP or a database."""

import math

import pytest

from app.config import NETHERLANDS_BBOX
from app.errors import InvalidInput
from app.geo import (
    distance_m,
    geometry_from_geojson,
    parse_crs,
    radius_envelope,
)

REGION = NETHERLANDS_BBOX


def point(x, y, crs="EPSG:4326"):
    return geometry_from_geojson(
        {"type": "Point", "coordinates": [x, y]}, field="geometry", allowed=("Point",), crs=crs, region=REGION
    )


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ([200, 52], "out of range"),
        ([6, -95], "out of range"),
        ([52.13, 6.2], "swapped"),
        ([2.35, 48.85], "outside the configured region"),
        ([math.nan, 52], "finite"),
        ([6.2, math.inf], "finite"),
        ([6.2], "2 or 3 numbers"),
        (["6.2", "52.1"], "2 or 3 numbers"),
        ([True, 52.1], "2 or 3 numbers"),
    ],
)
def test_bad_points_are_refused_with_a_reason(coordinates, message):
    with pytest.raises(InvalidInput) as refused:
        point(*coordinates) if len(coordinates) == 2 else geometry_from_geojson(
            {"type": "Point", "coordinates": coordinates}, field="geometry", allowed=("Point",),
            crs="EPSG:4326", region=REGION,
        )  # fmt: skip
    assert message in refused.value.detail
    assert refused.value.invalid_params[0].name == "geometry.coordinates"


def test_rd_new_point_becomes_wgs84():
    amersfoort = point(155000, 463000, "EPSG:28992")
    assert amersfoort.x == pytest.approx(5.3872, abs=1e-3)
    assert amersfoort.y == pytest.approx(52.1552, abs=1e-3)


def test_self_intersecting_polygon_is_explained():
    bow_tie = {"type": "Polygon", "coordinates": [[[6.1, 52.1], [6.2, 52.2], [6.2, 52.1], [6.1, 52.2], [6.1, 52.1]]]}
    with pytest.raises(InvalidInput) as refused:
        geometry_from_geojson(bow_tie, field="geometry", allowed=("Polygon",), crs="EPSG:4326", region=REGION)
    assert "Self-intersection" in refused.value.detail


@pytest.mark.parametrize(("value", "expected"), [
    (None, "EPSG:4326"), ("EPSG:28992", "EPSG:28992"), ("28992", "EPSG:28992"),
    ("http://www.opengis.net/def/crs/EPSG/0/28992", "EPSG:28992"),
    ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:4326"),
])  # fmt: skip
def test_crs_names_are_normalised(value, expected):
    assert parse_crs(value, "crs") == expected


def test_unsupported_crs_names_the_field():
    with pytest.raises(InvalidInput) as refused:
        parse_crs("EPSG:3857", "filter-crs")
    assert refused.value.invalid_params[0].name == "filter-crs"


def test_distance_is_metres_on_the_sphere():
    # One degree of latitude on the mean-radius sphere: 2 * pi * R / 360.
    assert distance_m(6.0, 52.0, 6.0, 53.0) == pytest.approx(111_195.08, abs=0.01)
    assert distance_m(6.2, 52.13, 6.2, 52.13) == 0


@pytest.mark.parametrize("radius", [10, 1_000, 50_000])
def test_radius_envelope_contains_the_circle(radius):
    west, south, east, north = radius_envelope(6.2, 52.13, radius)
    for bearing in range(0, 360, 15):
        # A point `radius` metres away in each direction lies inside the envelope.
        dlat = radius * math.cos(math.radians(bearing)) / 111_195.08
        dlon = radius * math.sin(math.radians(bearing)) / (111_195.08 * math.cos(math.radians(52.13 + dlat)))
        assert west <= 6.2 + dlon <= east and south <= 52.13 + dlat <= north
