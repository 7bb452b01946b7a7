"""GET /v2/tokenInfo: the app an app- or integration-scoped credential belongs to."""

from __future__ import annotations

from ....http.call import Call, ok
from ....http.messages import ApiResponse
from .. import wire


def get_token_info(call: Call) -> ApiResponse:
    return ok({"app": wire.app_with_subdomain(call.store.get_app(call.app_id))})
