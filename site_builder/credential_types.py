"""The vetted facts about each kind of credential: what it is, who issues it and where the public
can check it.

Like numbers.py, this lives in code, not in editable data: a wrong word ("Licensed by" for an
accreditation) is a deceptive claim, and a wrong address sends a reader to the wrong place to check
a clinic. A credential's own `lookup_url` in centers.yaml always wins over the address here.

Every address carries its source: the stored public copy it was read from (checked 2026-12-06).
`note` says where it could not be fully confirmed; check those again before relying on them."""

from __future__ import annotations

from dataclasses import dataclass

#: What a credential is. The page words follow it: "Licensed by", "Certified by", "Accredited by",
#: "Member of". A membership is not a check of quality and is shown apart from the others.
FORMS = ("license", "certification", "accreditation", "membership")
TYPES = ("joint-commission", "carf", "legitscript", "naatp", "state-license", "other")


@dataclass(frozen=True)
class Lookup:
    """Where the public can check a credential: the address, the site's name as a link says it
    ("Check it on {site}"), the source the address was taken from, and any doubt about it."""

    url: str
    site: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class CredentialType:
    key: str
    #: The form when `form:` is left out; "" means the editor must say.
    form: str
    #: The forms this issuer can truly grant (NAATP grants no accreditation, CARF no license).
    forms: tuple[str, ...]
    #: How pages name the issuer; "" means `issuer:` is required.
    issuer: str
    lookup: Lookup | None = None


@dataclass(frozen=True)
class StateIssuer:
    """A state agency that licenses or certifies programs, matched by what editors write in
    `issuer:` (compared without case) for a center with a location in `state`."""

    state: str
    names: tuple[str, ...]
    display: str
    lookup: Lookup | None


JOINT_COMMISSION_QUALITY_CHECK = Lookup(
    "https://www.qualitycheck.org/",
    "The Joint Commission's Quality Check",
    "Agency for Healthcare Research and Quality, TalkingQuality page on The Joint Commission "
    "(ahrq.gov, reviewed July 2015): 'Quality Check … is available at www.qualitycheck.org'; "
    "Quality Check's own facts page (qualitycheck.org/help_qc_facts.aspx): search accredited and "
    "certified organizations by name, city, state or ZIP code.",
)
CARF_PROVIDER_SEARCH = Lookup(
    "https://carf.org/providersearch/",
    "CARF's provider search",
    "The address of CARF International's provider search as linked by several accredited "
    "providers' and directories' public sites (older links use www.carf.org/providerSearch.aspx).",
    note="CARF's own page with this address is not among the stored copies: check it again.",
)
LEGITSCRIPT_SEARCH = Lookup(
    "https://www.legitscript.com/",
    "LegitScript's website",
    "LegitScript's Merchant and Website Classifications Guide (legitscript.com): classifications "
    "of healthcare websites 'are searchable from LegitScript's home page'.",
    note="A certified site's seal links to https://www.legitscript.com/websites/?checker_keywords="
    "<its domain>; give that as the credential's lookup_url to link straight to the result.",
)
NAATP_DIRECTORY = Lookup(
    "https://www.naatp.org/resources/addiction-industry-directory",
    "NAATP's member directory",
    "NAATP (naatp.org): 'NAATP's Addiction Industry Directory, which exclusively lists NAATP "
    "Members' and 'the NAATP Membership Directory' (ethics complaint page); the address is the "
    "one several public crawlers of that directory use.",
    note="NAATP's own page with this address is not among the stored copies: check it again.",
)

