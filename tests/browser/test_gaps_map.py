"""/map/gaps in Chromium: a shape per buurt, a reach circle per offer of the theme, signals; no person."""

SHOPPING = "instrumentele_adl/boodschappen"
COUNT = (
    "let n = 0; map.eachLayer(l => { if (l instanceof L.Circle) n += 1; }); "
    "let shapes = 0; map.eachLayer(l => { if (l instanceof L.Polygon) shapes += 1; }); return [n, shapes];"
)


def test_the_gaps_map_draws_every_buurt_and_the_reach_of_every_offer_of_the_theme(demo_town, client, auth, visit):
    headers = auth["planner"]
    buurten = client.get("/api/v1/stats/areas", params={"theme": SHOPPING}, headers=headers).json()
    offers = client.get("/api/v1/offers", params={"theme": SHOPPING, "status": "published", "limit": 1000}).json()
    page = visit(f"/map/gaps?theme={SHOPPING}", headers=headers)
    assert page.errors == []
    circles, shapes = page.leaflet(COUNT)
    assert circles == offers["numberMatched"] > 0
    assert shapes == len(buurten) > 0
    assert page.page.locator("table").first.locator("tbody tr").count() == len(buurten)
    page.page.get_by_label(f"Bereik van het aanbod ({circles}, 1000 m)").uncheck()
    assert page.leaflet(COUNT)[0] == 0
    page.screenshot("gaps-map")
