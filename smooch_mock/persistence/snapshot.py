"""Saving and loading a fake's whole state: a full-fidelity JSON snapshot, written atomically."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, BinaryIO

from .. import error_texts as texts
from ..api.v1.message_input import message_input
from ..store import Store
from ..store.models import (
    App,
    AppState,
    Attachment,
    Author,
    Client,
    Content,
    Conversation,
    Deployment,
    Integration,
    Message,
    Notification,
    Participant,
    Profile,
    SecretKey,
    ServiceAccount,
    Source,
    Switchboard,
    SwitchboardIntegration,
    Template,
    User,
    Webhook,
)
from .upgrade import FORMAT_1, upgrade_format_1

FORMAT = "smooch-mock-state/2"
_JSON_KINDS = {type(None): "null", list: "an array", str: "a string", bool: "a boolean"}
_JSON_KINDS |= {int: "a number", float: "a number"}


class StateFileError(Exception):
    """A state file that cannot be used: wrong format, not JSON, damaged, not writable."""


def snapshot(store: Store) -> dict[str, Any]:
    """Everything the store holds, secrets included, as JSON-ready data."""
    return {
        "format": FORMAT,
        "keys": [asdict(k) for k in store.keys.values()],
        "serviceAccounts": [asdict(a) for a in store.service_accounts.values()],
        "deployments": [asdict(d) for d in store.deployments.values()],
        "attachments": [
            {
                **{k: v for k, v in asdict(a).items() if k != "data"},
                "data": base64.b64encode(a.data).decode(),
            }
            for a in store.attachments.values()
        ],
        "apps": [
            {
                "app": asdict(state.app),
                "users": [_user_data(u) for u in state.users.values()],
                "conversations": [_conversation_data(c) for c in state.conversations.values()],
                "menu": state.menu,
                "templates": [_template_data(t) for t in state.templates.values()],
                "integrations": [asdict(i) for i in state.integrations.values()],
                "notifications": [asdict(n) for n in state.notifications.values()],
                "switchboard": None if state.switchboard is None else asdict(state.switchboard),
            }
            for state in store.apps.values()
        ],
    }


def restore(store: Store, data: dict[str, Any]) -> None:
    """Replace the store's state with a snapshot's (one of the current format or of format 1)."""
    if data.get("format") == FORMAT_1:
        data = upgrade_format_1(data, FORMAT)
    if data.get("format") != FORMAT:
        raise StateFileError(texts.SNAPSHOT_FORMAT.format(format=FORMAT, found=data.get("format")))
    store.keys = {k["id"]: SecretKey(**k) for k in data["keys"]}
    store.service_accounts = {a["id"]: ServiceAccount(**a) for a in data["serviceAccounts"]}
    store.deployments = {d["id"]: Deployment(**d) for d in data.get("deployments", [])}
    store.attachments = {
        a["id"]: Attachment(**{**a, "data": base64.b64decode(a["data"])})
        for a in data["attachments"]
    }
    store.apps = {}
    for entry in data["apps"]:
        state = AppState(app=App(**entry["app"]), menu=entry["menu"])
        state.conversations = {c["id"]: _conversation(c) for c in entry["conversations"]}
        for raw in entry["users"]:
            user = _user(raw, state.conversations)
            state.users[user.id] = user
            if user.external_id is not None:
                state.external_ids[user.external_id] = user.id
        state.templates = {t["id"]: _template(t) for t in entry["templates"]}
        state.integrations = {i["id"]: _integration(i) for i in entry["integrations"]}
        state.notifications = {n["id"]: Notification(**n) for n in entry["notifications"]}
        state.switchboard = _switchboard(entry.get("switchboard"))
        store.apps[state.app.id] = state


def _template_data(template: Template) -> dict[str, Any]:
    # The typed input is the shown message read again on restore: one copy on disk.
    return {"id": template.id, "name": template.name, "message": template.message}


def _template(raw: dict[str, Any]) -> Template:
    given = message_input(raw["message"], role="appMaker")
    return Template(id=raw["id"], name=raw["name"], message=raw["message"], given=given)


def _user_data(user: User) -> dict[str, Any]:
    # Shallow on purpose: the default conversation is saved once, with the app's conversations.
    data = {
        f.name: _plain(getattr(user, f.name))
        for f in fields(User)
        if f.name != "default_conversation"
    }
    data["default_conversation"] = user.default_conversation.id
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return json.loads(json.dumps(value)) if isinstance(value, dict) else value


def _conversation_data(conversation: Conversation) -> dict[str, Any]:
    data = {
        f.name: _plain(getattr(conversation, f.name))
        for f in fields(Conversation)
        if f.name not in ("messages", "received", "message_times", "changes", "rendered_page")
    }
    data["messages"] = [
        {
            f.name: _plain(getattr(m, f.name))
            for f in fields(Message)
            if f.name not in ("rendered_v1", "rendered_v2")
        }
        for m in conversation.messages
    ]
    return data


def _conversation(raw: dict[str, Any]) -> Conversation:
    messages = [
        Message(
            **{
                **m,
                "author": Author(**m["author"]),
                "content": Content(**m["content"]),
                "source": Source(**m["source"]),
            }
        )
        for m in raw["messages"]
    ]
    return Conversation(
        **{
            **raw,
            "participants": [Participant(**p) for p in raw["participants"]],
            "messages": messages,
            "received": [m.received for m in messages],
            "creation_reason": _creation_reason(raw),
        }
    )


def _creation_reason(raw: dict[str, Any]) -> Any:
    """As saved; files written before it was kept: a user's default conversation had been
    created once it held a message, any other one by CreateConversation."""
    if "creation_reason" in raw:
        return raw["creation_reason"]
    if not raw.get("is_default"):
        return "api"
    return "message" if raw["messages"] else None


def _user(raw: dict[str, Any], conversations: dict[str, Conversation]) -> User:
    return User(
        **{
            **raw,
            "default_conversation": conversations[raw["default_conversation"]],
            "profile": Profile(**raw["profile"]),
            "clients": [Client(**c) for c in raw["clients"]],
            "pending_clients": [Client(**c) for c in raw["pending_clients"]],
        }
    )


def _integration(raw: dict[str, Any]) -> Integration:
    return Integration(**{**raw, "webhooks": [Webhook(**w) for w in raw["webhooks"]]})


def _switchboard(raw: dict[str, Any] | None) -> Switchboard | None:
    """A saved switchboard (absent from files written before v2 had one)."""
    if raw is None:
        return None
    members = {m["id"]: SwitchboardIntegration(**m) for m in raw["members"].values()}
    return Switchboard(**{**raw, "members": members})


def temporary_path(path: Path) -> Path:
    """The one temporary file a save of `path` uses: a crash leaves at most this one behind."""
    return path.with_name(f".{path.name}.tmp")


def save_atomically(path: Path, data: dict[str, Any]) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it: never a torn file."""
    path = path.resolve()
    with open_temporary(path) as handle:
        handle.write(json.dumps(data, separators=(",", ":")).encode())
    replace_with_temporary(path)


