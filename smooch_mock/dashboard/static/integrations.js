// The Integrations page: the app's integrations through the v2 API; custom integrations with their
// webhooks are created, changed and deleted there, as any v2 client would (v1 webhooks show up as
// custom integrations, in their v1 shape).
import { enc, smooch } from './api.js';
import { webhookForm } from './integration_form.js';
import { switchboardCard } from './switchboard.js';
import { announce, appHref, attempt, copyText, fill, h, nextId } from './ui.js';
import { integrationName, integrations } from './v2.js';

export async function render(root, ctx) {
  const collection = `/apps/${enc(ctx.appId)}/integrations`;
  const formSlot = h('div', { class: 'form-slot' });
  const list = h('div', { class: 'integration-list' });
  const channelList = h('div', { class: 'integration-list' });
  const channels = h('section', { class: 'channel-integrations', 'aria-labelledby': 'channels-title', hidden: true },
    h('h2', { id: 'channels-title' }, 'Channel integrations'), channelList);
  const board = switchboardCard(ctx, () => found);
  const addButton = h('button', { type: 'button', class: 'primary', onclick: openCreate }, 'Add custom integration');
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Integrations'), addButton),
    h('p', { class: 'lead' },
      'The integrations of this app as the v2 API lists them. A custom integration is your code: its webhook ',
      'receives v2 events. Every change here is a call to ', h('code', {}, `/v2/apps/${ctx.appId}/integrations`),
      ' with the account key. v1 webhooks appear as custom integrations too, in their v1 shape ',
      '(edit them on the ', h('a', { href: appHref(ctx.appId, 'webhooks') }, 'Webhooks'), ' page).'),
    formSlot,
    h('h2', {}, 'Custom integrations'),
    list,
    board.element,
    channels);

  let found = [];

  async function load() {
    const all = await integrations(ctx.appId);
    found = await Promise.all(all.map(async (integration) => {
      if (integration.type !== 'custom') return { integration, webhooks: [] };
      const body = await smooch('GET', `${collection}/${enc(integration.id)}/webhooks`, undefined, 'v2');
      return { integration, webhooks: body.webhooks };
    }));
    if (!ctx.isCurrent()) return;
    const customs = found.filter(({ integration }) => integration.type === 'custom');
    const others = found.filter(({ integration }) => integration.type !== 'custom');
    list.replaceChildren(...customs.map(card));
    if (!customs.length) {
      list.append(h('p', { class: 'empty' }, 'No custom integration yet. Add one to receive v2 events.'));
    }
    channelList.replaceChildren(...others.map(card));
    channels.hidden = !others.length;
    board.draw();
  }

  function openCreate() {
    const form = webhookForm({
      heading: 'New custom integration',
      named: true,
      submitLabel: 'Create integration',
      close: closeForm,
      save: async (webhook, displayName) => {
        const body = await smooch('POST', collection, { type: 'custom', displayName, webhooks: [webhook] }, 'v2');
        announce(`Custom integration ${integrationName(body.integration)} created`);
        closeForm();
        await attempt(load, 'Loading integrations');
      },
    });
    formSlot.replaceChildren(form);
    form.querySelector('input').focus();
  }

  function closeForm() {
    formSlot.replaceChildren();
    addButton.focus();
  }

  function card({ integration, webhooks }) {
    const titleId = nextId('integration');
    const path = `${collection}/${enc(integration.id)}`;
    const slot = h('div', { class: 'form-slot' });
    const actions = h('div', { class: 'actions' });
    const custom = integration.type === 'custom';
    const showActions = () => fill(actions,
      custom ? h('button', { type: 'button', onclick: () => openWebhook(null) }, 'Add webhook') : null,
      h('button', { type: 'button', class: 'danger', onclick: askDelete }, 'Delete integration'));
    function askDelete() {
      const confirm = h('button', { type: 'button', class: 'danger', onclick: remove }, 'Yes, delete it');
      actions.replaceChildren(h('span', { class: 'confirm-text' }, 'Delete this integration and its webhooks?'),
        confirm, h('button', { type: 'button', onclick: showActions }, 'Cancel'));
      confirm.focus();
    }
    async function remove() {
      const done = await attempt(() => smooch('DELETE', path, undefined, 'v2'), 'Deleting the integration');
      if (done === undefined) return;
      announce('Integration deleted');
      await attempt(load, 'Loading integrations');
      addButton.focus();
    }
    function openWebhook(webhook) {
      const form = webhookForm({
        heading: webhook ? 'Edit webhook' : 'New webhook',
        webhook,
        submitLabel: webhook ? 'Save webhook' : 'Create webhook',
        close: () => slot.replaceChildren(),
        save: async (body) => {
          if (webhook) await smooch('PATCH', `${path}/webhooks/${enc(webhook.id)}`, body, 'v2');
          else await smooch('POST', `${path}/webhooks`, body, 'v2');
          announce(webhook ? 'Webhook saved' : 'Webhook created');
          await attempt(load, 'Loading integrations');
        },
      });
      slot.replaceChildren(form);
      form.querySelector('input').focus();
    }
    showActions();
    return h('article', { class: 'card integration', 'aria-labelledby': titleId, dataset: { integrationId: integration.id } },
      h('div', { class: 'card-head' },
        h('h3', { id: titleId }, integrationName(integration)),
        h('span', { class: 'badge' }, integration.type),
        integration.status ? h('span', { class: 'hint' }, integration.status) : null),
      h('p', { class: 'mono small' }, integration.id),
      custom ? h('ul', { class: 'integration-webhooks', 'aria-label': 'Webhooks' },
        webhooks.map((w) => h('li', {}, webhookRow(ctx, path, w, () => openWebhook(w), load)))) : null,
      slot,
      actions);
  }

  await load();
  return {
    onLive(event) {
      if (event.event === 'SwitchboardControlChanged') board.draw();
    },
  };
}

