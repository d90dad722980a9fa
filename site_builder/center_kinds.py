"""The kinds of value only centers have: a service of the catalog, a US state, a ZIP code, a center's
own phone (never a public crisis line) and an email address. Kept apart from the blocks of
center_schema.py because the admin editor's forms (admin/config.py) read the same kinds."""

from __future__ import annotations

import re

from . import messages as msg
from .numbers import ALL as PUBLIC_NUMBERS
from .numbers import OLD_LIFELINE_E164, SHORT_CODES
from .phones import Phone, parse_phone
from .problems import did_you_mean, fold
from .schema import Custom, Scalar
from .states import US_STATES

#: The forms a ZIP code and an email address take: the validators below match them, and the admin
#: editor's form guides typing with the same expressions (a phone's is looser: parse_phone decides).
ZIP_FORM = r"[0-9]{5}(-[0-9]{4})?"
EMAIL_FORM = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
PHONE_FORM = r"[+0-9().\s-]{10,}(\s*(x|ext\.?)\s*[0-9]{1,6})?"


class ServiceId(Scalar):
    expected = "a service id"
    example = "group-therapy"

    def parse(self, text, node, key, r):  # type: ignore[no-untyped-def]
        catalog = r.facts.get("services", ())
        if text in catalog:
            return text
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if len(parts) > 1 and all(p in catalog for p in parts):  # "- iop, dbt": one per line
            lines = " then ".join(f"- {p}" for p in parts)
            return r.error(
                node,
                msg.SERVICES_ON_ONE_LINE.format(value=text),
                msg.SERVICES_ON_ONE_LINE_HINT.format(lines=lines),
            )
        alias = r.facts.get("service_terms", {}).get(fold(text))  # "teens" → adolescents
        hint = (
            f"did you mean '{alias}'?" if alias else did_you_mean(text, catalog)
        ) or msg.UNKNOWN_SERVICE_HINT_NONE.format(choices=", ".join(sorted(catalog)))
        return r.error(node, msg.UNKNOWN_SERVICE.format(value=text), hint)


def _state(text: str) -> str | tuple[str, str]:
    code = text.strip().upper()
    return code if code in US_STATES else (msg.BAD_STATE.format(value=text), msg.BAD_STATE_HINT)


def _zip(text: str) -> str | tuple[str, str]:
    return (
        text if re.fullmatch(ZIP_FORM, text) else (msg.BAD_ZIP.format(value=text), msg.BAD_ZIP_HINT)
    )


#: Every public line by its number: the vetted table, plus the old Lifeline number, which still
#: connects but is not a center's own any more than 988 is.
_PUBLIC_LINES = {n.tel_target: n.label for n in PUBLIC_NUMBERS} | {
    OLD_LIFELINE_E164: "the old National Suicide Prevention Lifeline, now 988"
}


def _center_phone(text: str) -> Phone | tuple[str, str]:
    """A center's own number: a valid US number that is none of the public crisis and help lines."""
    digits = "".join(ch for ch in text if ch.isdigit())
    phone = parse_phone(text)
    line = digits if digits in SHORT_CODES else getattr(phone, "e164", "")
    if line in _PUBLIC_LINES:
        return (
            msg.CRISIS_NUMBER_AS_CENTER.format(value=text),
            msg.PUBLIC_LINE_AS_CENTER_HINT.format(line=_PUBLIC_LINES[line]),
        )
    return phone


PHONE = Custom(_center_phone, "a phone number", "(626) 555-0123", (PHONE_FORM, msg.BAD_PHONE_HINT))


def _email(text: str) -> str | tuple[str, str]:
    if re.fullmatch(EMAIL_FORM, text):
        return text
    return msg.BAD_EMAIL.format(value=text), msg.BAD_EMAIL_HINT


EMAIL = Custom(
    _email, "an email address", "civilrights@example.org", (EMAIL_FORM, msg.BAD_EMAIL_HINT)
)
STATE = Custom(_state, "a state code", "CA")
ZIP = Custom(_zip, "a ZIP code", "91106", (ZIP_FORM, msg.BAD_ZIP_HINT))
