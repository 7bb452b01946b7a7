"""The OAuth endpoints (`/oauth/...`, outside `/v2`): a custom integration as the OAuth client."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .... import error_texts as texts
from ....errors import InvalidOAuthRequest, UnsupportedResponseType
from ....http.auth import sign_jwt
from ....http.call import Call, ok
from ....http.messages import ApiResponse

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"


def authorize(call: Call) -> ApiResponse:
    """Grant at once what a user would allow in the browser: 302 to `redirect_uri` with a code."""
    client_id = _required(call, "client_id")
    response_type = _required(call, "response_type")
    redirect_uri = _required(call, "redirect_uri")
    if response_type != "code":
        raise UnsupportedResponseType(value=response_type)
    target = urlsplit(redirect_uri)
    if target.scheme not in ("http", "https") or not target.netloc:
        raise InvalidOAuthRequest(texts.V2_OAUTH_REDIRECT_URI)
    answer = [("code", call.store.issue_oauth_code(client_id))]
    state = call.query.get("state")
    if state is not None:
        answer.append(("state", state))
    query = urlencode([*parse_qsl(target.query, keep_blank_values=True), *answer])
    location = urlunsplit(target._replace(query=query))
    return ApiResponse(
        302,
        raw=f"Found. Redirecting to {location}".encode(),
        content_type=TEXT_CONTENT_TYPE,
        headers={"Location": location},
    )


def get_token(call: Call) -> ApiResponse:
    body = call.body
    key = call.store.exchange_oauth_code(body["code"], body["client_id"], body["client_secret"])
    return ok({"access_token": sign_jwt(key, "integration"), "token_type": "Bearer"})


def revoke_access(call: Call) -> ApiResponse:
    assert call.principal is not None, "an integration credential is required"
    integration_id = call.principal.integration_id
    assert integration_id is not None, "an integration-scope key names its integration"
    call.store.revoke_oauth_access(call.app_id, integration_id)
    return ok()


def _required(call: Call, name: str) -> str:
    value: str | None = call.query.get(name)
    if not value:
        raise InvalidOAuthRequest(texts.V2_OAUTH_PARAMETER_REQUIRED, name=name)
    return value