function webhookRow(ctx, path, webhook, edit, reload) {
  const v2 = webhook.version === 'v2';
  const secret = h('code', { class: 'secret' }, '•'.repeat(16));
  const reveal = h('button', { type: 'button', class: 'small', 'aria-pressed': 'false' }, 'Reveal secret');
  reveal.addEventListener('click', () => {
    const shown = reveal.getAttribute('aria-pressed') !== 'true';
    reveal.setAttribute('aria-pressed', String(shown));
    reveal.textContent = shown ? 'Hide secret' : 'Reveal secret';
    secret.textContent = shown ? webhook.secret : '•'.repeat(16);
  });
  const copy = h('button', { type: 'button', class: 'small' }, 'Copy secret');
  copy.addEventListener('click', async () => {
    const done = await copyText(webhook.secret);
    announce(done ? 'Secret copied to the clipboard' : 'Could not copy the secret', done ? 'info' : 'error');
  });
  const actions = h('div', { class: 'actions' });
  const showActions = () => fill(actions,
    v2 ? h('button', { type: 'button', class: 'small', onclick: edit }, 'Edit webhook') : null,
    v2 ? h('button', { type: 'button', class: 'small danger', onclick: askDelete }, 'Delete webhook')
      : h('a', { href: appHref(ctx.appId, 'webhooks') }, `A ${webhook.version} webhook: edit it on the Webhooks page`));
  function askDelete() {
    const confirm = h('button', { type: 'button', class: 'small danger', onclick: remove }, 'Yes, delete the webhook');
    actions.replaceChildren(confirm, h('button', { type: 'button', class: 'small', onclick: showActions }, 'Cancel'));
    confirm.focus();
  }
  async function remove() {
    const done = await attempt(() => smooch('DELETE', `${path}/webhooks/${enc(webhook.id)}`, undefined, 'v2'),
      'Deleting the webhook');
    if (done === undefined) return;
    announce('Webhook deleted');
    await attempt(reload, 'Loading integrations');
  }
  showActions();
  return h('div', { class: 'integration-webhook', dataset: { webhookId: webhook.id } },
    h('div', { class: 'card-head' },
      h('h4', { class: 'target' }, webhook.target), h('span', { class: 'badge' }, webhook.version)),
    h('ul', { class: 'chips' }, webhook.triggers.map((t) => h('li', { class: 'chip' }, t))),
    h('p', { class: 'hint' }, v2
      ? [webhook.includeFullUser ? 'full user' : 'truncated user',
        webhook.includeFullSource ? 'full source' : 'truncated source'].join(' · ')
      : 'v1 trigger names and payloads'),
    h('p', { class: 'secret-row' }, secret, reveal, copy, h('span', { class: 'hint' }, 'sent as X-API-Key')),
    actions);
}
