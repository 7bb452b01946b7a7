"""WhatsApp deployments (Managed Accounts): create, activate a number, confirm the code."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import DeploymentNotFound, VerificationFailed
from .base import StoreBase
from .models import Deployment, JsonObject


class DeploymentOperations(StoreBase):
    """Bodies arrive checked against `requests/deployment-*` at the edge; here only the rules of
    state (activate before confirming, the code sent) remain."""

    def create_deployment(self, body: JsonObject) -> Deployment:
        hosting: str = body["hosting"]
        deployment = Deployment(
            id=self.ids.object_id(),
            hosting=hosting,
            # The fake's WhatsApp clients start instantly: ready for a phone number at once.
            status="unregistered",
            callback_url=body.get("callbackUrl"),
            callback_secret=self.ids.secret(24),
        )
        if hosting == "self":
            deployment.base_url = body["baseUrl"]
            deployment.username = body["username"]
            deployment.password = body["password"]
        self.deployments[deployment.id] = deployment
        return deployment

    def get_deployment(self, deployment_id: str) -> Deployment:
        deployment = self.deployments.get(deployment_id)
        if deployment is None:
            raise DeploymentNotFound()
        return deployment

    def activate_phone_number(self, deployment_id: str, body: JsonObject) -> Deployment:
        deployment = self.get_deployment(deployment_id)
        phone: str = body["phoneNumber"]
        deployment.phone_number = phone
        deployment.verification_code = "123456"
        deployment.status = "pending"
        return deployment

    def confirm_code(self, deployment_id: str, body: JsonObject) -> Deployment:
        deployment = self.get_deployment(deployment_id)
        code: str = body["code"]
        if deployment.status != "pending":
            raise VerificationFailed(texts.NO_NUMBER_TO_CONFIRM)
        if code != deployment.verification_code:
            raise VerificationFailed(texts.CODE_MISMATCH)
        deployment.status = "registered"
        return deployment

    def delete_deployment(self, deployment_id: str) -> None:
        self.get_deployment(deployment_id)
        del self.deployments[deployment_id]
