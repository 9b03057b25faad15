"""Request bodies for the tests: valid by default, each field overridable."""

HOME = (6.2000, 52.1300)  # in the demo town's area, inside the Netherlands


def point(lon: float = HOME[0], lat: float = HOME[1]) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def square(west: float, south: float, size: float = 0.01) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(properties: dict, geometry: dict | None = None) -> dict:
    return {"type": "Feature", "geometry": geometry or point(), "properties": properties}


def asset(geometry: dict | None = None, **properties) -> dict:
    defaults = {
        "name": "Buurthuis De Linde",
        "asset_type": "physical",
        "subtype": "buurthuis",
        "support_level": "algemene_voorziening",
        "themes": ["sociaal_netwerk/ontmoeting"],
        "status": "published",
    }
    return feature({**defaults, **properties}, geometry)


def area(code: str = "BU99990101", geometry: dict | None = None, **properties) -> dict:
    defaults = {"code": code, "name": f"Buurt {code}"}
    return feature({**defaults, **properties}, geometry or square(6.19, 52.12, 0.02))


def volunteer(geometry: dict | None = None, **properties) -> dict:
    defaults = {"person_ref": "r-0001", "themes": ["huisvesting/tuin"], "mode": "bike"}
    return feature({**defaults, **properties}, geometry)


def need(geometry: dict | None = None, **properties) -> dict:
    defaults = {"person_ref": "r-0002", "themes": ["instrumentele_adl/boodschappen"], "mode": "walk"}
    return feature({**defaults, **properties}, geometry)


def organisation(**fields) -> dict:
    return {"name": "Repair Café Noord", **fields}


def offer(asset_id: str, **fields) -> dict:
    defaults = {"asset_id": asset_id, "title": "Koffieochtend", "themes": ["sociaal_netwerk/ontmoeting"]}
    return {**defaults, "status": "published", **fields}
