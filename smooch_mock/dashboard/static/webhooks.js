// The Webhook page: list, create, edit and delete webhooks through the Smooch API, as any client would.
import { config, enc, smooch } from './api.js';
import { chaosControl } from './chaos.js';
import { announce, attempt, copyText, h, nextId, readTargetAndTriggers, showError } from './ui.js';

const GROUPS = [
  ['message', 'Message'],
  ['conversation', 'Conversation'],
  ['delivery', 'Delivery'],
  ['link', 'Link'],
  ['client', 'Client and user'],
  ['notification', 'Notification'],
];

const DESCRIPTIONS = {
  message: 'any message, user or business (v1)',
  'message:appUser': 'the user sends a message',
  'message:appMaker': 'the business sends a message',
  postback: 'the user taps a postback button',
  'typing:appUser': 'the user starts or stops typing',
  'payment:success': 'a buy action was paid',
  'conversation:start': 'the user opts in on a channel',
  'conversation:read': 'the user reads the conversation',
  'conversation:referral': 'a code scan or ad click',
  'delivery:success': 'a channel accepted a message (v1)',
  'delivery:failure': 'a channel rejected a message (v1)',
  'message:delivery:channel': 'the channel accepted the message',
  'message:delivery:user': 'the user received the message',
  'message:delivery:failure': 'delivery failed',
  'link:match': 'the external user was found',
  'link:success': 'the channel link completed',
  'link:failure': 'the channel link failed',
  'client:add': 'a client is added to a user',
  'client:remove': 'a client is removed',
  'merge:appUser': 'two users were merged',
  'appUser:delete': 'a user was deleted',
  'notification:delivery:channel': 'the channel accepted a notification',
  'notification:delivery:user': 'the user received a notification',
  'notification:delivery:failure': 'a notification failed',
};

export function groupOf(trigger) {
  if (trigger.startsWith('notification:')) return 'notification';
  if (trigger.startsWith('link:')) return 'link';
  if (trigger.startsWith('delivery:') || trigger.startsWith('message:delivery:')) return 'delivery';
  if (trigger.startsWith('conversation:')) return 'conversation';
  if (/^(client|appUser|merge):/.test(trigger)) return 'client';
  return 'message';
}

