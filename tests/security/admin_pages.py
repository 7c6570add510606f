"""Fill and send admin forms the way a browser would: from the page, not from a guess.

`form_data(html)` reads the inputs, textareas and selected options of the
page's main form, so a test can change a few fields of a change page (or add
one inline row) and post the rest back as it was shown.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.data: dict[str, list[str]] = {}
        self.textarea = None
        self.select = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(
                attrs.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # The HTML parser drops the newline Django writes after <textarea>.
            self.data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str] | str]:
    """What submitting the form `form_id` (the first one if None) would post."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}


def add_inline_row(data: dict, prefix: str, row: dict) -> dict:
    """`data` with one more row in the inline formset `prefix`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data = dict(data)
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for key, value in row.items():
        data[f"{prefix}-{index}-{key}"] = value
    return data
