"""centers.yaml → list[Center]: read the file, keep the facts each center must state for itself out
of `defaults:`, merge the defaults into each center, validate it against CENTER, check the rules
that span its fields, and give every center a unique slug. Each part of a center (phones,
locations, credentials, crisis …) is built in center_parts.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from . import center_parts as parts
from . import messages as msg
from . import slugs, yamlsrc
from .center_schema import CENTER
from .centers import Center, FormEndpoint, Insurance
from .languages import language_name
from .problems import Mark, Problems, did_you_mean
from .schema import INVALID, Reader, Rec
from .yamlsrc import MappingNode, Node, SequenceNode

TOP = ("settings", "defaults", "centers")
RESERVED_PREFIXES = ("_", ".")
#: Folders of output/ that are not a center's site: the editor's admin page (site-builder admin).
RESERVED_SLUGS = ("admin",)

#: Facts a center must state for itself (DECISIONS.md, "Truth first"): `defaults:` may not give
#: them, because a value shared by every center is a guess about each one.
OWN_FACTS: dict[str, str] = {
    "name": "a center's name",
    "slug": "a center's web address",
    "phones": "a center's phone numbers",
    "locations": "where a center sees people",
    "services": "the services a center offers",
    "treats_substance_use": "whether a center treats substance use",
    "ages": "the ages a center serves",
    "languages": "the languages a center's staff speak with patients",
    "telehealth": "whether a center offers visits by video or phone",
    "crisis": "a center's walk-in hours and what callers get after hours",
    "phone_hours": "when a center's line is answered",
    "creative_therapies": "which creative therapies a center's credentialed therapists lead",
    "creative_groups": "which art or music groups a center runs",
    "addiction_medicines": "the medicines a center's prescribers offer",
}


@dataclass(frozen=True)
class CentersFile:
    settings: Node | None
    defaults: Node | None
    centers: tuple[Node, ...]


def read_file(path: Path, rel: str, problems: Problems) -> CentersFile | None:
    if not path.is_file():
        problems.add(Mark(rel), msg.NO_FILE.format(root=path.parent), msg.NO_FILE_HINT)
        return None
    text = yamlsrc.decode(path.read_bytes(), rel, problems)
    if text is None:
        return None
    root = yamlsrc.load(text, rel, problems)
    if root is None:
        if not problems.has_errors():
            problems.add(Mark(rel), msg.NO_CENTERS, msg.NO_CENTERS_HINT)
        return None
    if not isinstance(root, MappingNode):
        problems.add(yamlsrc.mark_of(rel, root), msg.NO_CENTERS, msg.NO_CENTERS_HINT)
        return None
    for k, _ in root.value:
        if k.value not in TOP:
            problems.add(
                yamlsrc.mark_of(rel, k),
                *msg.unknown_key(k.value, "centers.yaml", did_you_mean(k.value, TOP), list(TOP)),
            )
    centers = yamlsrc.get(root, "centers")
    if isinstance(centers, MappingNode):
        problems.add(yamlsrc.mark_of(rel, centers), msg.CENTERS_NOT_LIST, msg.CENTERS_NOT_LIST_HINT)
        return None
    if not isinstance(centers, SequenceNode) or not centers.value:
        where = yamlsrc.mark_of(rel, centers) if centers is not None else Mark(rel, 1, 1)
        problems.add(where, msg.NO_CENTERS, msg.NO_CENTERS_HINT)
        return None
    return CentersFile(
        yamlsrc.get(root, "settings"), yamlsrc.get(root, "defaults"), tuple(centers.value)
    )


def read_centers(cf: CentersFile, r: Reader) -> list[Center]:
    """Validate every center (defaults merged in), then the rules that span centers (unique slugs)."""
    centers: list[Center] = []
    defaults = _own_facts_out_of_defaults(cf.defaults, r)
    for node in cf.centers:
        merged = yamlsrc.merge(defaults, node) if isinstance(node, MappingNode) else node
        rec = CENTER.read(merged, "center", r)
        if rec is INVALID:
            continue
        center = _center(rec, r)
        if center is not None:
            centers.append(center)
    return _unique_slugs(centers, r)


def _own_facts_out_of_defaults(defaults: Node | None, r: Reader) -> Node | None:
    """A fact each center must state for itself, written in `defaults:`, is an error at its line;
    it is then left out of the merge, so one mistake gives one message."""
    if not isinstance(defaults, MappingNode):
        return defaults
    kept = []
    for k, v in defaults.value:
        what = OWN_FACTS.get(str(k.value))
        if what is None:
            kept.append((k, v))
            continue
        r.error(
            k,
            msg.OWN_FACT_IN_DEFAULTS.format(key=k.value, what=what),
            msg.OWN_FACT_IN_DEFAULTS_HINT.format(key=k.value),
        )
    if len(kept) == len(defaults.value):
        return defaults
    return MappingNode(
        defaults.tag, kept, defaults.start_mark, defaults.end_mark, defaults.flow_style
    )


def _center(rec: Rec, r: Reader) -> Center | None:
    today: dt.date = r.facts["today"]
    name = rec["name"] or ""
    draft = bool(rec["draft"])
    phones = parts.phones(rec, r)
    locations = parts.locations(rec, r)
    services = tuple(dict.fromkeys(rec["services"] or ()))
    # a list whose items were all refused (a misspelt id, an over-indented item) has its own error
    written = rec.nodes.get("services")
    listed = isinstance(written, SequenceNode) and bool(written.value)
    if rec.ok and not services and not listed and not draft:  # a draft's are asked for later
        catalog = sorted(r.facts.get("services", ()))
        r.problems.warn(
            rec.marks.get("services", rec.mark),
            msg.NO_SERVICES,
            msg.NO_SERVICES_HINT.format(example=", ".join(catalog[:2]) or "individual-therapy"),
        )
    loc_ids = {loc.id for loc in locations} | parts.location_ids(rec)
    creds = tuple(
        parts.credential(c, r, today, loc_ids, set(services), locations)
        for c in rec["credentials"] or ()
    )
    theme = rec["theme"]
    themes = r.facts.get("themes", ())
    if themes and theme not in themes:
        hint = did_you_mean(theme, themes) or msg.UNKNOWN_THEME_HINT_NONE.format(
            choices=", ".join(sorted(themes))
        )
        r.problems.add(rec.marks["theme"], msg.UNKNOWN_THEME.format(value=theme), hint)
    base_url = rec["base_url"]
    privacy, part2 = rec["privacy_notice_url"], rec["part2_notice_url"]
    treats_su = bool(rec["treats_substance_use"])
    for missing, what, message, hint in (
        (not base_url, "base_url", msg.NO_BASE_URL, msg.NO_BASE_URL_HINT),
        (not privacy, "privacy_notice_url", msg.NO_PRIVACY_NOTICE, msg.NO_PRIVACY_NOTICE_HINT),
        (
            treats_su and not part2,
            "part2_notice_url",
            msg.NO_PART2_NOTICE,
            msg.NO_PART2_NOTICE_HINT,
        ),
    ):
        if missing and rec.ok and draft:
            r.problems.warn(rec.mark, msg.DRAFT_MISSING.format(what=what), msg.DRAFT_MISSING_HINT)
        elif missing and rec.ok:
            r.problems.add(rec.mark, message, hint)
    ins = rec["insurance"]
    insurance = (
        Insurance(
            tuple(ins["plans"]),
            ins["medicaid"],
            ins["medicare"],
            ins["sliding_scale"],
            ins["self_pay"],
            ins["notes"],
        )
        if ins
        else Insurance()
    )
    social = rec["social"]
    form = rec["form_endpoint"]
    slug = rec["slug"] or ""
    if slug.startswith(RESERVED_PREFIXES) or slug in RESERVED_SLUGS:
        r.problems.add(
            rec.marks["slug"], msg.RESERVED_SLUG.format(value=slug), msg.RESERVED_SLUG_HINT
        )
    ages = tuple(dict.fromkeys(rec["ages"] or ()))
    if rec.ok and "adolescents" in services and "teens" not in ages:
        r.problems.add(
            rec.marks.get("ages", rec.marks.get("services", rec.mark)),
            msg.TEEN_SERVICE_WITHOUT_AGE,
            msg.TEEN_SERVICE_WITHOUT_AGE_HINT,
        )
    crisis = parts.crisis(rec, r, locations, services, loc_ids)
    if rec.ok and "co-occurring" in services and not treats_su:
        r.problems.add(
            rec.marks.get("services", rec.mark),
            msg.CO_OCCURRING_WITHOUT_SU,
            msg.CO_OCCURRING_WITHOUT_SU_HINT,
        )
    medicines = tuple(dict.fromkeys(rec["addiction_medicines"] or ()))
    if rec.ok and medicines and not (treats_su and "medication-management" in services):
        r.problems.add(
            rec.marks["addiction_medicines"],
            msg.MEDICINES_WITHOUT_SERVICE,
            msg.MEDICINES_WITHOUT_SERVICE_HINT,
        )
    nondiscrimination, grievances = parts.nondiscrimination(rec, r), parts.grievances(rec, r)
    staff = parts.staff(
        rec, r, today, locations, tuple(language_name(x) for x in rec["languages"])
    )
    if not rec.ok:
        return None
    return Center(
        slug=slug,
        name=name,
        entity=rec["entity"] or name,
        tagline=rec["tagline"],
        base_url=base_url,
        theme=theme,
        phones=phones,
        locations=locations,
        services=services,
        credentials=creds,
        insurance=insurance,
        languages=tuple(language_name(x) for x in rec["languages"]),
        social=tuple((k, v) for k, v in social.values.items() if v) if social else (),
        privacy_notice_url=privacy,
        part2_notice_url=part2,
        treats_substance_use=treats_su,
        draft=draft,
        faq_schema=bool(rec["faq_schema"]),
        allowed_origins=tuple(rec["allowed_origins"]),
        form_endpoint=FormEndpoint(form["url"], form["hipaa_covered"]) if form else None,
        mark=rec.mark,
        slug_mark=rec.marks.get("slug"),
        ages=ages,
        telehealth=bool(rec["telehealth"]),
        site_languages=tuple(rec["site_languages"]),
        crisis=crisis,
        creative_therapies=tuple(dict.fromkeys(rec["creative_therapies"] or ())),
        creative_groups=tuple(dict.fromkeys(rec["creative_groups"] or ())),
        nondiscrimination=nondiscrimination,
        grievances=grievances,
        phone_hours=rec["phone_hours"] or None,
        addiction_medicines=medicines,
        logo=rec["logo"],
        hero=rec["hero"],
        staff=staff,
    )


def _unique_slugs(centers: list[Center], r: Reader) -> list[Center]:
    """Explicit slugs must be unique; derived ones add the city, then the street, until unique."""
    from dataclasses import replace

    taken: dict[str, Mark] = {}
    for c in centers:
        if c.slug:
            where = c.slug_mark or c.mark
            if c.slug in taken:
                r.problems.add(
                    where,
                    msg.DUPLICATE_SLUG.format(value=c.slug, line=taken[c.slug].line),
                    msg.DUPLICATE_SLUG_HINT,
                )
            taken.setdefault(c.slug, where)
    for reserved in RESERVED_SLUGS:  # a name like "Admin" gets its city added instead
        taken.setdefault(reserved, Mark(r.file))
    out = []
    for c in centers:
        if not c.slug:
            first = c.locations[0] if c.locations else None
            slug = slugs.derive(
                c.name, first.city if first else "", first.street if first else "", taken
            )
            base = slugify(c.name)
            if base and slug != base and base in taken and base not in RESERVED_SLUGS:
                # A second site appears at a derived address that moves if the other center goes.
                r.problems.warn(
                    c.mark,
                    msg.SLUG_DISAMBIGUATED.format(base=base, line=taken[base].line, slug=slug),
                    msg.SLUG_DISAMBIGUATED_HINT.format(slug=slug),
                )
            taken[slug] = c.mark
            c = replace(c, slug=slug)
        out.append(replace(c, base_url=_base_url(c.base_url, c.slug)))
    return out


def _base_url(url: str, slug: str) -> str:
    if not url:
        return url
    url = url.replace("{slug}", slug)
    return url if url.endswith("/") else url + "/"
