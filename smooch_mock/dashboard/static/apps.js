// The apps list (with a create-app form) and one app's overview page.
import { config, control, enc, smooch } from './api.js';
import { announce, appHref, attempt, h, nextId } from './ui.js';

export async function renderList(root) {
  const list = h('div', { class: 'card-grid' });
  const nameId = nextId('app-name');
  const form = h(
    'form',
    { class: 'inline-form', onsubmit: (event) => create(event) },
    h('label', { for: nameId }, 'New app name'),
    h('input', { id: nameId, name: 'name', required: true, placeholder: 'My app', autocomplete: 'off' }),
    h('button', { type: 'submit', class: 'primary' }, 'Create app'),
  );
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Apps')),
    h('p', { class: 'lead' }, 'Every app of this fake. Apps are created through the Smooch API with the account key ',
      h('code', {}, config.accountKeyId), '.'),
    list,
    h('h2', {}, 'Create an app'),
    form,
  );

  async function load() {
    const body = await smooch('GET', '/apps');
    list.replaceChildren(...body.apps.map(card));
    if (!body.apps.length) list.append(h('p', { class: 'muted' }, 'No app yet: create one below.'));
  }

  async function create(event) {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    const body = await attempt(() => smooch('POST', '/apps', { name }), 'Creating the app');
    if (!body) return;
    form.reset();
    announce(`App ${body.app.name} created`);
    await attempt(load, 'Loading apps');
  }

  await load();
  return {};
}

function card(app) {
  return h(
    'article',
    { class: 'card app-card' },
    h('h2', {}, h('a', { href: appHref(app._id) }, app.name)),
    h('p', { class: 'mono small' }, app._id),
    h(
      'p',
      { class: 'links' },
      h('a', { href: appHref(app._id, 'webhooks') }, 'Webhooks'),
      h('a', { href: appHref(app._id, 'conversations') }, 'Conversations'),
      h('a', { href: appHref(app._id, 'deliveries') }, 'Delivery log'),
    ),
  );
}

export async function renderOverview(root, ctx) {
  const appPath = `/apps/${enc(ctx.appId)}`;
  const [appBody, hooks, users, log] = await Promise.all([
    smooch('GET', appPath),
    smooch('GET', `${appPath}/webhooks`),
    control('GET', `${appPath}/appusers`),
    control('GET', `${appPath}/deliveries`),
  ]);
  const app = appBody.app;
  const failed = log.deliveries.filter((d) => d.state === 'failed').length;
  const stat = (section, label, value, note) =>
    h('a', { class: 'card stat', href: appHref(ctx.appId, section) },
      h('span', { class: 'stat-value' }, String(value)), h('span', { class: 'stat-label' }, label),
      note ? h('span', { class: 'stat-note' }, note) : null);
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, app.name)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'App id'), h('dd', { class: 'mono' }, app._id),
      h('dt', {}, 'App token'), h('dd', { class: 'mono' }, app.appToken),
      h('dt', {}, 'API base'), h('dd', { class: 'mono' }, `${location.origin}/v1.1/apps/${app._id}`)),
    h('div', { class: 'card-grid stats' },
      stat('webhooks', 'webhooks', hooks.webhooks.length),
      stat('conversations', 'app users', users.appUsers.length),
      stat('deliveries', 'deliveries', log.deliveries.length, failed ? `${failed} failed` : ''),
      stat('trigger', 'triggers to try', config.recipes.length)),
  );
  return {};
}
