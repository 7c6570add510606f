"""Rebuild vocabulary.json, the trimmed schema.org vocabulary the tests validate against.

    python tests/schemaorg/regenerate.py path/to/schemaorg-current-https.jsonld

Input: a release of schema.org's vocabulary in JSON-LD (README.md beside this file says
where to get one). Output: every type with its direct supertypes, every property with
the types it is allowed on (domainIncludes) and the types it expects (rangeIncludes),
the data types, and the members of each enumeration; comments and labels dropped.
Terms added to schema.org after that release and used by our pages come from
additions.json, each with the release that added it; they are merged in unless the
input already has them.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def ids(value) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return sorted(v["@id"].removeprefix("schema:") for v in values)


def types_of(node) -> list[str]:
    value = node.get("@type", [])
    return value if isinstance(value, list) else [value]


def trim(graph: list[dict]) -> dict:
    types, properties, datatypes, members = {}, {}, set(), {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = types_of(node)
        if "rdfs:Class" in kinds:
            types[name] = ids(node.get("rdfs:subClassOf"))
            if "schema:DataType" in kinds:
                datatypes.add(name)
        elif "rdf:Property" in kinds:
            properties[name] = {
                "domains": ids(node.get("schema:domainIncludes")),
                "ranges": ids(node.get("schema:rangeIncludes")),
            }
        else:
            for kind in kinds:
                if kind.startswith("schema:"):
                    members.setdefault(kind.removeprefix("schema:"), []).append(name)
    return {
        "types": dict(sorted(types.items())),
        "properties": dict(sorted(properties.items())),
        "datatypes": sorted(datatypes),
        "members": {kind: sorted(names) for kind, names in sorted(members.items())},
    }


def merge(vocabulary: dict, additions: dict) -> dict:
    for name, supertypes in additions.get("types", {}).items():
        vocabulary["types"].setdefault(name, supertypes["subClassOf"])
    for name, spec in additions.get("properties", {}).items():
        vocabulary["properties"].setdefault(
            name, {"domains": spec["domains"], "ranges": spec["ranges"]}
        )
    return vocabulary


def dump(vocabulary: dict) -> str:
    """JSON with one term a line, so that a new release reads as a short diff."""
    sections = []
    for key, value in vocabulary.items():
        if isinstance(value, dict):
            lines = ",\n".join(
                f"  {json.dumps(name)}: {json.dumps(spec, ensure_ascii=False)}"
                for name, spec in value.items()
            )
            sections.append(f"{json.dumps(key)}: {{\n{lines}\n}}")
        else:
            sections.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(sections) + "\n}\n"


def main(source: str) -> None:
    graph = json.loads(Path(source).read_text(encoding="utf-8"))["@graph"]
    additions = json.loads((HERE / "additions.json").read_text(encoding="utf-8"))
    vocabulary = merge(trim(graph), additions)
    (HERE / "vocabulary.json").write_text(dump(vocabulary), encoding="utf-8")
    print(f"{len(vocabulary['types'])} types, {len(vocabulary['properties'])} properties")


if __name__ == "__main__":
    main(sys.argv[1])
