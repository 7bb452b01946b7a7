// The app's switchboard on the Integrations page: create it, turn it on or off, add and remove
// its switchboard integrations and choose the default one, through the v2 API.
import { enc, smooch } from './api.js';
import { announce, h, nextId } from './ui.js';
import { integrationName, switchboardOf } from './v2.js';

/** `listed()` gives the page's integrations (`[{integration, webhooks}]`) when drawn. */
export function switchboardCard(ctx, listed) {
  const boards = `/apps/${enc(ctx.appId)}/switchboards`;
  const titleId = nextId('switchboard');
  const element = h('section', { class: 'card switchboard', 'aria-labelledby': titleId });
  const error = h('p', { class: 'form-error', role: 'alert' });

  async function call(what, method, path, body) {
    error.textContent = '';
    try {
      await smooch(method, path, body, 'v2');
      announce(what);
    } catch (failure) {
      error.textContent = `${what} failed: ${failure.message}`;
    }
    await draw();
  }

  async function draw() {
    let found;
    try {
      found = await switchboardOf(ctx.appId);
    } catch (failure) {
      error.textContent = `Could not read the switchboard: ${failure.message}`;
      element.replaceChildren(h('h2', { id: titleId }, 'Switchboard'), error);
      return;
    }
    const title = h('h2', { id: titleId }, 'Switchboard');
    if (!found) {
      element.replaceChildren(title,
        h('p', { class: 'hint' }, 'No switchboard: conversations are not handed between integrations.'),
        h('button', { type: 'button', onclick: () => call('Switchboard created', 'POST', boards) }, 'Create a switchboard'),
        error);
      return;
    }
    const { switchboard, members } = found;
    const path = `${boards}/${enc(switchboard.id)}`;
    const byId = new Map(listed().map(({ integration }) => [integration.id, integration]));
    element.replaceChildren(
      h('div', { class: 'card-head' }, title,
        h('span', { class: `badge ${switchboard.enabled ? 'state-delivered' : ''}` }, switchboard.enabled ? 'on' : 'off'),
        h('button', { type: 'button', class: 'small', onclick: () => call(
          switchboard.enabled ? 'Switchboard turned off' : 'Switchboard turned on',
          'PATCH', path, { enabled: !switchboard.enabled }) }, switchboard.enabled ? 'Turn off' : 'Turn on')),
      h('p', { class: 'hint' }, 'A new conversation starts with the default switchboard integration in control ',
        '(a user\'s own one at its first message); pass, offer, accept and release control from a conversation.'),
      members.length
        ? h('ul', { class: 'switchboard-members', 'aria-label': 'Switchboard integrations' }, members.map((member) => {
          const isDefault = member.id === switchboard.defaultSwitchboardIntegrationId;
          const integration = byId.get(member.integrationId);
          return h('li', { class: 'switchboard-member' },
            h('span', { class: 'member-name' }, member.name),
            h('span', { class: 'hint' }, ` · ${member.integrationType}`,
              integration ? ` · ${integrationName(integration)}` : ''),
            isDefault ? h('span', { class: 'badge' }, 'default') : null,
            h('span', { class: 'actions' },
              isDefault ? null : h('button', { type: 'button', class: 'small', onclick: () => call(
                `${member.name} is the default`, 'PATCH', path, { defaultSwitchboardIntegrationId: member.id }) },
              'Make default'),
              h('button', { type: 'button', class: 'small danger', onclick: () => call(
                `${member.name} removed`, 'DELETE', `${path}/switchboardIntegrations/${enc(member.id)}`) }, 'Remove')));
        }))
        : h('p', { class: 'empty' }, 'No switchboard integration yet.'),
      memberForm(path, members),
      error);
  }

  function memberForm(path, members) {
    const nameId = nextId('member-name');
    const integrationId = nextId('member-integration');
    const choices = listed().map(({ integration }) => integration).filter((i) => i.type === 'custom');
    const form = h('form', { class: 'inline-form member-form', 'aria-label': 'Add a switchboard integration' },
      h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'),
        h('input', { id: nameId, name: 'name', required: true, autocomplete: 'off', placeholder: members.length ? 'agent' : 'bot' })),
      h('div', { class: 'field' }, h('label', { for: integrationId }, 'Integration'),
        h('select', { id: integrationId, name: 'integrationId' },
          choices.map((i) => h('option', { value: i.id }, integrationName(i))))),
      h('button', { type: 'submit', disabled: !choices.length }, 'Add to the switchboard'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = form.elements.name.value.trim();
      if (!name) {
        error.textContent = 'Give the switchboard integration a name.';
        form.elements.name.focus();
        return;
      }
      call(`${name} added`, 'POST', `${path}/switchboardIntegrations`,
        { name, integrationId: form.elements.integrationId.value });
    });
    return form;
  }

  return { element, draw };
}
