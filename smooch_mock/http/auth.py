"""Credentials to a principal: JWT (HS256 with `kid`) or Basic `keyId:secret`, as Smooch does."""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from typing import Any

from .. import error_texts as texts
from ..errors import AuthRequired, InvalidAuth
from ..store import Store
from ..store.models import Scope, SecretKey


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the scope, the app an app or appUser credential belongs to, and the user."""

    scope: Scope
    key: SecretKey
    app_id: str | None = None
    user_id: str | None = None
    integration_id: str | None = None
    """The custom integration an `integration`-scoped key belongs to (v2)."""


class VerifiedTokens:
    """JWTs and Basic credentials already verified, with the principal they gave: a client sends
    the same ones on every request, and PyJWT's checks cost more than the rest of a request
    (~150 µs). Basic credentials (`keyId:secret` in base64) cannot be mistaken for a JWT: a JWT
    has two dots, base64 none.

    A hit needs the very key object that signed it, with the same secret, still in the store: a
    deleted or re-created key (a reset) verifies the token afresh. Tokens with time claims
    (`exp`, `nbf`, `iat`) are never kept: their validity changes with the clock.
    """

    LIMIT = 4096

    def __init__(self) -> None:
        self._principals: dict[str, tuple[str, Principal]] = {}

    def get(self, token: str, store: Store) -> Principal | None:
        found = self._principals.get(token)
        if found is None:
            return None
        secret, principal = found
        key = principal.key
        if store.keys.get(key.id) is not key or key.secret != secret:
            del self._principals[token]
            return None
        return principal

    def keep(self, token: str, claims: dict[str, Any], principal: Principal) -> None:
        if any(claim in claims for claim in ("exp", "nbf", "iat")):
            return
        if len(self._principals) >= self.LIMIT:
            self._principals.clear()
        self._principals[token] = (principal.key.secret, principal)


def authenticate(
    authorization: str | None, store: Store, tokens: VerifiedTokens | None = None
) -> Principal:
    if not authorization or not authorization.strip():
        raise AuthRequired()
    if not authorization.isascii():
        # Keys, secrets and tokens are ASCII; aiohttp hands other bytes over as surrogates.
        raise InvalidAuth(texts.UNSUPPORTED_AUTH)
    scheme, _, credentials = authorization.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        return _basic(credentials.strip(), store, tokens)
    if scheme == "bearer":
        if not credentials.strip():
            raise AuthRequired()
        return _jwt(credentials.strip(), store, tokens)
    if not credentials and authorization.count(".") == 2:
        # The Python SDK sends a bare token when no api_key_prefix is configured.
        return _jwt(authorization.strip(), store, tokens)
    raise InvalidAuth(texts.UNSUPPORTED_AUTH)


def _basic(credentials: str, store: Store, tokens: VerifiedTokens | None) -> Principal:
    known = tokens.get(credentials, store) if tokens is not None else None
    if known is not None:
        return known
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise InvalidAuth(texts.BAD_BASIC) from error
    key_id, _, secret = decoded.partition(":")
    if not key_id and not secret:
        raise AuthRequired()
    key = store.keys.get(key_id)
    if key is None or not hmac.compare_digest(key.secret.encode(), secret.encode()):
        raise InvalidAuth(texts.BAD_BASIC)
    principal = _principal_for_key(key)
    if tokens is not None:
        tokens.keep(credentials, {}, principal)
    return principal


def _jwt(token: str, store: Store, tokens: VerifiedTokens | None) -> Principal:
    known = tokens.get(token, store) if tokens is not None else None
    if known is not None:
        return known
    import jwt  # on the first token not yet verified: PyJWT is not loaded at session start

    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise InvalidAuth(texts.BAD_TOKEN) from error
    key_id = header.get("kid")
    if not isinstance(key_id, str) or not key_id:
        raise InvalidAuth(texts.MISSING_KID)
    if header.get("alg") != "HS256":
        raise InvalidAuth(texts.BAD_ALGORITHM)
    key = store.keys.get(key_id)
    if key is None:
        raise InvalidAuth(texts.UNKNOWN_KEY)
    try:
        claims: dict[str, Any] = jwt.decode(token, key.secret, algorithms=["HS256"])
    except jwt.InvalidSignatureError as error:
        raise InvalidAuth(texts.BAD_SIGNATURE) from error
    except jwt.PyJWTError as error:
        raise InvalidAuth(texts.BAD_TOKEN) from error
    principal = _principal_from_claims(claims, key)
    if tokens is not None:
        tokens.keep(token, claims, principal)
    return principal


def _principal_from_claims(claims: dict[str, Any], key: SecretKey) -> Principal:
    scope = claims.get("scope")
    if not scope:
        raise InvalidAuth(texts.MISSING_SCOPE)
    if scope == key.scope:
        return _principal_for_key(key)
    if key.scope == "app" and scope == "appUser":
        user_id = claims.get("userId")
        if not isinstance(user_id, str) or not user_id:
            raise InvalidAuth(texts.MISSING_USER_ID)
        return Principal("appUser", key, app_id=key.app_id, user_id=user_id)
    raise InvalidAuth(texts.BAD_SCOPE)


def _principal_for_key(key: SecretKey) -> Principal:
    """The principal a key's own scope makes: account, app (of its app) or integration (of its
    app and custom integration: the `int_` keys)."""
    if key.scope == "account":
        return Principal("account", key)
    return Principal(key.scope, key, app_id=key.app_id, integration_id=key.integration_id)


def sign_jwt(
    key: SecretKey, scope: str, user_id: str | None = None, *, issued_at: int | None = None
) -> str:
    """A token exactly as smooch-core and Smooch's `/keys/{id}/jwt` build it."""
    claims: dict[str, Any] = {"scope": scope}
    if user_id is not None:
        claims["userId"] = user_id
    if issued_at is not None:
        claims["iat"] = issued_at
    import jwt

    return jwt.encode(claims, key.secret, algorithm="HS256", headers={"kid": key.id})
