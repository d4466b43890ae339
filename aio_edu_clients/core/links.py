"""Links a server hands us: ``Link`` headers parsed as RFC 8288 says, next links checked.

A next link is the one piece of a response that decides where the credential goes
next, so it is treated as hostile until proven otherwise:

* it must parse as a URL: no whitespace or control characters, no empty host, a port
  in range, a well-formed IPv6 literal (`DecodeError` otherwise);
* it must not be protocol-relative (``//host/…``), carry userinfo
  (``http://user:pw@host/…``) or use a scheme other than HTTP(S): ways to smuggle in
  another authority (`ForeignURLError`);
* it is resolved against the URL of the response that carried it (RFC 3986 §5), and
  only the resolved absolute URL is compared with the client's origin (in
  `Transport.url_for`) and with the pages already fetched (`page_key`).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from yarl import URL

from ..errors import ForeignURLError

__all__ = ["LinkSyntaxError", "page_key", "parse_link_header", "resolve_link"]

# RFC 9110 §5.6.2 token characters.
_TCHAR = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_OWS = " \t"


class LinkSyntaxError(ValueError):
    """A ``Link`` header or a link that does not parse; callers raise `DecodeError`."""


def parse_link_header(value: str) -> dict[str, str]:
    """RFC 8288 ``Link`` field value → ``{rel: target}``, the first link of each rel.

    Several ``Link`` headers are one field joined with commas (RFC 9110 §5.3). Targets
    may hold commas and semicolons (only ``>`` ends them); parameter values may be
    tokens or quoted strings with escapes; names and relation types are
    case-insensitive, and one ``rel`` may name several types (``rel="next last"``). A
    second ``rel`` parameter in one link is ignored (§3.3), and so are links with an
    ``anchor``: they describe another resource, not this page. Anything else that does
    not fit the grammar raises `LinkSyntaxError`: a header we cannot read could hide
    the next page, and guessing would drop data silently.
    """
    links: dict[str, str] = {}
    i, n = 0, len(value)
    while True:
        i = _skip(value, i, _OWS + ",")
        if i >= n:
            return links
        if value[i] != "<":
            raise LinkSyntaxError(f"expected '<' at offset {i}")
        end = value.find(">", i + 1)
        if end < 0:
            raise LinkSyntaxError("a link target is not closed with '>'")
        target = value[i + 1 : end].strip(_OWS)
        i = end + 1
        rels: list[str] | None = None
        anchored = False
        while True:
            i = _skip(value, i, _OWS)
            if i >= n or value[i] == ",":
                break
            if value[i] != ";":
                raise LinkSyntaxError(f"expected ';' or ',' at offset {i}")
            i = _skip(value, i + 1, _OWS)
            if i >= n or value[i] in ",;":
                continue  # an empty parameter: harmless, tolerated
            name, i = _token(value, i)
            param: str | None = None
            i = _skip(value, i, _OWS)
            if i < n and value[i] == "=":
                i = _skip(value, i + 1, _OWS)
                if i < n and value[i] == '"':
                    param, i = _quoted(value, i)
                else:
                    param, i = _token(value, i)
            name = name.lower()
            if name == "rel" and rels is None:
                rels = (param or "").split()
            elif name == "anchor":
                anchored = True
        if rels and not anchored:
            for rel in rels:
                links.setdefault(rel.lower(), target)


def _skip(text: str, i: int, chars: str) -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _token(text: str, i: int) -> tuple[str, int]:
    start = i
    while i < len(text) and text[i] in _TCHAR:
        i += 1
    if i == start:
        raise LinkSyntaxError(f"expected a token at offset {start}")
    return text[start:i], i


def _quoted(text: str, i: int) -> tuple[str, int]:
    out: list[str] = []
    i += 1  # the opening quote
    while i < len(text):
        ch = text[i]
        if ch == '"':
            return "".join(out), i + 1
        if ch == "\\" and i + 1 < len(text):
            i += 1
            ch = text[i]
        out.append(ch)
        i += 1
    raise LinkSyntaxError("a quoted string is not closed")


# The ASCII characters `resolve_link` refuses: whitespace and control characters (what
# ``str.isspace`` or not ``str.isprintable`` say of them, 0x1c-0x1f included), backslash.
_ASCII_REFUSED = re.compile(r"[\x00-\x20\x7f\\]")


def resolve_link(link: str, against: URL) -> URL:
    """``link`` as an absolute URL, resolved against ``against`` (the page that sent it).

    Raises `LinkSyntaxError` for a link that does not parse and `ForeignURLError` for
    one that tries to name an authority of its own in a way no vendor needs to.
    Whether the result is on the client's origin is `Transport.url_for`'s check.
    """
    if not isinstance(link, str) or not link:
        raise LinkSyntaxError("the link is empty or not text")
    if (
        _ASCII_REFUSED.search(link)
        if link.isascii()  # nearly every link, and then a regex says it at C speed
        else any(ch.isspace() or not ch.isprintable() or ch == "\\" for ch in link)
    ):
        raise LinkSyntaxError("the link holds whitespace, control characters or a backslash")
    if link.startswith("//"):
        raise ForeignURLError("refusing a protocol-relative link (it names another host)")
    try:
        url = URL(link)
        if url.scheme and not url.host:
            raise LinkSyntaxError("the link has a scheme but no host")
        if url.user is not None or url.password is not None or "@" in (url.raw_authority or ""):
            raise ForeignURLError("refusing a link that carries userinfo (user:password@)")
        url.port  # noqa: B018 - a bad port raises here, not later on the wire
        resolved = against.join(url)
        if resolved.scheme not in ("http", "https"):
            raise ForeignURLError(f"refusing a link with the scheme {resolved.scheme!r}")
        resolved.port  # noqa: B018
    except ValueError as exc:
        if isinstance(exc, LinkSyntaxError):
            raise
        raise LinkSyntaxError(f"the link does not parse as a URL ({exc})") from None
    return resolved.with_fragment(None)


def page_key(url: URL, implicit: Collection[tuple[str, str]] = ()) -> tuple[object, ...]:
    """What makes two URLs the same page, however they are spelled.

    Scheme and host case, default ports, percent-encoding and query order do not
    matter; ``implicit`` names query pairs that mean the same as their absence
    (``page=1`` is the first page). A repeated query parameter keeps its multiplicity.
    """
    query = sorted((k, v) for k, v in url.query.items() if (k, v) not in implicit)
    return (url.scheme.lower(), (url.host or "").lower(), url.port, url.path, tuple(query))