export async function render(root, ctx) {
  const collection = `/apps/${enc(ctx.appId)}/webhooks`;
  const formSlot = h('div', { class: 'form-slot' });
  const list = h('div', { class: 'webhook-list' });
  const addButton = h('button', { type: 'button', class: 'primary', onclick: () => openForm(null) }, 'Add webhook');
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Webhooks'), addButton),
    h('p', { class: 'lead' },
      'Turn webhooks on for this app: give a target URL and pick the events it should be notified of. ',
      'Every change here is a call to the Smooch API (', h('code', {}, `/v1.1/apps/${ctx.appId}/webhooks`),
      ') with the account key, exactly as your own code would make it.'),
    formSlot,
    list,
  );

  let webhooks = [];

  async function load() {
    webhooks = (await smooch('GET', collection)).webhooks;
    list.replaceChildren(...webhooks.map(webhookCard));
    if (!webhooks.length) {
      list.append(h('p', { class: 'empty' }, 'No webhook yet. Add one to have events POSTed to your target.'));
    }
    addButton.disabled = webhooks.length >= 10;
  }

  function webhookCard(webhook) {
    const titleId = nextId('webhook');
    const secret = h('code', { class: 'secret', 'aria-label': 'Secret (hidden)' }, '•'.repeat(16));
    const reveal = h('button', { type: 'button', class: 'small', 'aria-pressed': 'false' }, 'Reveal secret');
    reveal.addEventListener('click', () => {
      const shown = reveal.getAttribute('aria-pressed') !== 'true';
      reveal.setAttribute('aria-pressed', String(shown));
      reveal.textContent = shown ? 'Hide secret' : 'Reveal secret';
      secret.textContent = shown ? webhook.secret : '•'.repeat(16);
      secret.setAttribute('aria-label', shown ? 'Secret' : 'Secret (hidden)');
    });
    const copy = h('button', { type: 'button', class: 'small' }, 'Copy secret');
    copy.addEventListener('click', async () => {
      const done = await copyText(webhook.secret);
      announce(done ? 'Secret copied to the clipboard' : 'Could not copy: reveal the secret and copy it by hand',
        done ? 'info' : 'error');
    });
    const actions = h('div', { class: 'actions' });
    const showActions = () => actions.replaceChildren(
      h('button', { type: 'button', onclick: () => openForm(webhook) }, 'Edit'),
      h('button', { type: 'button', class: 'danger', onclick: askDelete }, 'Delete'),
    );
    function askDelete() {
      const confirm = h('button', { type: 'button', class: 'danger', onclick: remove }, 'Yes, delete it');
      actions.replaceChildren(
        h('span', { class: 'confirm-text' }, 'Delete this webhook?'),
        confirm,
        h('button', { type: 'button', onclick: () => { showActions(); actions.firstChild.focus(); } }, 'Cancel'),
      );
      confirm.focus();
    }
    async function remove() {
      const done = await attempt(
        () => smooch('DELETE', `/apps/${enc(ctx.appId)}/webhooks/${enc(webhook._id)}`, undefined, webhook.version),
        'Deleting the webhook');
      if (done === undefined) return;
      announce('Webhook deleted');
      await attempt(load, 'Loading webhooks');
      addButton.focus();
    }
    showActions();
    return h('article', { class: 'card webhook', 'aria-labelledby': titleId, dataset: { webhookId: webhook._id } },
      h('div', { class: 'card-head' },
        h('h2', { id: titleId, class: 'target' }, webhook.target),
        h('span', { class: 'badge' }, webhook.version)),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Events'),
        h('dd', {}, h('ul', { class: 'chips' }, webhook.triggers.map((t) => h('li', { class: 'chip' }, t)))),
        h('dt', {}, 'Payload'),
        h('dd', {}, [
          webhook.includeClient ? 'includes the client' : 'no client',
          webhook.includeFullAppUser ? 'full appUser' : 'truncated appUser',
        ].join(' · ')),
        h('dt', {}, 'Id'), h('dd', { class: 'mono' }, webhook._id),
        h('dt', {}, 'Secret'),
        h('dd', { class: 'secret-row' }, secret, reveal, copy,
          h('span', { class: 'hint' }, 'sent as the X-API-Key header'))),
      chaosControl(ctx.appId, webhook),
      actions);
  }

  function openForm(webhook) {
    const editing = webhook !== null;
    const titleId = nextId('form-title');
    const targetId = nextId('target');
    // Each error sits by what it is about and is scrolled into view: a long form must not hide it.
    const error = h('p', { class: 'form-error', role: 'alert' });
    const targetErrorId = nextId('target-error');
    const targetError = h('p', { class: 'form-error field-error', id: targetErrorId, role: 'alert' });
    const triggersError = h('p', { class: 'form-error field-error', role: 'alert' });
    const version = editing ? webhook.version : 'v1.1';
    const chosen = new Set(editing ? webhook.triggers : []);
    const triggersBox = h('div', { class: 'trigger-groups' });
    const versionBox = h('fieldset', { class: 'versions' }, h('legend', {}, 'API version'),
      ['v1.1', 'v1'].map((v) => {
        const id = nextId('version');
        return h('span', { class: 'check' },
          h('input', { type: 'radio', name: 'version', id, value: v, checked: v === version, disabled: editing,
            onchange: () => drawTriggers(v) }),
          h('label', { for: id }, v === 'v1.1' ? 'v1.1 (current)' : 'v1 (legacy payloads)'));
      }),
      editing ? h('p', { class: 'hint' }, 'The version of a webhook is the API version that created it.') : null);
    const option = (name, label, hint) => {
      const id = nextId(name);
      const hintId = `${id}-hint`;
      return h('div', { class: 'check' },
        h('input', { type: 'checkbox', id, name, checked: editing && webhook[name], 'aria-describedby': hintId }),
        h('label', { for: id }, label), h('small', { id: hintId, class: 'hint' }, hint));
    };
    const form = h('form', { class: 'card webhook-form', 'aria-labelledby': titleId, novalidate: true },
      h('h2', { id: titleId }, editing ? 'Edit webhook' : 'New webhook'),
      h('div', { class: 'field' },
        h('label', { for: targetId }, 'Target URL'),
        h('input', { id: targetId, name: 'target', type: 'url', required: true, autocomplete: 'off',
          'aria-describedby': targetErrorId,
          placeholder: 'https://example.com/smooch/webhook', value: editing ? webhook.target : '' }),
        targetError),
      versionBox,
      h('fieldset', { class: 'triggers' }, h('legend', {}, 'Events to be notified of'), triggersError, triggersBox),
      h('fieldset', { class: 'options' }, h('legend', {}, 'Payload options'),
        option('includeClient', 'includeClient', 'add the client (channel) the event came through'),
        option('includeFullAppUser', 'includeFullAppUser', 'send the whole appUser, not just its id')),
      error,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, editing ? 'Save changes' : 'Create webhook'),
        h('button', { type: 'button', onclick: close }, 'Cancel')));

    function drawTriggers(v) {
      for (const box of triggersBox.querySelectorAll('input:checked')) chosen.add(box.value);
      for (const box of triggersBox.querySelectorAll('input:not(:checked)')) chosen.delete(box.value);
      const known = config.triggers[v];
      const check = (trigger, label, hint) => {
        const id = nextId('trigger');
        const hintId = `${id}-hint`;
        return h('div', { class: 'check' },
          h('input', { type: 'checkbox', id, name: 'trigger', value: trigger, checked: chosen.has(trigger),
            'aria-describedby': hintId }),
          h('label', { for: id }, label),
          h('small', { id: hintId, class: 'hint' }, hint));
      };
      triggersBox.replaceChildren(
        h('div', { class: 'wildcard' },
          check(config.wildcard, `All events (${config.wildcard})`, 'every trigger except typing:appUser')),
        ...GROUPS.map(([group, label]) => {
          const names = known.filter((t) => groupOf(t) === group);
          return h('fieldset', { class: 'trigger-group' }, h('legend', {}, label),
            names.map((t) => check(t, t, DESCRIPTIONS[t] || '')));
        }),
      );
    }

    function close() {
      formSlot.replaceChildren();
      addButton.focus();
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const slot of [error, targetError, triggersError]) slot.textContent = '';
      const picked = readTargetAndTriggers(form, { targetError, triggersError, triggersBox });
      if (!picked) return;
      const body = {
        ...picked,
        includeClient: form.elements.includeClient.checked,
        includeFullAppUser: form.elements.includeFullAppUser.checked,
      };
      const chosenVersion = form.querySelector('input[name=version]:checked').value;
      const saved = await attempt(async () => {
        try {
          if (editing) {
            const path = `/apps/${enc(ctx.appId)}/webhooks/${enc(webhook._id)}`;
            return await smooch('PUT', path, body, webhook.version);
          }
          return await smooch('POST', `/apps/${enc(ctx.appId)}/webhooks`, body, chosenVersion);
        } catch (failure) {
          showError(error, failure.message, null);
          throw failure;
        }
      }, editing ? 'Saving the webhook' : 'Creating the webhook');
      if (!saved) return;
      announce(editing ? 'Webhook saved' : `Webhook created for ${saved.webhook.target}`);
      formSlot.replaceChildren();
      await attempt(load, 'Loading webhooks');
      const card = list.querySelector(`[data-webhook-id="${saved.webhook._id}"]`);
      if (card) card.querySelector('button').focus();
    });

    drawTriggers(version);
    formSlot.replaceChildren(form);
    form.elements.target.focus();
  }

  await load();
  if (!webhooks.length) openForm(null);
  return {};
}
