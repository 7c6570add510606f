"""What a page must not contain for a strict Content-Security-Policy to leave it working."""

from tests.html import parse


def inline_problems(html):
    """Inline script or style that a strict CSP would block, found in `html`."""
    problems = []
    for node in parse(html).iter():
        data_block = node.attrs.get("type") in ("application/ld+json", "application/json")
        if node.tag == "script" and "src" not in node.attrs and not data_block:
            problems.append(f"inline <script>: {node.text[:80]}")
        if node.tag == "style":
            problems.append(f"<style>: {node.text[:80]}")
        if "style" in node.attrs:
            problems.append(f"<{node.tag} style={node.attrs['style']!r}>")
        problems += [f"<{node.tag} {name}>" for name in node.attrs if name.startswith("on")]
        for name in ("href", "src", "action"):
            if (node.attrs.get(name) or "").strip().lower().startswith("javascript:"):
                problems.append(f"<{node.tag} {name}=javascript:>")
    return problems
