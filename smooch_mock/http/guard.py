"""What keeps web pages of other origins out: the Host allow-list and the same-origin proof."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import error_texts as texts
from ..errors import Forbidden

TOKEN_HEADER = "x-smooch-mock-token"
"""The per-server token the dashboard sends on every write: a custom header, which a cross-site
page cannot set without a CORS preflight that the fake never grants."""

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
"""What an HTML form can send across sites without a preflight."""
BROWSER_HEADERS = ("origin", "sec-fetch-site", "sec-fetch-mode", "referer")


def is_loopback(host: str) -> bool:
    """`localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8 and ::1."""
    name = host.lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(authority: str) -> str:
    """The host of a `Host` header or an origin's authority, without port or IPv6 brackets."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        return authority[1 : authority.find("]")] if "]" in authority else authority
    return authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority


@dataclass(frozen=True, slots=True)
class RequestGuard:
    """Refuses what a hostile web page could send: a foreign `Host` (DNS rebinding) and
    cross-site writes to the fake's own `/_mock/` API and dashboard.

    Smooch's own API keeps Smooch's auth: its credentials travel in `Authorization`, which no
    cross-site page can set, and the fake sends no CORS headers, so nothing it answers is readable
    from another origin.
    """

    allowed_hosts: frozenset[str]
    token: str
    host_answers: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    """`allows_host` by `Host` header: a client sends the same one on every request, and telling
    an address from a name (`ipaddress`) costs more than the rest of the guard."""

    HOSTS_KEPT = 256

    @classmethod
    def for_server(cls, bound_host: str, extra_hosts: Iterable[str], token: str) -> RequestGuard:
        """Loopback names, the address the server is bound to and any `--allowed-host`."""
        hosts = {host_name(h) for h in extra_hosts}
        if bound_host not in ("0.0.0.0", "::", ""):
            hosts.add(host_name(bound_host) if ":" not in bound_host else bound_host.lower())
        return cls(frozenset(hosts), token)

    def allows_host(self, host: str) -> bool:
        allowed = self.host_answers.get(host)
        if allowed is None:
            name = host_name(host)
            allowed = is_loopback(name) or name in self.allowed_hosts
            if len(self.host_answers) >= self.HOSTS_KEPT:
                self.host_answers.clear()
            self.host_answers[host] = allowed
        return allowed

    def check(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        """Raise `Forbidden` for a foreign Host, or a control write without a same-origin proof.

        `headers` is read by lower-case name.
        """
        host = headers.get("host")
        if host is not None and not self.allows_host(host):
            raise Forbidden(texts.HOST_NOT_ALLOWED.format(host=host_name(host)))
        if method in SAFE_METHODS or not _is_control(path):
            return
        if not any(name in headers for name in BROWSER_HEADERS):
            # Not a browser (curl, the CLI, a test's httpx): no page to forge it, unless it is an
            # ancient browser's form post, which the content type gives away.
            if _content_type(headers) in FORM_CONTENT_TYPES:
                raise Forbidden(texts.CROSS_SITE_WRITE)
            return
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise Forbidden(texts.CROSS_SITE_WRITE)
        origin = headers.get("origin")
        if origin is not None and not self._same_origin(origin, host):
            raise Forbidden(texts.CROSS_SITE_WRITE)
        if headers.get(TOKEN_HEADER) != self.token:
            raise Forbidden(texts.CONTROL_TOKEN_REQUIRED)

    def _same_origin(self, origin: str, host: str | None) -> bool:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False  # includes `Origin: null` (sandboxed frames, file: pages)
        return host is not None and parts.netloc.lower() == host.strip().lower()


def _is_control(path: str) -> bool:
    return path == "/" or path.startswith("/_mock/")


def _content_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()
