// The apps list (with a create-app form) and one app's overview page.
import { config, control, enc, smooch } from './api.js';
import { announce, appHref, attempt, copyText, h, nextId } from './ui.js';

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
      h('a', { href: appHref(app._id, 'integrations') }, 'Integrations'),
      h('a', { href: appHref(app._id, 'conversations') }, 'Conversations'),
      h('a', { href: appHref(app._id, 'deliveries') }, 'Delivery log'),
    ),
  );
}

export async function renderOverview(root, ctx) {
  const appPath = `/apps/${enc(ctx.appId)}`;
  const [appBody, hooks, conversations, log, failedLog, keysBody] = await Promise.all([
    smooch('GET', appPath),
    smooch('GET', `${appPath}/webhooks`),
    control('GET', `${appPath}/conversations`),
    control('GET', `${appPath}/deliveries?limit=1`),
    control('GET', `${appPath}/deliveries?limit=1&state=failed`),
    smooch('GET', `${appPath}/keys`),
  ]);
  const app = appBody.app;
  const stat = (section, label, value, note) =>
    h('a', { class: 'card stat', href: appHref(ctx.appId, section) },
      h('span', { class: 'stat-value' }, String(value)), h('span', { class: 'stat-label' }, label),
      note ? h('span', { class: 'stat-note' }, note) : null);
  const credentials = h('section', { class: 'card credentials', 'aria-labelledby': 'credentials-title' });
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, app.name)),
    credentials,
    h('div', { class: 'card-grid stats' },
      stat('webhooks', 'webhooks', hooks.webhooks.length),
      stat('conversations', 'conversations', conversations.conversations.length),
      stat('deliveries', 'deliveries', log.total, failedLog.total ? `${failedLog.total} failed` : ''),
      stat('trigger', 'triggers to try', config.recipes.length)),
  );
  drawCredentials(keysBody.keys);

  function drawCredentials(keys) {
    const key = keys[0];
    credentials.replaceChildren(
      h('h2', { id: 'credentials-title' }, 'Credentials'),
      h('p', { class: 'hint' }, 'What your code needs to reach this app on the fake: the app key (scope ',
        h('code', {}, 'app'), ') for this app only, the account key (scope ', h('code', {}, 'account'),
        ') for every app. Basic auth with the key id and secret, or a JWT signed with the secret.'),
      h('dl', { class: 'facts credential-list' },
        credential('App id', app._id),
        credential('App token', app.appToken),
        key ? [credential('App key id', key._id), credential('App key secret', key.secret, true)] : [
          h('dt', {}, 'App key'),
          h('dd', {}, h('span', { class: 'hint' }, 'This app has no key yet. '),
            h('button', { type: 'button', class: 'small', onclick: createKey }, 'Create an app key'))],
        credential('Account key id', config.accountKeyId),
        credential('Account key secret', config.accountSecret, true),
        credential('API host', location.origin)),
    );
  }

  async function createKey() {
    const body = await attempt(() => smooch('POST', `${appPath}/keys`, { name: 'Dashboard key' }), 'Creating a key');
    if (!body) return;
    announce('App key created');
    drawCredentials([body.key]);
  }
  return {};
}

/** A `dt`/`dd` pair with a copy button; a secret stays masked until revealed. */
function credential(label, value, secret = false) {
  const shown = h('code', { class: secret ? 'secret' : '' }, secret ? '•'.repeat(16) : value);
  const copy = h('button', { type: 'button', class: 'small', 'aria-label': `Copy ${label.toLowerCase()}` }, 'Copy');
  copy.addEventListener('click', async () => {
    const done = await copyText(value);
    announce(done ? `${label} copied to the clipboard` : `Could not copy the ${label.toLowerCase()}`,
      done ? 'info' : 'error');
  });
  const controls = [shown, copy];
  if (secret) {
    const reveal = h('button', { type: 'button', class: 'small', 'aria-pressed': 'false',
      'aria-label': `Reveal ${label.toLowerCase()}` }, 'Reveal');
    reveal.addEventListener('click', () => {
      const visible = reveal.getAttribute('aria-pressed') !== 'true';
      reveal.setAttribute('aria-pressed', String(visible));
      reveal.textContent = visible ? 'Hide' : 'Reveal';
      shown.textContent = visible ? value : '•'.repeat(16);
    });
    controls.splice(1, 0, reveal);
  }
  return [h('dt', {}, label), h('dd', { class: 'secret-row' }, controls)];
}
