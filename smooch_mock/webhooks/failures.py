"""Why a webhook attempt got no answer, in words a person reads (not aiohttp's exception text)."""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl

import aiohttp


def describe_failure(error: BaseException, timeout: float) -> str:
    """`connection refused`, `timed out after 20 s`, … for an attempt that raised `error`."""
    if isinstance(error, asyncio.TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(error, aiohttp.ClientConnectorError):
        return _connect_failure(error)
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "the target closed the connection without answering"
    if isinstance(error, aiohttp.ClientPayloadError):
        return "the connection broke while the answer was being read"
    if isinstance(error, aiohttp.InvalidURL):
        return f"not a valid URL: {error.url}"
    if isinstance(error, aiohttp.ClientResponseError):
        return f"the answer is not valid HTTP: {error.message}"
    if isinstance(error, ConnectionResetError) or (
        isinstance(error, OSError) and error.errno in (errno.ECONNRESET, errno.EPIPE)
    ):
        return "connection reset by the target"
    if isinstance(error, OSError) and error.strerror:
        return f"connection failed: {error.strerror.lower()}"
    return f"{type(error).__name__}: {error}"


def _connect_failure(error: aiohttp.ClientConnectorError) -> str:
    cause = error.os_error
    where = f"{error.host}:{error.port}"
    if isinstance(cause, socket.gaierror):
        return f"host not found: {error.host} does not resolve"
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        return f"TLS certificate of {where} not accepted: {error.certificate_error}"
    if isinstance(cause, ssl.SSLError):
        reason = getattr(cause, "reason", None)  # e.g. WRONG_VERSION_NUMBER: plain HTTP on 443
        detail = reason.replace("_", " ").lower() if reason else cause.strerror or str(cause)
        return f"TLS handshake with {where} failed: {detail}"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    reason = (cause.strerror or str(cause) or type(cause).__name__).lower()
    return f"cannot connect to {where}: {reason}"
