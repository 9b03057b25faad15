"""Address lookup rules on the real Otterlo and Wekerom addresses: forgiving input, no guessing."""

import pytest

from app.errors import InvalidInput
from app.store.addresses import AddressPoint, best_match, lookup, normalised_postcode, parsed_huisnummer
from tests.bag import load


@pytest.mark.parametrize("text", ["6733EB", "6733 eb", " 6733EB ", "6733\teB", "6733 E B"])
def test_postcodes_are_forgiven_spaces_and_case(text):
    assert normalised_postcode(text) == "6733EB"


@pytest.mark.parametrize("text", ["673 EB", "ABCD12", "", "6733", "6733EBX", "0733EB", "6733-EB", "67330EB"])
def test_malformed_postcodes_are_refused_naming_the_field(text):
    with pytest.raises(InvalidInput) as refused:
        normalised_postcode(text)
    assert refused.value.invalid_params[0].name == "postcode"


@pytest.mark.parametrize(("text", "number"), [("12", 12), (" 7 ", 7), ("99999", 99999)])
def test_house_numbers_from_text(text, number):
    assert parsed_huisnummer(text) == number


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "", "12a", "100000", "١٢"])
def test_house_numbers_that_are_not_whole_positive_numbers_are_refused(text):
    with pytest.raises(InvalidInput) as refused:
        parsed_huisnummer(text)
    assert refused.value.invalid_params[0].name == "huisnummer"


@pytest.fixture
def session(database):
    load(database)
    with database.session() as session:
        yield session


@pytest.mark.parametrize(
    ("asked", "label"),
    [
        (("6731 br", 99), "Arnhemseweg 99, 6731 BR Otterlo"),  # the plain one among 99-1 ... 99-14
        (("6731BR", 99, "", " 2 "), "Arnhemseweg 99-2, 6731 BR Otterlo"),
        (("6733eb", 2, "c"), "Willinkhuizersteeg 2c, 6733 EB Wekerom"),
        (("6731EJ", 7, "a"), "Barneveldseweg 7a, 6731 EJ Otterlo"),  # not 7a-1
        (("6731EJ", 7, "A", "1"), "Barneveldseweg 7a-1, 6731 EJ Otterlo"),
        (("6731EJ", 7, "", "1"), "Barneveldseweg 7a-1, 6731 EJ Otterlo"),  # the only 7 with addition 1
        (("6731SK", 1), "Mosselseweg 1a, 6731 SK Otterlo"),  # the only address at number 1
        (("6731AD", 26, "h"), "Hoefweg 26h, 6731 AD Otterlo"),
    ],
)
def test_lookup_finds_the_address_asked_for(session, asked, label):
    found = lookup(session, *asked)
    assert found is not None and found.label == label


@pytest.mark.parametrize(
    "asked",
    [
        ("6731AD", 26),  # 26a to 26h and no plain 26: which one is not ours to guess
        ("6731EJ", 7, "C"),
        ("6731BR", 99, "", "99"),
        ("6731BR", 98),  # 98 is on the other side of the road, another postcode
        ("9999ZZ", 1),
    ],
)
def test_lookup_answers_none_rather_than_guess(session, asked):
    assert lookup(session, *asked) is None


def test_lookup_gives_the_stored_point(session):
    found = lookup(session, "6731BR", 99, toevoeging="2")
    assert found == AddressPoint("6731BR", 99, "", "2", "Arnhemseweg", "Otterlo", 5.7750129, 52.0935143)


@pytest.mark.parametrize(
    ("asked", "field"),
    [
        (("6731BR", 99, "AB"), "huisletter"),
        (("6731BR", 0), "huisnummer"),
        (("6731BR", 99, "", "12345"), "toevoeging"),
        (("6731 B", 9), "postcode"),
    ],
)
def test_lookup_refuses_malformed_parts_naming_them(session, asked, field):
    with pytest.raises(InvalidInput) as refused:
        lookup(session, *asked)
    assert refused.value.invalid_params[0].name == field


def _point(letter: str, addition: str) -> AddressPoint:
    return AddressPoint("6731EJ", 7, letter, addition, "Barneveldseweg", "Otterlo", 5.76, 52.1)


@pytest.mark.parametrize(
    ("stored", "letter", "addition", "expected"),
    [
        ([("", ""), ("A", "")], "", "", ("", "")),
        ([("A", ""), ("A", "1")], "A", "", ("A", "")),
        ([("A", "1"), ("B", "1")], "", "1", None),
        ([("B", "")], "", "", ("B", "")),
        ([], "", "", None),
    ],
)
def test_best_match(stored, letter, addition, expected):
    found = best_match([_point(*parts) for parts in stored], letter, addition)
    assert (found and (found.huisletter, found.toevoeging)) == expected
