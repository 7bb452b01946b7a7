"""The dashboard's static files, shipped as package data and looked up by name."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    content_type: str
    data: bytes


def find_asset(name: str) -> Asset | None:
    """The static file `name` (a bare file name of a known type), or None."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    if "/" in name or "\\" in name or name.startswith(".") or suffix not in CONTENT_TYPES:
        return None
    path = resources.files(__package__) / "static" / name
    if not path.is_file():
        return None
    return Asset(name, CONTENT_TYPES[suffix], path.read_bytes())