@contextmanager
def open_temporary(path: Path) -> Iterator[BinaryIO]:
    """A fresh temporary file for `path`, fsynced when the block ends, removed if it fails."""
    temporary = temporary_path(path)
    temporary.unlink(missing_ok=True)
    # O_EXCL after the unlink: an old writer still holding the previous file cannot mix in.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_with_temporary(path: Path) -> None:
    """Rename the finished temporary file over `path`, durably."""
    os.replace(temporary_path(path), path)
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make renames, creations and deletions in `directory` survive a power loss."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def load(path: Path) -> dict[str, Any] | None:
    """The snapshot in `path`, or None when there is no file yet; anything else is refused."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise StateFileError(texts.SNAPSHOT_EMPTY.format(format=FORMAT))
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise StateFileError(texts.SNAPSHOT_NOT_JSON.format(error=error)) from error
    if not isinstance(data, dict):
        kind = _JSON_KINDS.get(type(data), "something else")
        raise StateFileError(texts.SNAPSHOT_NOT_OBJECT.format(format=FORMAT, kind=kind))
    if data.get("format") not in (FORMAT, FORMAT_1):
        raise StateFileError(
            texts.SNAPSHOT_FILE_FORMAT.format(format=FORMAT, found=data.get("format"))
        )
    return data
