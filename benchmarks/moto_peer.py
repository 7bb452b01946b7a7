"""Measurement 2: the fake against moto's server, the usual in-memory fake of a cloud API."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from processes import moto_server, moto_server_path
from wrk_load import LoadResult, run_wrk

# moto picks the service from the SigV4 credential scope; it does not check the signature.
AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host, Signature=0000"
)
FORM = "application/x-www-form-urlencoded"
SECONDS = 5.0
HISTORY = 10
"""ReceiveMessage answers at most 10 messages; `VisibilityTimeout=0` keeps them receivable."""


@dataclass(frozen=True, slots=True)
class MotoPeer:
    send: LoadResult
    receive: LoadResult


def measure(seconds: float = SECONDS) -> MotoPeer | None:
    """SendMessage and ReceiveMessage rates on `moto_server`; None when moto is not installed."""
    executable = moto_server_path()
    if executable is None:
        return None
    with moto_server(executable) as url:
        _sqs(url, {"Action": "CreateQueue", "QueueName": "bench"})
        queue = f"{url}/123456789012/bench"
        for n in range(HISTORY):
            _sqs(url, {"Action": "SendMessage", "QueueUrl": queue, "MessageBody": f"history {n}"})
        headers = {"Authorization": AUTHORIZATION, "Content-Type": FORM}
        send = _form({"Action": "SendMessage", "QueueUrl": queue, "MessageBody": "hi"})
        receive = _form({
            "Action": "ReceiveMessage", "QueueUrl": queue, "MaxNumberOfMessages": "10",
            "VisibilityTimeout": "0", "WaitTimeSeconds": "0",
        })  # fmt: skip
        # Receive first: moto's ReceiveMessage slows down as the queue grows.
        received = run_wrk(url, "POST", ["/"], body=receive, headers=headers, seconds=seconds)
        run_wrk(url, "POST", ["/"], body=send, headers=headers, seconds=1.0)
        sent = run_wrk(url, "POST", ["/"], body=send, headers=headers, seconds=seconds)
        return MotoPeer(send=sent, receive=received)


def _form(fields: dict[str, str]) -> str:
    return urlencode({**fields, "Version": "2012-11-05"})


def _sqs(url: str, fields: dict[str, str]) -> bytes:
    request = urllib.request.Request(url + "/", data=_form(fields).encode(), method="POST")
    request.add_header("Authorization", AUTHORIZATION)
    request.add_header("Content-Type", FORM)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


if __name__ == "__main__":
    print(measure())
