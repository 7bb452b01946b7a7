// The form of a v2 webhook (target, v2 triggers, includeFullUser / includeFullSource), alone or as
// the one webhook of a new custom integration (with its display name).
import { config } from './api.js';
import { h, nextId, readTargetAndTriggers, showError } from './ui.js';

const GROUPS = [
  ['conversation', 'Conversation'],
  ['delivery', 'Message delivery'],
  ['switchboard', 'Switchboard'],
  ['client', 'Client'],
  ['user', 'User'],
];

/** The group of a v2 event type in the form: `conversation:message:delivery:user` → delivery. */
export function v2GroupOf(trigger) {
  if (trigger.startsWith('conversation:message:delivery:')) return 'delivery';
  const prefix = trigger.split(':')[0];
  return GROUPS.some(([group]) => group === prefix) ? prefix : 'conversation';
}

/**
 * `webhook` to edit (or null to create); `named` adds the integration's display name. `save(body)`
 * calls the API and throws on failure: its message is shown in the form (role=alert).
 */
export function webhookForm({ heading, webhook = null, named = false, submitLabel, save, close }) {
  const titleId = nextId('form-title');
  const targetId = nextId('target');
  const nameId = nextId('integration-name');
  const error = h('p', { class: 'form-error', role: 'alert' });
  const targetErrorId = nextId('target-error');
  const targetError = h('p', { class: 'form-error field-error', id: targetErrorId, role: 'alert' });
  const triggersError = h('p', { class: 'form-error field-error', role: 'alert' });
  const chosen = new Set(webhook ? webhook.triggers : ['conversation:message']);
  const check = (name, label, checked) => {
    const id = nextId(name);
    return h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, name, value: label, checked }), h('label', { for: id }, label));
  };
  const triggersBox = h('div', { class: 'trigger-groups' }, GROUPS.map(([group, label]) =>
    h('fieldset', { class: 'trigger-group' }, h('legend', {}, label),
      config.triggers.v2.filter((t) => v2GroupOf(t) === group).map((t) => check('trigger', t, chosen.has(t))))));
  const form = h('form', { class: 'card webhook-form integration-form', 'aria-labelledby': titleId, novalidate: true },
    h('h2', { id: titleId }, heading),
    named ? h('div', { class: 'field' }, h('label', { for: nameId }, 'Display name'),
      h('input', { id: nameId, name: 'displayName', autocomplete: 'off', maxlength: 100, placeholder: 'My bot' })) : null,
    h('div', { class: 'field' },
      h('label', { for: targetId }, 'Webhook target URL'),
      h('input', { id: targetId, name: 'target', type: 'url', required: true, autocomplete: 'off',
        'aria-describedby': targetErrorId, placeholder: 'https://example.com/sunshine/webhook',
        value: webhook ? webhook.target : '' }),
      targetError),
    h('fieldset', { class: 'triggers' }, h('legend', {}, 'v2 events to be notified of'), triggersError, triggersBox),
    h('fieldset', { class: 'options' }, h('legend', {}, 'Payload options'),
      check('includeFullUser', 'includeFullUser', Boolean(webhook && webhook.includeFullUser)),
      check('includeFullSource', 'includeFullSource', Boolean(webhook && webhook.includeFullSource))),
    error,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, submitLabel),
      h('button', { type: 'button', onclick: close }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const slot of [error, targetError, triggersError]) slot.textContent = '';
    const picked = readTargetAndTriggers(form, { targetError, triggersError, triggersBox });
    if (!picked) return;
    const body = {
      ...picked,
      includeFullUser: form.querySelector('input[name=includeFullUser]').checked,
      includeFullSource: form.querySelector('input[name=includeFullSource]').checked,
    };
    const displayName = named ? form.elements.displayName.value.trim() : '';
    try {
      await save(body, displayName || undefined);
    } catch (failure) {
      showError(error, failure.message, null);
    }
  });
  return form;
}
