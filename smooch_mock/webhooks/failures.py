"""Why a webhook attempt got no answer, in words a person reads (not the exception's text)."""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl

from .http_client import BrokenAnswer, ConnectFailed, Disconnected, InvalidAnswer, InvalidTarget


def describe_failure(error: BaseException, timeout: float) -> str:
    """`connection refused`, `timed out after 20 s`, … for an attempt that raised `error`."""
    if isinstance(error, asyncio.TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(error, ConnectFailed):
        return _connect_failure(error)
    if isinstance(error, Disconnected):
        return "the target closed the connection without answering"
    if isinstance(error, BrokenAnswer):
        return "the connection broke while the answer was being read"
    if isinstance(error, InvalidTarget):
        return f"not a valid URL: {error.url}"
    if isinstance(error, InvalidAnswer):
        return f"the answer is not valid HTTP: {error}"
    if isinstance(error, ConnectionResetError) or (
        isinstance(error, OSError) and error.errno in (errno.ECONNRESET, errno.EPIPE)
    ):
        return "connection reset by the target"
    if isinstance(error, OSError) and error.strerror:
        return f"connection failed: {error.strerror.lower()}"
    return f"{type(error).__name__}: {error}"


def _connect_failure(error: ConnectFailed) -> str:
    cause = error.cause
    where = f"{error.host}:{error.port}"
    if isinstance(cause, socket.gaierror):
        return f"host not found: {error.host} does not resolve"
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS certificate of {where} not accepted: {cause.verify_message or cause}"
    if isinstance(cause, ssl.SSLError):
        reason = getattr(cause, "reason", None)  # e.g. WRONG_VERSION_NUMBER: plain HTTP on 443
        detail = reason.replace("_", " ").lower() if reason else cause.strerror or str(cause)
        return f"TLS handshake with {where} failed: {detail}"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    reason = (cause.strerror or str(cause) or type(cause).__name__).lower()
    return f"cannot connect to {where}: {reason}"
