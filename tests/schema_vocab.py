"""An offline checker for schema.org terms, over the pinned release kept in tests/schemaorg/."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

VOCAB = Path(__file__).parent / "schemaorg" / "schemaorg-current-https-30.0.jsonld"
PREFIX = "https://schema.org/"
DATATYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean"}


def _ids(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [i["@id"].removeprefix("schema:") for i in items if isinstance(i, dict) and "@id" in i]


class Vocabulary:
    def __init__(self, path: Path = VOCAB) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.classes: dict[str, list[str]] = {}
        self.properties: dict[str, dict[str, list[str]]] = {}
        self.members: dict[str, str] = {}
        self.superseded: set[str] = set()
        for node in graph:
            name = node["@id"].removeprefix("schema:")
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "schema:supersededBy" in node:
                self.superseded.add(name)
            if "rdfs:Class" in types:
                self.classes[name] = _ids(node.get("rdfs:subClassOf"))
            elif "rdf:Property" in types:
                self.properties[name] = {
                    "domain": _ids(node.get("schema:domainIncludes")),
                    "range": _ids(node.get("schema:rangeIncludes")),
                }
            else:
                for t in types:
                    self.members[name] = t.removeprefix("schema:")
                    if name not in self.classes:
                        self.classes.setdefault(name, _ids(node.get("rdfs:subClassOf")))

    @cache  # noqa: B019 - one vocabulary per test run
    def ancestors(self, cls: str) -> frozenset[str]:
        seen: set[str] = set()
        todo = [cls]
        while todo:
            c = todo.pop()
            if c in seen:
                continue
            seen.add(c)
            todo += self.classes.get(c, [])
        return frozenset(seen)

    def check(self, node: dict, path: str = "") -> list[str]:
        """Every problem with one node and the nodes inside it, as readable strings."""
        errors: list[str] = []
        types = node.get("@type")
        if types is None:
            return errors if set(node) <= {"@id"} else [f"{path}: node without @type"]
        types = types if isinstance(types, list) else [types]
        for t in types:
            if t not in self.classes:
                errors.append(f"{path}: unknown type {t}")
            elif t in self.superseded:
                errors.append(f"{path}: superseded type {t}")
        lineage = set().union(*(self.ancestors(t) for t in types))
        for prop, value in node.items():
            if prop.startswith("@"):
                continue
            where = f"{path}/{prop}"
            spec = self.properties.get(prop)
            if spec is None:
                errors.append(f"{where}: unknown property")
                continue
            if prop in self.superseded:
                errors.append(f"{where}: superseded property")
            if not set(spec["domain"]) & lineage:
                errors.append(f"{where}: not a property of {types}")
            for v in value if isinstance(value, list) else [value]:
                errors += self._check_value(v, spec["range"], where)
        return errors

    def _check_value(self, v, ranges: list[str], where: str) -> list[str]:
        if isinstance(v, dict):
            if "@type" not in v:
                return []
            vt = v["@type"] if isinstance(v["@type"], list) else [v["@type"]]
            if not any(set(ranges) & self.ancestors(t) for t in vt):
                return [f"{where}: {vt} is not in the range {ranges}"] + self.check(v, where)
            return self.check(v, where)
        if isinstance(v, str) and v.startswith(PREFIX):
            member = v.removeprefix(PREFIX)
            enum = self.members.get(member)
            if enum is None:
                return [f"{where}: unknown enumeration value {v}"]
            if not set(ranges) & self.ancestors(enum):
                return [f"{where}: {v} ({enum}) is not in the range {ranges}"]
            return []
        if not set(ranges) & (DATATYPES | {"Thing"}) and not any(r in self.classes for r in ranges):
            return [f"{where}: a plain value where {ranges} is expected"]
        return []
