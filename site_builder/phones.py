"""US phone numbers: one parser and one formatter for every number a site shows or links."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat

from . import messages as msg


@dataclass(frozen=True)
class Phone:
    """A validated number. `str()` is the national form for text; `tel` is the E.164 link target."""

    e164: str
    national: str
    extension: str = ""

    @property
    def tel(self) -> str:
        return f"tel:{self.e164}" + (f";ext={self.extension}" if self.extension else "")

    @property
    def sms(self) -> str:
        return f"sms:{self.e164}"

    @property
    def display(self) -> str:
        return self.national + (f" ext. {self.extension}" if self.extension else "")

    def __str__(self) -> str:
        return self.display


@functools.lru_cache(maxsize=16_384)
def parse_phone(text: str) -> Phone | tuple[str, str]:
    """Accept whatever an editor types ("626.555.0123 x12", "+1 (626) 555-0123 ext 12"). Kept per
    text: the dev server reads every center's numbers again on each save of centers.yaml, and
    phonenumbers takes ~0.1 ms a number (827 centers: ~0.08 s a save)."""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return msg.BAD_PHONE.format(value=text), msg.BAD_PHONE_HINT
    if not phonenumbers.is_valid_number(number):
        return msg.BAD_PHONE.format(value=text), msg.BAD_PHONE_HINT
    if phonenumbers.region_code_for_number(number) not in ("US", "PR", "GU", "VI", "AS", "MP"):
        return msg.NOT_US_PHONE.format(value=text), msg.NOT_US_PHONE_HINT
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        national=phonenumbers.format_number(
            phonenumbers.PhoneNumber(
                country_code=number.country_code, national_number=number.national_number
            ),
            PhoneNumberFormat.NATIONAL,
        ),
        extension=number.extension or "",
    )