#: The vetted types. `other` has no default form, no issuer and no lookup: the editor says all.
CREDENTIAL_TYPES: dict[str, CredentialType] = {
    "joint-commission": CredentialType(
        "joint-commission",
        "accreditation",
        # The Joint Commission accredits organizations and certifies programs (its publicity
        # rules allow "Accredited by" and "Certified by"; DOMAIN.md §5).
        ("accreditation", "certification"),
        "The Joint Commission",
        JOINT_COMMISSION_QUALITY_CHECK,
    ),
    "carf": CredentialType(
        "carf", "accreditation", ("accreditation",), "CARF International", CARF_PROVIDER_SEARCH
    ),
    "legitscript": CredentialType(
        "legitscript", "certification", ("certification",), "LegitScript", LEGITSCRIPT_SEARCH
    ),
    # "NAATP is not a licensing, accrediting, certifying, or policing body" (naatp.org, Ethics
    # Complaint Process): a membership only.
    "naatp": CredentialType(
        "naatp",
        "membership",
        ("membership",),
        "the National Association of Addiction Treatment Providers (NAATP)",
        NAATP_DIRECTORY,
    ),
    "state-license": CredentialType("state-license", "license", ("license", "certification"), ""),
    "other": CredentialType("other", "", FORMS, ""),
}

#: State licensing agencies of the states the sample and the shared facility list use.
STATE_ISSUERS: tuple[StateIssuer, ...] = (
    StateIssuer(
        "CA",
        (
            "dhcs",
            "department of health care services",
            "state department of health care services",
            "california department of health care services",
        ),
        # The words California law asks for: "Licensed by the State Department of Health Care
        # Services" (HSC § 11831.12; DOMAIN.md §5).
        "the State Department of Health Care Services",
        Lookup(
            "https://www.dhcs.ca.gov/provgovpart/Pages/Licensing-and-Certification-Facility-"
            "Licensing.aspx",
            "the DHCS website",
            "DHCS Licensing and Certification Division, 'Facility Licensing' page (stored copy on "
            "DHCS's sps2016.dhcs.ca.gov host, same path): licensing and certification of alcohol "
            "and other drug programs, with the list of licensed and certified facilities.",
            note="The list page that shows a facility's number and expiry is not among the stored "
            "copies, so a DHCS credential must still give its own lookup_url (DECISIONS.md).",
        ),
    ),
    StateIssuer(
        "NV",
        (
            "dpbh",
            "division of public and behavioral health",
            "nevada division of public and behavioral health",
            "bureau of health care quality and compliance",
            "hcqc",
        ),
        "the Nevada Division of Public and Behavioral Health",
        Lookup(
            "https://nvdpbh.aithent.com/Protected/LIC/LicenseeSearch.aspx?Program=HF&PubliSearch=Y",
            "Nevada's license search",
            "Nevada DPBH, Bureau of Health Care Quality and Compliance, change-of-ownership page: "
            "'Licensing information is publicly displayed here: …' (stored copy on data.nrhp.org).",
            note="Read from a copy of the DPBH page, not from dpbh.nv.gov itself: check it again.",
        ),
    ),
    # No public search of Oregon's licensed or certified programs was found in the stored copies.
    # OHA's "Licensing and Certification" page (https://www.oregon.gov/oha/BH/Providers/Pages/
    # Licensing-Certification.aspx) explains the licenses but lets no one check a program, so it
    # is not offered as a lookup: pages must not promise a check they cannot give. A credential
    # may still name its own lookup_url.
    StateIssuer("OR", ("oha", "oregon health authority"), "the Oregon Health Authority", None),
)


def state_issuer(issuer: str, states: set[str]) -> StateIssuer | None:
    """The vetted agency an editor's `issuer:` names, if it licenses in one of the center's states."""
    name = " ".join(issuer.lower().split()).removeprefix("the ")
    return next((s for s in STATE_ISSUERS if s.state in states and name in s.names), None)


def lookup_for(type_: str, issuer: str, states: set[str]) -> Lookup | None:
    kind = CREDENTIAL_TYPES[type_]
    if kind.lookup:
        return kind.lookup
    agency = state_issuer(issuer, states) if issuer else None
    return agency.lookup if agency else None


def issuer_name(type_: str, issuer: str, states: set[str]) -> str:
    """How a page names who issued it: the vetted name for a named type or a known state agency,
    else the editor's words."""
    kind = CREDENTIAL_TYPES[type_]
    if kind.issuer:
        return kind.issuer
    agency = state_issuer(issuer, states) if issuer else None
    return agency.display if agency else issuer
