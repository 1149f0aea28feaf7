import pytest
from django.core.exceptions import ValidationError

from apps.territories.iin import birth_date, check_digit, iin_fingerprint, validate_iin

# Published examples, checked with the algorithm (see docs/territories.md).
VALID = ["791028302728", "811201401188"]


def make_iin(first_eleven: str) -> str:
    return first_eleven + str(check_digit(first_eleven))


@pytest.mark.parametrize("iin", VALID)
def test_known_valid_iins_pass(iin):
    assert validate_iin(iin) == iin


def test_spaces_are_ignored():
    assert validate_iin(" 7910 2830 2728 ") == "791028302728"


def test_birth_date_and_century():
    assert str(birth_date("791028302728")) == "1979-10-28"
    assert str(birth_date(make_iin("0503155" + "0123"))) == "2005-03-15"


def test_second_weights_are_used_when_the_first_sum_gives_ten():
    # Find a prefix whose first checksum is 10 and check the digit comes from the second weights.
    for serial in range(10000):
        prefix = f"8501013{serial:04d}"
        first = sum(int(d) * w for d, w in zip(prefix, range(1, 12), strict=True)) % 11
        if first == 10:
            second = sum(int(d) * w for d, w in zip(prefix, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
            assert check_digit(prefix) == (None if second == 10 else second)
            break
    else:
        pytest.fail("no prefix with a first checksum of 10")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "format"),
        ("12345", "format"),
        ("79102830272a", "format"),
        ("791028302727", "checksum"),  # wrong check digit
        ("780322300455", "checksum"),  # an example seen in public code that is not valid
        ("791328302728", "date"),  # month 13
        ("790230302728", "date"),  # 30 February
        ("791028702728", "century"),  # 7th digit 7
        (make_iin("9901015" + "0001"), "date"),  # born in 2099: the future
    ],
)
def test_bad_iins_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_iin(value)

    assert error.value.code == code
    assert error.value.messages[0]


def test_fingerprint_is_keyed_and_stable(settings):
    first = iin_fingerprint("791028302728")

    assert first == iin_fingerprint("791028302728")
    assert "791028302728" not in first and len(first) == 64
    settings.IDENTIFIER_HASH_KEY = "another-key"
    assert iin_fingerprint("791028302728") != first
