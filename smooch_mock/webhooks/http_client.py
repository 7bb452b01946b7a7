"""A lean HTTP/1.1 client for deliveries: POST, keep-alive connections per target, capped read."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

RESPONSE_BODY_LIMIT = 64 * 1024
"""How much of a target's answer is read (and kept in the log); the rest is never downloaded."""
HEAD_LIMIT = 64 * 1024
"""Status line and headers longer than this are not an answer we take."""
IDLE_SECONDS = 30.0
"""How long a kept-alive connection waits for the next delivery before it is closed."""
USER_AGENT = "smooch-mock/0.1 (fake Smooch webhook delivery)"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_NO_BODY = frozenset({204, 304})


class ClientError(Exception):
    """A delivery attempt that got no (complete) answer."""


class InvalidTarget(ClientError):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class ConnectFailed(ClientError):
    def __init__(self, host: str, port: int, cause: OSError) -> None:
        super().__init__(f"{host}:{port}: {cause}")
        self.host = host
        self.port = port
        self.cause = cause


class Disconnected(ClientError):
    """The target closed the connection before the first byte of an answer."""


class BrokenAnswer(ClientError):
    """The connection ended in the middle of the answer."""


class InvalidAnswer(ClientError):
    """What came back is not HTTP/1.x."""


@dataclass(frozen=True, slots=True)
class Target:
    """A webhook URL taken apart once: where to connect and what to put in the request line."""

    scheme: str
    host: str
    port: int
    request_target: bytes
    host_header: bytes

    @property
    def pool_key(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


@dataclass(slots=True)  # made per event: a frozen init costs three times more
class Answer:
    status: int
    body: bytes
    """At most RESPONSE_BODY_LIMIT bytes."""


def parse_target(url: str) -> Target:
    """Raise InvalidTarget for anything but an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise InvalidTarget(url) from None
    if parts.scheme not in _DEFAULT_PORTS or not host:
        raise InvalidTarget(url)
    default_port = _DEFAULT_PORTS[parts.scheme]
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise InvalidTarget(url) from None
    shown = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if port is not None and port != default_port:
        shown += f":{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_PATH_SAFE + "?")
    return Target(
        scheme=parts.scheme,
        host=ascii_host,
        port=port or default_port,
        request_target=path.encode("ascii"),
        host_header=shown.encode("ascii"),
    )


class WebhookClient:
    """POSTs on the running event loop, reusing each target's idle connections."""

    def __init__(self) -> None:
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._targets: dict[str, Target] = {}
        self._heads: dict[tuple[str, str], bytes] = {}
        self._tls: ssl.SSLContext | None = None
        self._open: set[_Connection] = set()
        self._sweep: asyncio.TimerHandle | None = None

    async def post(self, url: str, body: bytes, secret: str, timeout: float) -> Answer:
        """One attempt: the answer, or ClientError / OSError / asyncio.TimeoutError."""
        target = self._targets.get(url)
        if target is None:
            target = parse_target(url)
            if len(self._targets) > 1024:
                self._targets.clear()
            self._targets[url] = target
        request = self._head(url, target, secret) + b"%d\r\n\r\n" % len(body) + body
        deadline = time.monotonic() + timeout
        connection = self._take_idle(target)
        if connection is not None:
            try:
                return await self._exchange(connection, target, request, deadline)
            except (Disconnected, ConnectionResetError):
                if connection.got_bytes:
                    raise
                # The target closed the kept-alive connection as we reused it: a fresh one.
        connection = await self._connect(target, deadline)
        return await self._exchange(connection, target, request, deadline)

    def close(self) -> None:
        """Close every connection (the engine is stopping)."""
        for connection in [*self._open]:
            connection.abort()
        self._open.clear()
        self._idle.clear()
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None

    def _head(self, url: str, target: Target, secret: str) -> bytes:
        head = self._heads.get((url, secret))
        if head is None:
            head = b"".join(
                [
                    b"POST ",
                    target.request_target,
                    b" HTTP/1.1\r\nHost: ",
                    target.host_header,
                    b"\r\nContent-Type: application/json\r\nX-API-Key: ",
                    secret.encode("latin-1", "replace"),
                    b"\r\nUser-Agent: ",
                    USER_AGENT.encode("ascii"),
                    b"\r\nAccept: */*\r\nContent-Length: ",
                ]
            )
            if len(self._heads) > 1024:
                self._heads.clear()
            self._heads[(url, secret)] = head
        return head

    def _take_idle(self, target: Target) -> _Connection | None:
        idle = self._idle.get(target.pool_key)
        while idle:
            connection = idle.pop()
            if not connection.closed:
                return connection
        return None

    async def _connect(self, target: Target, deadline: float) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = self._tls_context() if target.scheme == "https" else None
        connection = _Connection(self._forget)
        try:
            await asyncio.wait_for(
                loop.create_connection(
                    lambda: connection,
                    target.host,
                    target.port,
                    ssl=tls,
                    server_hostname=target.host if tls is not None else None,
                ),
                max(0.0, deadline - time.monotonic()),
            )
        except asyncio.TimeoutError:
            raise
        except OSError as error:
            raise ConnectFailed(target.host, target.port, error) from error
        self._open.add(connection)
        return connection

    async def _exchange(
        self, connection: _Connection, target: Target, request: bytes, deadline: float
    ) -> Answer:
        loop = asyncio.get_running_loop()
        answer = connection.send(request, loop)
        timer = loop.call_later(max(0.0, deadline - time.monotonic()), connection.time_out)
        try:
            result = await answer
        except BaseException:
            connection.abort()  # a cancelled or failed exchange leaves the connection unusable
            raise
        finally:
            timer.cancel()
        if connection.reusable:
            connection.idle_since = loop.time()
            self._idle.setdefault(target.pool_key, []).append(connection)
            if self._sweep is None:
                self._sweep = loop.call_later(IDLE_SECONDS, self._close_idle, loop)
        else:
            connection.abort()
        return result

    def _close_idle(self, loop: asyncio.AbstractEventLoop) -> None:
        """Close the connections idle for IDLE_SECONDS; one timer for them all, not one each."""
        self._sweep = None
        now = loop.time()
        for key, idle in [*self._idle.items()]:
            kept = [c for c in idle if not c.closed and now - c.idle_since < IDLE_SECONDS]
            for connection in idle:
                if connection not in kept:
                    connection.abort()
            if kept:
                self._idle[key] = kept
            else:
                del self._idle[key]
        if self._idle:
            oldest = min(c.idle_since for idle in self._idle.values() for c in idle)
            self._sweep = loop.call_later(oldest + IDLE_SECONDS - now, self._close_idle, loop)

    def _forget(self, connection: _Connection) -> None:
        self._open.discard(connection)

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls


class _Connection(asyncio.Protocol):
    """One connection to a target: one request at a time, the answer parsed as it arrives."""

    def __init__(self, on_closed: Callable[[_Connection], None]) -> None:
        self._on_closed = on_closed
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Answer] | None = None
        self.closed = False
        self.reusable = False
        self.got_bytes = False
        self.idle_since = 0.0
        self._status = 0
        self._framing = ""
        """After the head: `length`, `chunked` or `close` (the body ends with the connection)."""
        self._remaining = 0
        self._body = bytearray()
        self._keep_alive = False

    # -- asyncio.Protocol ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        if self._waiter is None or self._waiter.done():
            self.abort()  # bytes nobody asked for: this connection cannot be trusted again
            return
        self.got_bytes = True
        self._buffer += data
        try:
            self._parse()
        except InvalidAnswer as error:
            self._fail(error)

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.reusable = False
        self._on_closed(self)
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        if self._framing == "close":
            self._finish(keep_alive=False)
        elif isinstance(exc, OSError):
            waiter.set_exception(exc)  # a reset, before or in the middle of the answer
        else:
            waiter.set_exception(BrokenAnswer() if self.got_bytes else Disconnected())

    # -- the exchange -------------------------------------------------------------------------

    def send(self, request: bytes, loop: asyncio.AbstractEventLoop) -> asyncio.Future[Answer]:
        waiter: asyncio.Future[Answer] = loop.create_future()
        self._waiter = waiter
        self.reusable = False
        self.got_bytes = False
        self._framing = ""
        self._body = bytearray()
        if self.closed or self._transport is None:
            waiter.set_exception(Disconnected())
        else:
            self._transport.write(request)
        return waiter

    def time_out(self) -> None:
        self._fail(asyncio.TimeoutError())

    def abort(self) -> None:
        self.reusable = False
        if self._transport is not None and not self.closed:
            self._transport.abort()

    def _fail(self, error: BaseException) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(error)
        self.abort()

    def _parse(self) -> None:
        while not self._framing:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > HEAD_LIMIT:
                    raise InvalidAnswer("the status line and headers exceed 64 KiB")
                return
            head = bytes(self._buffer[:end])
            del self._buffer[: end + 4]
            self._read_head(head)
        if self._framing == "length":
            self._take(self._remaining)
            if self._remaining == 0:
                self._finish(self._keep_alive)
            elif len(self._body) >= RESPONSE_BODY_LIMIT:
                self._finish(keep_alive=False)
        elif self._framing == "chunked":
            self._read_chunks()
        else:
            self._take(RESPONSE_BODY_LIMIT)
            if len(self._body) >= RESPONSE_BODY_LIMIT:
                self._finish(keep_alive=False)

    def _read_head(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        status_line = lines[0]
        parts = status_line.split(b" ", 2)
        if (
            len(parts) < 2
            or not parts[0].startswith(b"HTTP/1.")
            or len(parts[1]) != 3
            or not parts[1].isdigit()
        ):
            shown = status_line[:80].decode("latin-1")
            raise InvalidAnswer(f"bad status line {shown!r}")
        status = int(parts[1])
        headers: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon or not name or name != name.strip():
                shown = line[:80].decode("latin-1")
                raise InvalidAnswer(f"bad header line {shown!r}")
            headers[name.lower()] = value.strip()
        if 100 <= status < 200:
            return  # an interim answer (100 Continue): the real one follows
        connection = headers.get(b"connection", b"").lower()
        if parts[0] == b"HTTP/1.0":
            keep_alive = connection == b"keep-alive"
        else:
            keep_alive = connection != b"close"
        self._status = status
        self._keep_alive = keep_alive
        length = headers.get(b"content-length")
        if status in _NO_BODY:
            self._framing, self._remaining = "length", 0
        elif b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            self._framing, self._remaining = "chunked", -1
        elif length is not None:
            if not length.isdigit():
                raise InvalidAnswer(f"bad Content-Length {length[:40].decode('latin-1')!r}")
            self._framing, self._remaining = "length", int(length)
        else:
            self._framing = "close"

    def _take(self, wanted: int) -> None:
        room = min(wanted, RESPONSE_BODY_LIMIT - len(self._body))
        piece = self._buffer[:room]
        del self._buffer[:room]
        self._body += piece
        if self._framing == "length":
            self._remaining -= len(piece)

    def _read_chunks(self) -> None:
        while len(self._body) < RESPONSE_BODY_LIMIT:
            if self._remaining < 0:  # at a chunk-size line
                end = self._buffer.find(b"\r\n")
                if end < 0:
                    return
                size_text = bytes(self._buffer[:end]).split(b";", 1)[0].strip()
                try:
                    size = int(size_text, 16)
                except ValueError:
                    raise InvalidAnswer(f"bad chunk size {size_text[:40]!r}") from None
                if size == 0:
                    trailer_end = self._buffer.find(b"\r\n\r\n", end)
                    if trailer_end < 0:
                        return
                    del self._buffer[: trailer_end + 4]
                    self._finish(self._keep_alive)
                    return
                del self._buffer[: end + 2]
                self._remaining = size
            if self._remaining > 0:
                room = min(self._remaining, RESPONSE_BODY_LIMIT - len(self._body))
                piece = self._buffer[:room]
                del self._buffer[:room]
                self._body += piece
                self._remaining -= len(piece)
                if self._remaining > 0:
                    if len(self._body) >= RESPONSE_BODY_LIMIT:
                        break
                    return
            if len(self._buffer) < 2:
                return
            if self._buffer[:2] != b"\r\n":
                raise InvalidAnswer("a chunk does not end with CRLF")
            del self._buffer[:2]
            self._remaining = -1
        self._finish(keep_alive=False)

    def _finish(self, keep_alive: bool) -> None:
        waiter = self._waiter
        self.reusable = keep_alive and not self.closed and not self._buffer
        if waiter is not None and not waiter.done():
            waiter.set_result(Answer(self._status, bytes(self._body)))
