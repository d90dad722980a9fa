import pytest

from site_builder.phones import Phone, parse_phone


@pytest.mark.parametrize(
    "typed",
    [
        "(626) 555-0123",
        "626-555-0123",
        "626.555.0123",
        "6265550123",
        "+1 626 555 0123",
        "1-626-555-0123",
    ],
)
def test_any_us_format_gives_one_number(typed: str) -> None:
    phone = parse_phone(typed)
    assert isinstance(phone, Phone)
    assert phone.e164 == "+16265550123"
    assert phone.tel == "tel:+16265550123"
    assert str(phone) == "(626) 555-0123"


@pytest.mark.parametrize(
    "typed", ["626-555-0143 x123", "(626) 555-0143 ext. 123", "626 555 0143 ext 123"]
)
def test_extensions_are_kept(typed: str) -> None:
    phone = parse_phone(typed)
    assert isinstance(phone, Phone)
    assert phone.extension == "123"
    assert phone.tel == "tel:+16265550143;ext=123"
    assert str(phone) == "(626) 555-0143 ext. 123"


@pytest.mark.parametrize("typed", ["555-12", "call us", "(000) 555-0123", "12"])
def test_invalid_numbers_explain_the_fix(typed: str) -> None:
    result = parse_phone(typed)
    assert isinstance(result, tuple)
    message, hint = result
    assert typed in message and "not a valid US number" in message
    assert "(626) 555-0123" in hint


def test_non_us_number_is_refused() -> None:
    result = parse_phone("+44 20 7946 0958")
    assert isinstance(result, tuple)
    assert "not a US number" in result[0]
