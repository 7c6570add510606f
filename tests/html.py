"""The one HTML parser of the tests: BeautifulSoup, wrapped in the small API tests read.

Every test that looks inside a page goes through `parse()`: reader pages
(`Node.find`, `.by_id`, `.text`), safety checks (`script_problems`, `tags_in`)
and admin forms (`form_data`). One parser means one idea of what a page
contains, and nothing hand-written to keep up with HTML's rules.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString


def _soup(html: str) -> BeautifulSoup:
    # `class` stays one string (as the page wrote it); comments and doctypes are not text.
    return BeautifulSoup(html, "html.parser", multi_valued_attributes=None)


def _is_text(child) -> bool:
    return isinstance(child, NavigableString) and not isinstance(child, PreformattedString)


class Node:
    """An element of a parsed page: tag, attributes, children (nodes and strings)."""

    __slots__ = ("element",)

    def __init__(self, element: Tag):
        self.element = element

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    def __eq__(self, other):
        return isinstance(other, Node) and other.element is self.element

    def __hash__(self):
        return id(self.element)

    @property
    def tag(self) -> str:
        return "#document" if isinstance(self.element, BeautifulSoup) else self.element.name

    @property
    def attrs(self) -> dict[str, str]:
        return self.element.attrs

    @property
    def parent(self) -> Node | None:
        return Node(self.element.parent) if self.element.parent is not None else None

    @property
    def children(self) -> list[Node | str]:
        return [
            Node(child) if isinstance(child, Tag) else str(child)
            for child in self.element.children
            if isinstance(child, Tag) or _is_text(child)
        ]

    @property
    def text(self) -> str:
        """The element's text, whitespace runs collapsed to one space."""
        return " ".join(self.element.get_text().split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for element in self.element.descendants:
            if isinstance(element, Tag):
                yield Node(element)

    def find_all(self, tag=None, cls=None, **attrs) -> list[Node]:
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs) -> Node | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def by_id(self, element_id) -> Node | None:
        return self.find(id=element_id)


def parse(html: str) -> Node:
    """The document of `html`, parsed as the standard library's HTML tokenizer sees it."""
    return Node(_soup(html))


def listed_stories(html: str) -> list[str]:
    """The addresses of the stories a list page shows, in order: its story cards'
    titles, or the fact-check index's claim cards (a story with several claims once)."""
    paths = []
    for heading in parse(html).find_all(cls="card-title"):
        path = heading.find("a").attrs["href"].partition("#")[0]
        if path not in paths:
            paths.append(path)
    return paths


def published_count(html: str) -> int:
    """The number of published stories an author's page states."""
    return int(re.sub(r"\D", "", parse(html).find("p", cls="count").text))


# What could run script in user-written HTML (rich text, imported archives, previews).
SCRIPTABLE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "meta",
    "form",
    "style",
    "link",
    "frame",
    "frameset",
    "applet",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "data",
    "srcset",
    "cite",
}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def script_problems(html: str, allowed_tags=()) -> list[str]:
    """Everything in `html` that could execute script; an empty list when safe."""
    problems = []
    for node in parse(html).iter():
        tag = node.tag
        if tag in SCRIPTABLE_TAGS and tag not in allowed_tags:
            problems.append(f"<{tag}>")
        for name, value in node.attrs.items():
            if name.startswith("on"):
                problems.append(f"{tag}[{name}]")
            if name == "style" and value and ("url(" in value or "expression" in value):
                problems.append(f"{tag}[style={value}]")
            if name in URL_ATTRIBUTES and value:
                scheme = urlsplit(value.strip().replace("\t", "").replace("\n", "")).scheme
                if scheme.lower() not in SAFE_SCHEMES:
                    problems.append(f"{tag}[{name}={value}]")
    return problems


def tags_in(html: str) -> set[str]:
    """The set of element names that `html` really contains (escaped text excluded)."""
    return {node.tag for node in parse(html).iter()} - {"#document"}


_NOT_POSTED = {"submit", "button", "image", "reset", "file"}


def _form_owner(node: Node) -> str | None:
    """The id of the form a field belongs to: its `form` attribute, else its enclosing form."""
    if "form" in node.attrs:
        return node.attrs["form"]
    form = node.element.find_parent("form")
    return form.get("id") if form is not None else None


def form_fields(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs submitting the form `form_id` would send, in page order.

    As a browser builds them: fields outside the form that name it in their
    `form` attribute count, unchecked boxes and buttons don't, a single
    select without a selected option sends its first one. `form_id` None
    takes every field of the page.
    """
    fields: list[tuple[str, str]] = []
    for node in parse(html).iter():
        name = node.attrs.get("name")
        if not name or node.tag not in ("input", "textarea", "select"):
            continue
        if form_id is not None and _form_owner(node) != form_id:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text").lower()
            if kind in _NOT_POSTED:
                continue
            if kind in ("checkbox", "radio") and "checked" not in node.attrs:
                continue
            fields.append((name, node.attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif node.tag == "textarea":
            text = node.element.get_text()
            # HTML drops the newline Django writes right after <textarea>.
            fields.append((name, text.removeprefix("\n")))
        else:
            options = node.find_all("option")
            chosen = [option for option in options if "selected" in option.attrs]
            if not chosen and options and "multiple" not in node.attrs:
                chosen = options[:1]
            fields += [(name, option.attrs.get("value", option.text)) for option in chosen]
    return fields


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str] | str]:
    """`form_fields` as POST data for the test client: a value per name, a list if several."""
    data: dict[str, list[str]] = {}
    for name, value in form_fields(html, form_id):
        data.setdefault(name, []).append(value)
    return {name: values if len(values) != 1 else values[0] for name, values in data.items()}
