"""WhatsApp deployments (Managed Accounts): create, activate a number, confirm the code."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import DeploymentNotFound, InvalidField, VerificationFailed
from . import fields as f
from .base import StoreBase
from .models import Deployment, JsonObject

HOSTINGS = ("smooch", "self")
ACTIVATION_METHODS = ("voice", "sms")


class DeploymentOperations(StoreBase):
    def create_deployment(self, body: JsonObject) -> Deployment:
        f.reject_unknown(body, {"hosting", "baseUrl", "username", "password", "callbackUrl"}, "")
        hosting = f.one_of(body, "hosting", HOSTINGS, required=True) or "smooch"
        deployment = Deployment(
            id=self.ids.object_id(),
            hosting=hosting,
            # The fake's WhatsApp clients start instantly: ready for a phone number at once.
            status="unregistered",
            callback_url=f.http_url(body, "callbackUrl"),
            callback_secret=self.ids.secret(24),
        )
        if hosting == "self":
            deployment.base_url = f.http_url(body, "baseUrl", required=True)
            deployment.username = f.required_string(body, "username")
            deployment.password = f.required_string(body, "password")
        self.deployments[deployment.id] = deployment
        return deployment

    def get_deployment(self, deployment_id: str) -> Deployment:
        deployment = self.deployments.get(deployment_id)
        if deployment is None:
            raise DeploymentNotFound()
        return deployment

    def activate_phone_number(self, deployment_id: str, body: JsonObject) -> Deployment:
        deployment = self.get_deployment(deployment_id)
        f.reject_unknown(body, {"verifiedNameCertificate", "phoneNumber", "method"}, "")
        f.required_string(body, "verifiedNameCertificate")
        phone = f.required_string(body, "phoneNumber")
        if not (phone.startswith("+") and phone[1:].isdigit()):
            raise InvalidField(texts.PHONE_NUMBER_FORMAT)
        f.one_of(body, "method", ACTIVATION_METHODS, required=True)
        deployment.phone_number = phone
        deployment.verification_code = "123456"
        deployment.status = "pending"
        return deployment

    def confirm_code(self, deployment_id: str, body: JsonObject) -> Deployment:
        deployment = self.get_deployment(deployment_id)
        f.reject_unknown(body, {"code"}, "")
        code = f.required_string(body, "code")
        if deployment.status != "pending":
            raise VerificationFailed(texts.NO_NUMBER_TO_CONFIRM)
        if code != deployment.verification_code:
            raise VerificationFailed(texts.CODE_MISMATCH)
        deployment.status = "registered"
        return deployment

    def delete_deployment(self, deployment_id: str) -> None:
        self.get_deployment(deployment_id)
        del self.deployments[deployment_id]
