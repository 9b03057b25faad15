"""What the demo town is made of: kinds of assets with their type, support level and themes."""

from dataclasses import dataclass

EVERYONE = ["iedereen"]
ELDERLY = ["ouderen", "mantelzorgers"]
YOUNG = ["jeugd", "jongeren", "gezinnen"]


@dataclass(frozen=True)
class AssetKind:
    asset_type: str
    subtype: str
    support_level: str
    themes: list[str]
    name_pattern: str
    count: int
    has_organisation: bool = True
    has_schedule: bool = True
    status: str = "published"
    target_groups: tuple = tuple(EVERYONE)
    costs: tuple = ("gratis",)


CATALOGUE = [
    AssetKind(
        "individual",
        "buurtbewoner",
        "sociaal_netwerk",
        ["huisvesting/tuin", "huisvesting/klussen", "instrumentele_adl/koken", "sociaal_netwerk/burenhulp"],
        "Handige buur {name}",
        20,
        has_organisation=False,
        status="draft",
    ),
    AssetKind(
        "association",
        "sportvereniging",
        "vereniging",
        ["tijdsbesteding/sport", "lichamelijke_gezondheid/bewegen", "maatschappelijke_participatie/vereniging"],
        "Sportclub {street}",
        30,
        target_groups=tuple(YOUNG + EVERYONE),
        costs=("bijdrage",),
    ),
    AssetKind(
        "association",
        "koor",
        "vereniging",
        ["tijdsbesteding/muziek", "sociaal_netwerk/ontmoeting"],
        "Koor {street}",
        14,
        costs=("bijdrage",),
    ),
    AssetKind(
        "association",
        "geloofsgemeenschap",
        "vereniging",
        [
            "geestelijke_gezondheid/zingeving",
            "sociaal_netwerk/ontmoeting",
            "financien/voedsel",
            "sociaal_netwerk/samen_eten",
        ],
        "Geloofsgemeenschap {street}",
        18,
    ),
    AssetKind(
        "association",
        "buurtvereniging",
        "vereniging",
        [
            "maatschappelijke_participatie/buurtactiviteit",
            "sociaal_netwerk/ontmoeting",
            "maatschappelijke_participatie/meedenken",
        ],
        "Buurtvereniging {street}",
        20,
    ),
    AssetKind(
        "association",
        "informele groep",
        "sociaal_netwerk",
        ["sociaal_netwerk/ontmoeting", "tijdsbesteding/spel", "tijdsbesteding/creatief"],
        "Koffieclub {street}",
        22,
        target_groups=tuple(ELDERLY),
    ),
    AssetKind(
        "association",
        "vrijwilligersorganisatie",
        "sociaal_netwerk",
        ["instrumentele_adl/vervoer", "sociaal_netwerk/maatje", "financien/administratie"],
        "Vrijwilligers {street}",
        12,
        target_groups=tuple(ELDERLY),
    ),
    AssetKind(
        "institution",
        "basisschool",
        "algemene_voorziening",
        ["werk_opleiding/huiswerk", "huiselijke_relaties/opvoeding"],
        "Basisschool {street}",
        18,
        target_groups=tuple(YOUNG),
    ),
    AssetKind(
        "institution",
        "bibliotheek",
        "algemene_voorziening",
        ["werk_opleiding/taal", "werk_opleiding/digitaal", "financien/administratie"],
        "Bibliotheek {street}",
        4,
    ),
    AssetKind(
        "institution",
        "welzijnsorganisatie",
        "algemene_voorziening",
        ["sociaal_netwerk/maatje", "huiselijke_relaties/mantelzorg", "geestelijke_gezondheid/eenzaamheid"],
        "Welzijn {street}",
        6,
    ),
    AssetKind(
        "institution",
        "huisartsenpraktijk",
        "maatwerk",
        ["lichamelijke_gezondheid/bewegen", "geestelijke_gezondheid/stress"],
        "Huisartsen {street}",
        8,
    ),
    AssetKind(
        "institution",
        "wijkteam",
        "maatwerk",
        ["financien/schulden", "huiselijke_relaties/opvoeding", "basale_adl/persoonlijke_verzorging"],
        "Wijkteam {street}",
        4,
    ),
    AssetKind(
        "institution",
        "woningcorporatie",
        "algemene_voorziening",
        ["huisvesting/woonruimte", "huisvesting/klussen"],
        "Wonen {street}",
        3,
    ),
    AssetKind(
        "institution", "schuldhulp", "maatwerk", ["financien/schulden", "financien/budget"], "Schuldhulp {street}", 3
    ),
    AssetKind(
        "physical",
        "buurthuis",
        "algemene_voorziening",
        [
            "sociaal_netwerk/ontmoeting",
            "sociaal_netwerk/samen_eten",
            "maatschappelijke_participatie/buurtactiviteit",
            "tijdsbesteding/creatief",
        ],
        "Buurthuis {street}",
        10,
    ),
    AssetKind(
        "physical",
        "park",
        "algemene_voorziening",
        ["lichamelijke_gezondheid/bewegen", "tijdsbesteding/sport"],
        "{street}park",
        16,
        has_organisation=False,
        has_schedule=False,
    ),
    AssetKind(
        "physical",
        "moestuin",
        "sociaal_netwerk",
        ["tijdsbesteding/tuinieren", "lichamelijke_gezondheid/voeding"],
        "Moestuin {street}",
        18,
    ),
    AssetKind(
        "physical",
        "speeltuin",
        "algemene_voorziening",
        ["tijdsbesteding/spel", "huiselijke_relaties/opvoeding"],
        "Speeltuin {street}",
        16,
        target_groups=tuple(YOUNG),
    ),
    AssetKind(
        "physical",
        "zaal",
        "vereniging",
        ["maatschappelijke_participatie/buurtactiviteit"],
        "Zaal {street}",
        8,
        costs=("betaald",),
    ),
    AssetKind(
        "economic",
        "kringloopwinkel",
        "algemene_voorziening",
        ["financien/voedsel", "werk_opleiding/vrijwilligerswerk"],
        "Kringloop {street}",
        6,
        costs=("betaald",),
    ),
    AssetKind(
        "economic",
        "repair café",
        "sociaal_netwerk",
        ["instrumentele_adl/reparatie", "sociaal_netwerk/ontmoeting"],
        "Repair Café {street}",
        8,
    ),
    AssetKind(
        "economic",
        "weggeefkast",
        "sociaal_netwerk",
        ["financien/voedsel"],
        "Weggeefkast {street}",
        18,
        has_organisation=False,
        has_schedule=False,
    ),
    AssetKind(
        "economic",
        "buurtwinkel",
        "vereniging",
        ["instrumentele_adl/boodschappen", "sociaal_netwerk/ontmoeting"],
        "Buurtwinkel {street}",
        24,
        costs=("betaald",),
    ),
    AssetKind(
        "economic",
        "voedselbank",
        "algemene_voorziening",
        ["financien/voedsel", "financien/budget"],
        "Voedselbank {street}",
        2,
    ),
    AssetKind(
        "culture",
        "wijkgeschiedenis",
        "vereniging",
        ["tijdsbesteding/creatief", "maatschappelijke_participatie/buurtactiviteit"],
        "Historische kring {street}",
        6,
    ),
    AssetKind(
        "culture",
        "buurtfeest",
        "sociaal_netwerk",
        ["maatschappelijke_participatie/buurtactiviteit", "sociaal_netwerk/ontmoeting"],
        "Buurtfeest {street}",
        8,
        has_schedule=False,
    ),
    AssetKind(
        "culture",
        "verhalenkring",
        "sociaal_netwerk",
        ["geestelijke_gezondheid/eenzaamheid", "tijdsbesteding/creatief"],
        "Verhalenkring {street}",
        6,
        target_groups=tuple(ELDERLY),
    ),
    AssetKind(
        "economic",
        "gereedschapsuitleen",
        "eigen_kracht",
        ["huisvesting/klussen", "instrumentele_adl/reparatie"],
        "Gereedschapsuitleen {street}",
        6,
        has_organisation=False,
    ),
    AssetKind(
        "institution",
        "archief",
        "algemene_voorziening",
        ["tijdsbesteding/creatief"],
        "Archief {street}",
        2,
        status="archived",
    ),
]

STREETS = [
    "Linden",
    "Eiken",
    "Beuken",
    "Iepen",
    "Wilgen",
    "Berken",
    "Kastanje",
    "Populier",
    "Esdoorn",
    "Hazelaar",
    "Vlier",
    "Meidoorn",
    "Molen",
    "Kerk",
    "School",
    "Brink",
    "Dijk",
    "Weide",
    "Beek",
    "Hoeve",
]
FIRST_NAMES = ["Ans", "Henk", "Fatima", "Kees", "Mila", "Jan", "Yusuf", "Ria", "Sanne", "Piotr", "Noor", "Wim"]
