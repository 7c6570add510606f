"""A small schema.org validator for the tests: is each JSON-LD node made of real terms?

`problems(document)` walks a JSON-LD document (one node, a list, or an `@graph`) and
returns what the vocabulary (vocabulary.json, README.md) does not allow:

- a `@type` that schema.org does not define;
- a property schema.org does not define, or that is not allowed on the node's type nor
  on any of its supertypes (domainIncludes);
- a value of a type the property does not expect (rangeIncludes): a nested node whose
  type is not one of the expected types or a subtype, a string where no text, URL or
  date is expected, a malformed date, a number or boolean where none is expected, an
  enumeration member that is not one of the enumeration's.

A node without `@type` is checked against the types the property expects; a node that
is only an `@id` is a reference and always allowed. The annotations of Actions
(`query-input`, `*-output`) are allowed where schema.org's Actions spec puts them.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

SCHEMA = "https://schema.org/"
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$")
TIME = re.compile(r"^\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$")
URL = re.compile(r"^https?://\S+$")
TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "CssSelectorType", "XPathType"}
KEYWORDS = {"@context", "@id", "@type", "@graph"}


@cache
def vocabulary() -> dict:
    return json.loads((Path(__file__).parent / "vocabulary.json").read_text(encoding="utf-8"))


@cache
def ancestors(name: str) -> frozenset[str]:
    """The type and all its supertypes."""
    found = {name}
    for parent in vocabulary()["types"].get(name, []):
        found |= ancestors(parent)
    return frozenset(found)


def _types(node: dict) -> list[str]:
    value = node.get("@type", [])
    return [t.removeprefix(SCHEMA) for t in (value if isinstance(value, list) else [value])]


def problems(document) -> list[str]:
    found: list[str] = []
    if isinstance(document, list):
        for node in document:
            found += problems(node)
        return found
    if "@graph" in document:
        return problems(document["@graph"])
    _node(document, None, "$", found)
    return found


def _node(node: dict, expected: list[str] | None, where: str, found: list[str]) -> None:
    types = _types(node)
    known = vocabulary()["types"]
    for name in types:
        if name not in known:
            found.append(f"{where}: unknown type {name!r}")
    types = [t for t in types if t in known]
    if not types:
        if set(node) <= {"@id"}:
            return  # a reference to a node described elsewhere
        if expected is None:
            found.append(f"{where}: a node without @type")
            return
        types = [t for t in expected if t in known and t not in vocabulary()["datatypes"]]
    elif expected is not None and not any(set(expected) & ancestors(name) for name in types):
        found.append(f"{where}: {types} where {expected} is expected")
    lineage = set().union(*(ancestors(t) for t in types)) if types else set()
    for key, value in node.items():
        if key in KEYWORDS:
            continue
        at = f"{where}.{key}"
        if key.endswith(("-input", "-output")) and "Action" in lineage:
            continue
        spec = vocabulary()["properties"].get(key)
        if spec is None:
            found.append(f"{at}: unknown property")
            continue
        if not lineage & set(spec["domains"]):
            found.append(f"{at}: not a property of {types or 'an untyped node'}")
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            _value(item, spec["ranges"], f"{at}[{index}]" if isinstance(value, list) else at, found)


def _value(value, ranges: list[str], where: str, found: list[str]) -> None:
    expected = set().union(*(_descendant_datatypes(r) for r in ranges)) if ranges else set()
    if isinstance(value, dict):
        _node(value, ranges, where, found)
    elif isinstance(value, bool):
        if "Boolean" not in expected:
            found.append(f"{where}: a boolean where {ranges} is expected")
    elif isinstance(value, (int, float)):
        if not expected & {"Number", "Integer", "Float"}:
            found.append(f"{where}: a number where {ranges} is expected")
    elif isinstance(value, str):
        _string(value, ranges, expected, where, found)
    else:
        found.append(f"{where}: a {type(value).__name__}")


def _string(value: str, ranges, expected: set[str], where: str, found: list[str]) -> None:
    if "Text" in expected or expected & {"CssSelectorType", "XPathType"}:
        return
    if "URL" in expected and URL.match(value):
        return
    if "Date" in expected and DATE.match(value):
        return
    if "DateTime" in expected and DATETIME.match(value):
        return
    if "Time" in expected and TIME.match(value):
        return
    members = vocabulary()["members"]
    for name in ranges:
        if value.removeprefix(SCHEMA) in members.get(name, ()):
            return
    found.append(f"{where}: {value!r} is not a value of {ranges}")


@cache
def _descendant_datatypes(name: str) -> frozenset[str]:
    """A data type and the data types derived from it (Text → URL, Number → Integer)."""
    found = {name}
    for child, parents in vocabulary()["types"].items():
        if name in parents and child in vocabulary()["types"] and _is_datatype(child):
            found |= _descendant_datatypes(child)
    return frozenset(found)


@cache
def _is_datatype(name: str) -> bool:
    return bool(ancestors(name) & set(vocabulary()["datatypes"]))
