"""Each part of a Center built from its validated record, with the checks that belong to that part:
phones, locations, credentials (expiry, scope, form, issuer, public lookup), crisis help,
nondiscrimination and grievances. center_load.py puts them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from slugify import slugify

from . import credential_types
from . import messages as msg
from .centers import (
    Accessibility,
    Credential,
    Crisis,
    Geo,
    Grievances,
    Location,
    Nondiscrimination,
    Phones,
    Staff,
)
from .problems import Mark, did_you_mean
from .schema import Reader, Rec
from .yamlsrc import Node, SequenceNode

CREDENTIAL_NAMES = {
    "joint-commission": "Accredited by The Joint Commission",
    "carf": "Accredited by CARF",
    "legitscript": "LegitScript certified",
    "naatp": "Member of NAATP",
    "state-license": "State license",
    "other": "Credential",
}


def phones(rec: Rec, r: Reader) -> Phones:
    p = rec["phones"]
    if not p:
        return Phones()
    phones = Phones(p["main"], p["admissions"], p["tty"], p["fax"])
    if p.ok and not (phones.main or phones.admissions):
        r.problems.add(p.mark, msg.NO_MAIN_PHONE, msg.NO_MAIN_PHONE_HINT)
    return phones


def location_ids(rec: Rec) -> set[str]:
    """The id of every location written, those with a mistake of their own too: a reference to
    one of them (walk_in_location, a credential's scope) is not a second mistake."""
    out = set()
    for loc in rec["locations"] or ():
        if loc["id"]:
            out.add(loc["id"])
        elif loc["city"] and loc["street"]:
            out.add(slugify(f"{loc['city']} {loc['street']}"))
    return out


def locations(rec: Rec, r: Reader) -> tuple[Location, ...]:
    services = tuple(rec["services"])
    out: list[Location] = []
    seen: dict[str, Mark] = {}
    for loc in rec["locations"] or ():
        if not loc.ok:
            continue
        loc_id = loc["id"] or slugify(f"{loc['city']} {loc['street']}")
        if loc_id in seen:
            r.problems.add(
                loc.mark,
                msg.DUPLICATE_LOCATION_ID.format(value=loc_id),
                msg.DUPLICATE_LOCATION_ID_HINT,
            )
        seen[loc_id] = loc.mark
        for sid, node in zip(
            loc["services"] or (), _items(loc.nodes.get("services")), strict=False
        ):
            if sid not in services:
                r.error(
                    node,
                    msg.LOCATION_SERVICE_NOT_OFFERED.format(value=sid),
                    msg.LOCATION_SERVICE_NOT_OFFERED_HINT.format(value=sid),
                )
        geo = loc["geo"]
        if geo and geo.ok:
            for key in ("latitude", "longitude"):
                text = geo.nodes[key].value
                if "." not in text or len(text.split(".")[1]) < 5:
                    r.warn(
                        geo.nodes[key],
                        msg.GEO_PRECISION.format(key=key, value=text),
                        msg.GEO_PRECISION_HINT,
                    )
            if not -90 <= geo["latitude"] <= 90:
                r.error(
                    geo.nodes["latitude"], msg.BAD_LAT.format(value=geo["latitude"]), msg.GEO_HINT
                )
            if not -180 <= geo["longitude"] <= 180:
                r.error(
                    geo.nodes["longitude"], msg.BAD_LNG.format(value=geo["longitude"]), msg.GEO_HINT
                )
        acc = loc["accessibility"]
        out.append(
            Location(
                id=loc_id,
                name=loc["name"],
                street=loc["street"],
                street2=loc["street2"],
                city=loc["city"],
                state=loc["state"],
                zip=loc["zip"],
                geo=Geo(geo["latitude"], geo["longitude"]) if geo and geo.ok else None,
                phone=loc["phone"],
                hours=loc["hours"],
                accessibility=Accessibility(**acc.values) if acc else Accessibility(),
                services=tuple(loc["services"]) if loc["services"] is not None else services,
                map_url=loc["map_url"],
                mark=loc.mark,
                photo=loc["photo"],
            )
        )
    return tuple(out)


def staff(
    rec: Rec, r: Reader, today: dt.date, locations: tuple[Location, ...], languages: tuple[str, ...]
) -> tuple[Staff, ...]:
    """The team: each person's credentials checked like the center's (expiry, form, issuer,
    lookup), and each language they speak one the center states its staff speak."""
    out = []
    spoken = {lang.casefold() for lang in languages}
    for person in rec["staff"] or ():
        if not person.ok:
            continue
        creds = tuple(
            replace(  # (named for the messages after the person: "Ana Reyes's LMFT expired …")
                credential(
                    replace(
                        c,
                        values={
                            **c.values,
                            "scope": (),
                            "name": c["name"] or f"{person['name']}'s {c['letters']}",
                        },
                    ),
                    r,
                    today,
                    set(),
                    set(),
                    locations,
                ),
                letters=c["letters"],
                name=c["name"] or "",
            )
            for c in person["credentials"] or ()
        )
        for lang, node in zip(
            person["languages"] or (), _items(person.nodes.get("languages")), strict=False
        ):
            if lang.casefold() not in spoken:
                r.error(
                    node,
                    msg.STAFF_LANGUAGE.format(name=person["name"], value=lang),
                    msg.STAFF_LANGUAGE_HINT.format(value=lang),
                )
        bio = " ".join((person["bio"] or "").split())
        if len(bio) > 400:
            r.warn(
                person.nodes["bio"],
                msg.STAFF_BIO_LONG.format(count=len(bio)),
                msg.STAFF_BIO_LONG_HINT,
            )
        out.append(
            Staff(
                name=person["name"],
                role=person["role"],
                credentials=creds,
                languages=tuple(person["languages"] or ()),
                photo=person["photo"],
                bio=bio,
                mark=person.mark,
            )
        )
    return tuple(out)


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def credential(
    c: Rec,
    r: Reader,
    today: dt.date,
    loc_ids: set[str],
    services: set[str],
    locations: tuple[Location, ...],
) -> Credential:
    type_ = c["type"] or "other"
    kind = credential_types.CREDENTIAL_TYPES[type_]
    name = c["name"] or CREDENTIAL_NAMES.get(type_, "Credential")
    expires = c["expires"]
    if c.ok and expires is not None and expires < today:
        r.problems.add(
            c.marks["expires"],
            msg.EXPIRED_CREDENTIAL.format(name=name, number=c["number"], date=expires.isoformat()),
            msg.EXPIRED_CREDENTIAL_HINT,
        )
    elif c.ok and expires is not None and (expires - today).days <= r.facts.get("warning_days", 60):
        r.problems.warn(
            c.marks["expires"],
            msg.EXPIRING_CREDENTIAL.format(
                name=name, number=c["number"], date=expires.isoformat(), days=(expires - today).days
            ),
            msg.EXPIRING_CREDENTIAL_HINT,
        )
    for sid, node in zip(c["scope"] or (), _items(c.nodes.get("scope")), strict=False):
        if sid not in loc_ids and sid not in services:
            hint = (
                did_you_mean(sid, loc_ids | services)
                or f"location ids here: {', '.join(sorted(loc_ids))}"
            )
            r.error(node, msg.CREDENTIAL_SCOPE.format(value=sid), hint)
    form = c["form"] or kind.form
    issuer = c["issuer"] or ""
    if c.ok and not form:
        r.problems.add(c.mark, msg.CREDENTIAL_NEEDS_FORM, msg.CREDENTIAL_NEEDS_FORM_HINT)
    elif c.ok and form not in kind.forms:
        r.problems.add(
            c.marks["form"],
            msg.CREDENTIAL_WRONG_FORM.format(type=type_, form=form, issuer=kind.issuer),
            msg.CREDENTIAL_WRONG_FORM_HINT.format(form=kind.form),
        )
    if c.ok and not issuer and not kind.issuer:
        r.problems.add(
            c.mark,
            msg.CREDENTIAL_NEEDS_ISSUER.format(type=type_),
            msg.CREDENTIAL_NEEDS_ISSUER_HINT,
        )
    in_ca = any(loc.state == "CA" for loc in locations)
    if c.ok and in_ca and issuer.upper() == "DHCS":
        if form and form not in ("license", "certification"):
            r.problems.add(
                c.marks.get("form", c.mark), msg.DHCS_FORM.format(form=form), msg.DHCS_FORM_HINT
            )
        for key in ("number", "expires", "lookup_url"):
            if not c[key]:
                r.problems.add(
                    c.mark,
                    msg.DHCS_NEEDS.format(form=form or "license", key=key),
                    msg.DHCS_NEEDS_HINT.format(form=form or "license", key=key),
                )
    scope = tuple(c["scope"] or ())
    if set(scope) == loc_ids:
        scope = ()  # every location and no single service: the whole center, nothing to say
    states = {loc.state for loc in locations if not scope or loc.id in scope} or {
        loc.state for loc in locations
    }
    vetted = credential_types.lookup_for(type_, issuer, states)
    own = c["lookup_url"] or ""
    same_site = vetted is not None and (not own or _host(own) == _host(vetted.url))
    return Credential(
        type=type_,
        name=c["name"] or "",
        number=c["number"],
        issuer=issuer,
        expires=expires,
        scope=scope,
        form=form or "license",
        lookup_url=own or (vetted.url if vetted else ""),
        mark=c.mark,
        issued_by=credential_types.issuer_name(type_, issuer, states),
        lookup_site=vetted.site if vetted and same_site else "",
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").removeprefix("www.")


def crisis(
    rec: Rec,
    r: Reader,
    locations: tuple[Location, ...],
    services: tuple[str, ...],
    written: Iterable[str] = (),  # every location id written, those with a mistake too
) -> Crisis:
    c = rec["crisis"]
    crisis = Crisis()
    if c:
        where = c["walk_in_location"] or ""
        if where and where not in {loc.id for loc in locations}.union(written):
            r.error(
                c.nodes["walk_in_location"],
                msg.WALK_IN_LOCATION_UNKNOWN.format(value=where),
                did_you_mean(where, [loc.id for loc in locations])
                or msg.WALK_IN_LOCATION_UNKNOWN_HINT.format(
                    choices=", ".join(loc.id for loc in locations)
                ),
            )
        if where and not c["walk_in"]:
            r.error(
                c.nodes["walk_in_location"],
                msg.WALK_IN_LOCATION_ALONE,
                msg.WALK_IN_LOCATION_ALONE_HINT,
            )
        if c["after_hours_note"] and not c["after_hours"]:
            r.error(
                c.nodes["after_hours_note"],
                msg.AFTER_HOURS_NOTE_ALONE,
                msg.AFTER_HOURS_NOTE_ALONE_HINT,
            )
        crisis = Crisis(
            walk_in=c["walk_in"] or None,
            walk_in_location=where or (locations[0].id if c["walk_in"] and locations else ""),
            same_day=bool(c["same_day"]),
            after_hours=c["after_hours"] or "",
            after_hours_note=c["after_hours_note"] or "",
        )
    if rec.ok and "crisis-stabilization" in services and not (crisis.walk_in or crisis.same_day):
        r.problems.add(
            rec.marks.get("crisis", rec.marks.get("services", rec.mark)),
            msg.CRISIS_SERVICE_WITHOUT_FACTS,
            msg.CRISIS_SERVICE_WITHOUT_FACTS_HINT,
        )
    return crisis


def nondiscrimination(rec: Rec, r: Reader) -> Nondiscrimination | None:
    n = rec["nondiscrimination"]
    if not n:
        return None
    return Nondiscrimination(
        coordinator=n["coordinator"] or "",
        address=n["address"] or "",
        phone=n["phone"],
        email=n["email"] or "",
        grievance_address=n["grievance_address"] or "",
    )


def grievances(rec: Rec, r: Reader) -> Grievances | None:
    g = rec["grievances"]
    if not g:
        return None
    return Grievances(
        contact=g["contact"] or "",
        phone=g["phone"],
        email=g["email"] or "",
        address=g["address"] or "",
        answer_days=g["answer_days"],
    )
