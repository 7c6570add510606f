"""A shared corpus of hostile inputs: what someone who dislikes a verdict might type.

`HOSTILE` maps a short name to a value. Each value is pushed through every
field a journalist or an editor fills in the admin and through every public
query parameter (tests/security/test_hostile_inputs.py). `HOSTILE_URLS` are
web addresses that a URL field must refuse; `TRICKY_URLS` are valid http(s)
addresses whose path or query carries markup, so they reach the pages and
must come out escaped.
"""

LONG = "Le préfet a démenti. " * 5000  # 105,000 characters

HOSTILE = {
    "script": "<script>alert('xss')</script><SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "event-handlers": '<img src=x onerror="alert(1)"><svg/onload=alert(1)><body onload=alert(1)>',
    "attribute-breakout": '" onmouseover="alert(1)" data-x="\' autofocus onfocus=\'alert(1)',
    "javascript-url": '[cliquez](javascript:alert(1)) <a href="jav&#x09;ascript:alert(1)">x</a>',
    "data-url": (
        "[image](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        "![x](data:image/svg+xml,<svg onload=alert(1)>)"
    ),
    "vbscript-url": "[vb](vbscript:msgbox('x')) <a href=\"vbscript:msgbox('x')\">vb</a>",
    "embedded-elements": (
        '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>'
        '<div style="background:url(javascript:alert(1))">x</div><style>*{color:red}</style>'
        '<base href="https://evil.example/"><form action="https://evil.example/"><input>'
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    ),
    "broken-html": "<p><b><i>non fermé <a href='x'<div>><table><td></tr><img src=\"x",
    "comments-cdata": "<!--><script>alert(1)</script>--> <![CDATA[<script>alert(2)</script>]]>",
    "closing-tags": (
        "</script><script>alert('json-ld')</script></textarea><script>alert(2)</script>"
        "</title><script>alert(3)</script>"
    ),
    "template-syntax": "{{ settings.SECRET_KEY }} {% debug %} {# x #} ${7*7} <%= 7*7 %>",
    "format-strings": "%s %(title)s %d {0} {title} %n %x %%",
    "sql": "'; DROP TABLE articles_article; -- 1' UNION SELECT password FROM auth_user --",
    "zero-width": "Ré\u200bgion\u200c \u200dnormande\ufeff",
    "bidi-override": "Fact\u202echeck gnp.exe\u202c \u2066isolé\u2069 \u200fعربي",
    "emoji": "Vérifié ✅ 🧐 👩🏽‍💻 🇫🇷",
    "line-separators": "avant\u2028après\u2029fin \\u003cscript\\u003ealert(1)\\u003c/script",
    "null-byte": "avant\x00après",
    "crlf": "ligne\r\nSet-Cookie: pwned=1\r\n\r\n<script>alert(1)</script>",
    "long": LONG,
}

# Values that Django's forms refuse outright (null bytes) rather than store.
REFUSED_BY_FORMS = {"null-byte"}

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]

TRICKY_URLS = [
    'https://example.org/?q="><script>alert(1)</script>',
    "https://example.org/</script><script>alert(2)</script>",
    "https://example.org/a'onmouseover='alert(1)",
]

# Query-parameter values beyond the corpus: numbers that are not page numbers.
ODD_NUMBERS = ["0", "-1", "1e9", "99999999999999999999", "²", "١", "1.5", "0x10", " 1"]


def fit(value: str, max_length: int | None) -> str:
    """`value` cut to what a field accepts, keeping its hostile start."""
    if max_length is None or len(value) <= max_length:
        return value
    return value[:max_length]
