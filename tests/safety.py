"""Parse HTML the way a browser would and list what could run script."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

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


class _Finder(HTMLParser):
    def __init__(self, allowed_tags):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.allowed_tags = allowed_tags

    def handle_starttag(self, tag, attrs):
        if tag in SCRIPTABLE_TAGS and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style" and value and ("url(" in value or "expression" in value):
                self.problems.append(f"{tag}[style={value}]")
            if name in URL_ATTRIBUTES and value:
                scheme = urlsplit(value.strip().replace("\t", "").replace("\n", "")).scheme
                if scheme.lower() not in SAFE_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value}]")


def script_problems(html, allowed_tags=()):
    """Everything in `html` that could execute script; an empty list when safe."""
    finder = _Finder(set(allowed_tags))
    finder.feed(html)
    finder.close()
    return finder.problems


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def tags_in(html):
    """The set of element names that `html` really contains (escaped text excluded)."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags
