"""Checking a link: safe schemes, relative links against the page, anchors."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from curriculum.importing.outline import URL_MAX

# --- links -----------------------------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
UNSAFE_SCHEMES = {"javascript", "data", "vbscript", "file", "blob"}


@dataclass
class CheckedUrl:
    url: str
    problem: str = ""  # "", "anchor", "relative", "unsafe", "unsupported", "invalid"


def check_url(raw: str, base_url: str = "") -> CheckedUrl:
    """An http(s) address we can store and show, or why not. Browsers ignore whitespace and
    control characters inside a scheme ("java\\tscript:"), so those are removed before the
    scheme is read, and only http and https are allowed."""
    url = html.unescape(raw).strip()
    url = "".join(ch for ch in url if not (ch.isspace() or unicodedata.category(ch) == "Cc"))
    if not url:
        return CheckedUrl("", "invalid")
    if url.startswith("#"):
        return CheckedUrl("", "anchor")
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in UNSAFE_SCHEMES:
            return CheckedUrl("", "unsafe")
        if name not in ("http", "https"):
            return CheckedUrl("", "unsupported")
    elif url.startswith("//"):
        url = "https:" + url
    elif base_url:
        url = urljoin(base_url, url)
    else:
        return CheckedUrl("", "relative")
    if len(url) > URL_MAX:
        return CheckedUrl("", "invalid")
    try:
        _url_validator(url)
    except ValidationError:
        return CheckedUrl("", "invalid")
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return CheckedUrl("", "unsafe")
    return CheckedUrl(url)


def is_anchor_only(raw: str) -> bool:
    return html.unescape(raw).strip().startswith("#")


_BACK_TO_TOP = re.compile(
    r"^(?:[⬆↑⤴🔝^]\s*)?(?:back\s+to\s+(?:the\s+)?top|top|go\s+to\s+top|table\s+of\s+contents|"
    r"back\s+to\s+contents|contents|toc)(?:\s*[⬆↑⤴🔝^])?$",
    re.IGNORECASE,
)


def is_back_to_top(text: str) -> bool:
    return bool(_BACK_TO_TOP.match(text.strip())) or text.strip() in {"⬆", "↑", "⤴", "🔝"}
