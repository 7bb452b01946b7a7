"""Parse `multipart/form-data` bodies without a transport, so both edges share one parser."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP

from ..errors import BadRequest


@dataclass(frozen=True, slots=True)
class FormPart:
    name: str
    data: bytes
    file_name: str | None
    content_type: str


def parse_form(body: bytes, content_type_header: str) -> dict[str, FormPart]:
    head = f"Content-Type: {content_type_header}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise BadRequest("Malformed multipart body")
    parts: dict[str, FormPart] = {}
    for part in message.iter_parts():
        if not isinstance(part, EmailMessage):
            continue
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        parts[name] = FormPart(name, data, part.get_filename(), part.get_content_type())
    return parts
