"""App-wide configuration: the persistent menu and message templates."""

from __future__ import annotations

import copy
from typing import Any

from .. import error_texts as texts
from ..errors import InvalidField, TemplateNotFound, UnknownTemplateName
from . import fields as f
from .attachments import AttachmentOperations
from .message_rules import parse_message
from .models import JsonObject, Template

MENU_ITEM_TYPES = ("link", "postback", "submenu")
DEFAULT_MENU_SETTINGS: JsonObject = {"inputEnabled": True}


class AppConfigOperations(AttachmentOperations):
    """Templates read attachments too: a media template's `mediaSize`."""

    def get_menu(self, app_id: str) -> JsonObject:
        return self.app_state(app_id).menu

    def update_menu(self, app_id: str, body: JsonObject) -> JsonObject:
        menu = self.parse_menu(body)
        self.app_state(app_id).menu = menu
        return menu

    def delete_menu(self, app_id: str) -> JsonObject:
        state = self.app_state(app_id)
        state.menu = {"items": []}
        return state.menu

    def parse_menu(self, body: JsonObject) -> JsonObject:
        items = f.array(body, "items", "menu", required=True)
        assert items is not None
        menu: JsonObject = {
            "items": [self._menu_item(item, f"menu.items[{i}]", 0) for i, item in enumerate(items)]
        }
        settings = body.get("settings")
        if settings is not None:
            settings = f.require_object(settings, "menu.settings")
            f.boolean(settings, "inputEnabled", "menu.settings")
        # A configured menu shows its settings, `inputEnabled: true` unless given (live 2018).
        menu["settings"] = {**DEFAULT_MENU_SETTINGS, **(settings or {})}
        return menu

    def _menu_item(self, item: Any, where: str, depth: int) -> JsonObject:
        item = f.require_object(item, where)
        kind = f.one_of(item, "type", MENU_ITEM_TYPES, where, required=True)
        result: JsonObject = {
            "_id": self.ids.object_id(),
            "type": kind,
            "text": f.required_string(item, "text", where),
        }
        if kind == "link":
            result["uri"] = f.http_url(item, "uri", where, required=True)
        elif kind == "postback":
            result["payload"] = f.required_string(item, "payload", where)
        else:
            if depth > 0:
                raise InvalidField(texts.SUBMENU_NESTED, where=where)
            children = f.array(item, "items", where, required=True) or []
            result["items"] = [
                self._menu_item(c, f"{where}.items[{i}]", depth + 1) for i, c in enumerate(children)
            ]
        return result

    # -- templates -----------------------------------------------------------------------------

    def create_template(self, app_id: str, name: str, message: Any) -> Template:
        state = self.app_state(app_id)
        template = Template(
            id=self.ids.object_id(), name=name, message=self._template_message(message)
        )
        state.templates[template.id] = template
        return template

    def list_templates(self, app_id: str) -> list[Template]:
        return list(self.app_state(app_id).templates.values())

    def get_template(self, app_id: str, template_id: str) -> Template:
        template = self.app_state(app_id).templates.get(template_id)
        if template is None:
            raise TemplateNotFound()
        return template

    def template_message(self, app_id: str, name: str) -> JsonObject:
        """A copy of the message of the template called `name` (shorthand
        `%{{template: name}}%`); 400 when the app has none, so a typo never goes out as text."""
        for template in self.app_state(app_id).templates.values():
            if template.name == name:
                return copy.deepcopy(template.message)
        raise UnknownTemplateName(name=name)

    def update_template(
        self, app_id: str, template_id: str, name: str | None, message: Any
    ) -> Template:
        template = self.get_template(app_id, template_id)
        if name is not None:
            template.name = name
        if message is not None:
            template.message = self._template_message(message)
        return template

    def delete_template(self, app_id: str, template_id: str) -> None:
        self.get_template(app_id, template_id)
        del self.app_state(app_id).templates[template_id]

    def _template_message(self, message: Any) -> JsonObject:
        """Validated like a posted message, stored nearly as given (live 2018 recordings): no
        action ids, but `uri: ""` on postback and reply actions and `mediaSize` on media."""
        parse_message(message, self.ids, where="message")
        stored: JsonObject = dict(message)
        if isinstance(stored.get("actions"), list):
            stored["actions"] = [_stored_template_action(a) for a in stored["actions"]]
        if isinstance(stored.get("items"), list):
            stored["items"] = [
                {**item, "actions": [_stored_template_action(a) for a in item["actions"]]}
                for item in stored["items"]
            ]
        if stored.get("type") in ("image", "file"):
            stored["mediaSize"] = self.media_size(stored["mediaUrl"])
        return stored


def _stored_template_action(action: JsonObject) -> JsonObject:
    if action.get("type") in ("postback", "reply"):
        return {"uri": "", **action}
    return dict(action)
