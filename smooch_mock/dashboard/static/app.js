// The dashboard shell: hash routing, the app navigation and one live event stream per open app.
import { enc, loadConfig, smooch } from './api.js';
import * as apps from './apps.js';
import * as conversations from './conversations.js';
import * as deliveries from './deliveries.js';
import * as integrations from './integrations.js';
import * as trigger from './trigger.js';
import { appHref, clear, h } from './ui.js';
import * as webhooks from './webhooks.js';

const SECTIONS = [
  ['overview', 'Overview', apps.renderOverview],
  ['webhooks', 'Webhooks', webhooks.render],
  ['integrations', 'Integrations', integrations.render],
  ['conversations', 'Conversations', conversations.render],
  ['deliveries', 'Delivery log', deliveries.render],
  ['trigger', 'Trigger', trigger.render],
];

let current = {};
let generation = 0;
let live = null;
const appNames = new Map();

function parse(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'apps' || !parts[1]) return { view: 'apps', rest: [] };
  return { view: parts[2] || 'overview', appId: parts[1], rest: parts.slice(3) };
}

async function route(focus) {
  const where = parse(location.hash);
  generation += 1;
  const mine = generation;
  if (current.cleanup) current.cleanup();
  current = {};
  const main = document.getElementById('main');
  const root = h('div', { class: 'view' });
  main.replaceChildren(root);
  window.scrollTo(0, 0);
  renderNav(where);
  connectLive(where.appId);
  const view = where.view === 'apps' ? apps.renderList : (SECTIONS.find(([key]) => key === where.view) || [])[2];
  if (!view) {
    root.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the apps')));
    return;
  }
  const ctx = { appId: where.appId, rest: where.rest, isCurrent: () => mine === generation };
  try {
    const handle = (await view(root, ctx)) || {};
    if (mine === generation) current = handle;
    else if (handle.cleanup) handle.cleanup();
  } catch (error) {
    root.append(h('p', { class: 'error', role: 'alert' }, `Could not load this page: ${error.message}`));
  }
  if (focus && mine === generation) main.focus({ preventScroll: true });
}

function renderNav(where) {
  const nav = document.getElementById('appnav');
  const crumb = document.getElementById('crumb');
  clear(crumb);
  if (!where.appId) {
    nav.hidden = true;
    clear(nav);
    return;
  }
  nav.hidden = false;
  const items = SECTIONS.map(([key, label]) =>
    h('li', {}, h('a', { href: appHref(where.appId, key), 'aria-current': key === where.view ? 'page' : false }, label)),
  );
  nav.replaceChildren(h('ul', {}, items));
  const name = h('span', { class: 'crumb-name' }, appNames.get(where.appId) || where.appId);
  crumb.append(h('span', { 'aria-hidden': 'true' }, ' / '), name);
  if (!appNames.has(where.appId)) {
    smooch('GET', `/apps/${enc(where.appId)}`)
      .then((body) => {
        appNames.set(where.appId, body.app.name);
        name.textContent = body.app.name;
      })
      .catch(() => {});
  }
}

function connectLive(appId) {
  if (live && live.appId === appId) return;
  if (live) live.source.close();
  live = null;
  setLiveState(appId ? 'connecting' : '');
  if (!appId) return;
  const source = new EventSource(`/_mock/apps/${enc(appId)}/events`);
  source.onmessage = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    if (event.kind === 'ready') setLiveState('live');
    if (current.onLive) current.onLive(event);
  };
  source.onerror = () => setLiveState('reconnecting');
  live = { appId, source };
}

function setLiveState(state) {
  const badge = document.getElementById('live');
  document.body.dataset.live = state;
  badge.hidden = !state;
  badge.textContent = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[state] || '';
}

async function start() {
  document.querySelector('.topbar').append(h('span', { id: 'live', class: 'live-badge', hidden: true }));
  // The skip link must not become a hash route.
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  try {
    await loadConfig();
  } catch (error) {
    document.getElementById('main').replaceChildren(
      h('p', { class: 'error', role: 'alert' }, `Cannot reach the fake's control API: ${error.message}`),
    );
    return;
  }
  window.addEventListener('hashchange', () => route(true));
  await route(false);
}

start();
