"""Saving and loading a fake's whole state: a full-fidelity JSON snapshot, written atomically."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO

from .. import error_texts as texts
from ..store import Store
from ..store.models import (
    App,
    AppState,
    AppUser,
    Attachment,
    Client,
    Conversation,
    Deployment,
    Integration,
    Message,
    Notification,
    SecretKey,
    ServiceAccount,
    Template,
    Webhook,
)

FORMAT = "smooch-mock-state/1"
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
                "appUsers": [_app_user_json(u) for u in state.app_users.values()],
                "webhooks": [asdict(w) for w in state.webhooks.values()],
                "menu": state.menu,
                "templates": [asdict(t) for t in state.templates.values()],
                "integrations": [asdict(i) for i in state.integrations.values()],
                "notifications": [asdict(n) for n in state.notifications.values()],
            }
            for state in store.apps.values()
        ],
    }


def restore(store: Store, data: dict[str, Any]) -> None:
    """Replace the store's state with a snapshot's."""
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
        for raw in entry["appUsers"]:
            user = _app_user(raw)
            state.app_users[user.id] = user
            if user.user_id is not None:
                state.user_ids[user.user_id] = user.id
        state.webhooks = {w["id"]: Webhook(**w) for w in entry["webhooks"]}
        state.templates = {t["id"]: Template(**t) for t in entry["templates"]}
        state.integrations = {i["id"]: Integration(**i) for i in entry["integrations"]}
        state.notifications = {n["id"]: Notification(**n) for n in entry["notifications"]}
        store.apps[state.app.id] = state


def _app_user_json(user: AppUser) -> dict[str, Any]:
    raw = asdict(user)
    for message in raw["conversation"]["messages"]:
        del message["rendered"]  # a cache of the API layers, not state
    return raw


def _app_user(raw: dict[str, Any]) -> AppUser:
    conversation = raw["conversation"]
    messages = [Message(**m) for m in conversation["messages"]]
    return AppUser(
        **{
            **raw,
            "conversation": Conversation(**{**conversation, "messages": messages}),
            "clients": [Client(**c) for c in raw["clients"]],
            "pending_clients": [Client(**c) for c in raw["pending_clients"]],
        }
    )


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
    if data.get("format") != FORMAT:
        raise StateFileError(
            texts.SNAPSHOT_FILE_FORMAT.format(format=FORMAT, found=data.get("format"))
        )
    return data
