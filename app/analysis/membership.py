"""Which fixed areas each point lies in: one buurt, one wijk, one gemeente at most."""

import geopandas as gpd
import pandas as pd

WGS84 = "EPSG:4326"


def area_members(points: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """(row, code) pairs: the position in `points` of each point and the code of each area holding it.

    `points` has lon, lat (WGS84); `areas` has code, level and polygons in WGS84. A point on a
    border between two areas of one level counts in the one with the lower code only, so that the
    areas of a level share out the points exactly.
    """
    if points.empty or areas.empty:
        return pd.DataFrame({"row": pd.Series(dtype=int), "code": pd.Series(dtype=str)})
    located = gpd.GeoDataFrame(
        {"row": range(len(points))}, geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=WGS84
    )
    joined = located.sjoin(areas[["code", "level", "geometry"]], predicate="intersects")
    joined = joined.sort_values(["row", "level", "code"]).drop_duplicates(["row", "level"])
    return joined[["row", "code"]].reset_index(drop=True)
