"""App-wide configuration: the persistent menu and message templates."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import InvalidField, TemplateNotFound, UnknownTemplateName
from ..ids import IdFactory
from .attachments import AttachmentOperations
from .fields import is_http_url
from .inputs import MenuInput, MenuItemInput
from .message_rules import complete_content
from .models import JsonObject, MessageInput, Template

DEFAULT_MENU_SETTINGS: JsonObject = {"inputEnabled": True}


class AppConfigOperations(AttachmentOperations):
    """Templates read attachments too: a media template's `mediaSize`."""

    def get_menu(self, app_id: str) -> JsonObject:
        return self.app_state(app_id).menu

    def update_menu(self, app_id: str, given: MenuInput) -> JsonObject:
        menu = build_menu(given, self.ids)
        self.app_state(app_id).menu = menu
        return menu

    def delete_menu(self, app_id: str) -> JsonObject:
        state = self.app_state(app_id)
        state.menu = {"items": []}
        return state.menu

    # -- templates -----------------------------------------------------------------------------

    def create_template(
        self, app_id: str, name: str, message: JsonObject, given: MessageInput
    ) -> Template:
        """A template whose message (`given`, shown as `message`) meets the rules of a posted
        message, so shorthand can post it later."""
        state = self.app_state(app_id)
        complete_content(given, self.ids)
        template = Template(id=self.ids.object_id(), name=name, message=message, given=given)
        state.templates[template.id] = template
        return template

    def list_templates(self, app_id: str) -> list[Template]:
        return list(self.app_state(app_id).templates.values())

    def get_template(self, app_id: str, template_id: str) -> Template:
        template = self.app_state(app_id).templates.get(template_id)
        if template is None:
            raise TemplateNotFound()
        return template

    def template_input(self, app_id: str, name: str) -> MessageInput:
        """The message of the template called `name` (shorthand `%{{template: name}}%`); 400
        when the app has none, so a typo never goes out as text."""
        for template in self.app_state(app_id).templates.values():
            if template.name == name and template.given is not None:
                return template.given
        raise UnknownTemplateName(name=name)

    def update_template(
        self,
        app_id: str,
        template_id: str,
        name: str | None,
        message: JsonObject | None = None,
        given: MessageInput | None = None,
    ) -> Template:
        template = self.get_template(app_id, template_id)
        if message is not None and given is not None:
            complete_content(given, self.ids)
            template.message, template.given = message, given
        if name is not None:
            template.name = name
        return template

    def delete_template(self, app_id: str, template_id: str) -> None:
        self.get_template(app_id, template_id)
        del self.app_state(app_id).templates[template_id]


def build_menu(given: MenuInput, ids: IdFactory) -> JsonObject:
    """The stored menu: ids for every item, and its settings (`inputEnabled: true` unless given,
    as a configured menu shows them in live 2018 recordings)."""
    settings = dict(DEFAULT_MENU_SETTINGS)
    if given.input_enabled is not None:
        settings["inputEnabled"] = given.input_enabled
    items = [_menu_item(item, ids, f"menu.items[{i}]") for i, item in enumerate(given.items)]
    return {"items": items, "settings": settings}


def _menu_item(item: MenuItemInput, ids: IdFactory, where: str) -> JsonObject:
    result: JsonObject = {"_id": ids.object_id(), "type": item.type, "text": item.text}
    if item.type == "link":
        # Menus open on every channel; the schema's URL rule is wider (mailto:, tel:...).
        if item.uri is None or not is_http_url(item.uri):
            raise InvalidField(texts.FIELD_NOT_URL, field=f"{where}.uri")
        result["uri"] = item.uri
    elif item.type == "postback":
        result["payload"] = item.payload
    else:
        result["items"] = [
            _menu_item(child, ids, f"{where}.items[{i}]") for i, child in enumerate(item.items)
        ]
    return result
