// The delivery log: a compact, paged and filterable list of webhook deliveries (v1, v1.1 and v2),
// and one delivery in detail, with the events of a v2 batch.
import { config, control, enc } from './api.js';
import { announce, attempt, copyText, debounce, formatDateTime, formatTime, h, nextId, pretty } from './ui.js';
import { customIntegrations } from './v2.js';

const PAGE = 50;
const REFRESH_WHILE_PENDING_MS = 2000;

export async function render(root, ctx) {
  const basePath = `/apps/${enc(ctx.appId)}/deliveries`;
  const triggers = [...new Set([...config.triggers['v1.1'], ...config.triggers.v1, ...config.triggers.v2])].sort();
  const select = (label, first, values) => {
    const id = nextId('filter');
    const box = h('select', { id }, h('option', { value: '' }, first),
      values.map(([value, text]) => h('option', { value }, text)));
    return [box, h('div', { class: 'field' }, h('label', { for: id }, label), box)];
  };
  const [stateSelect, stateField] = select('State', 'All states',
    ['pending', 'delivered', 'failed'].map((s) => [s, s]));
  const [triggerSelect, triggerField] = select('Trigger', 'All triggers', triggers.map((t) => [t, t]));
  // Every webhook of every version: v1 webhooks are custom integrations in v2's view.
  const hooks = (await customIntegrations(ctx.appId)).flatMap(({ webhooks }) => webhooks);
  const [webhookSelect, webhookField] = select('Webhook', 'All webhooks',
    hooks.map((w) => [w.id, `${w.target} (${w.version})`]));
  const range = h('p', { class: 'hint page-range', 'aria-live': 'polite' });
  const newer = h('button', { type: 'button', class: 'small', onclick: () => turn(-PAGE) }, '← Newer');
  const older = h('button', { type: 'button', class: 'small', onclick: () => turn(PAGE) }, 'Older →');
  const list = h('ol', { class: 'delivery-rows', 'aria-label': 'Deliveries, newest first' });
  const detailId = nextId('delivery-detail');
  const detail = h('section', { class: 'delivery-detail', id: detailId, 'aria-label': 'Delivery detail', tabindex: '-1' });
  const panes = h('div', { class: 'log-panes', dataset: { selected: 'no' } },
    h('div', { class: 'rows-pane' }, list), detail);
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Delivery log')),
    h('p', { class: 'lead' }, 'Every webhook POST of this app. Pick one to see its payload, each attempt and what the ',
      'target answered. Failed attempts are retried with exponential back-off, as Smooch does: 6 attempts in all for v1 and ',
      'v1.1 webhooks, at most 5 within 15 minutes for v2 ones.'),
    h('div', { class: 'filters' }, stateField, triggerField, webhookField,
      h('div', { class: 'pager' }, range, h('div', { class: 'pager-buttons' }, newer, older))),
    panes);

  let offset = 0;
  let page = [];
  let selected = null;
  let refreshTimer = null;

  async function load() {
    const query = new URLSearchParams({ order: 'newest', limit: String(PAGE), offset: String(offset) });
    if (stateSelect.value) query.set('state', stateSelect.value);
    if (triggerSelect.value) query.set('trigger', triggerSelect.value);
    if (webhookSelect.value) query.set('webhook', webhookSelect.value);
    const body = await control('GET', `${basePath}?${query}`);
    if (!ctx.isCurrent()) return;
    if (offset && offset >= body.total) {
      offset = Math.max(0, Math.floor((body.total - 1) / PAGE) * PAGE);
      await load();
      return;
    }
    page = body.deliveries;
    list.replaceChildren(...page.map(row));
    if (!page.length) {
      list.append(h('li', { class: 'empty' }, body.total || filtered()
        ? 'No delivery matches these filters.' : 'No delivery yet. Deliveries appear here as events fire.'));
    }
    range.textContent = body.total
      ? `${offset + 1}–${offset + page.length} of ${body.total}` : '0 deliveries';
    newer.disabled = offset === 0;
    older.disabled = offset + page.length >= body.total;
    if (selected) {
      const fresh = page.find((d) => d._id === selected._id);
      if (fresh) show(fresh, false);
      else refreshSelected();
    }
    scheduleRefresh();
  }

  function filtered() {
    return Boolean(stateSelect.value || triggerSelect.value || webhookSelect.value);
  }

  function row(delivery) {
    const current = selected && selected._id === delivery._id;
    return h('li', { class: `delivery-row-item state-${delivery.state}`, dataset: { deliveryId: delivery._id } },
      h('button', { type: 'button', class: 'delivery-row', 'aria-controls': detailId,
        'aria-current': current ? 'true' : false, onclick: () => open(delivery) },
        h('span', { class: `badge state state-${delivery.state}` }, delivery.state),
        h('span', { class: 'row-trigger' }, h('code', {}, delivery.trigger),
          delivery.version === 'v2' ? h('span', { class: 'chip row-version' }, 'v2') : null),
        h('span', { class: 'row-target' }, shortTarget(delivery.target)),
        h('span', { class: 'row-outcome' }, outcome(delivery)),
        h('time', { class: 'row-time', datetime: new Date(delivery.createdAt * 1000).toISOString() },
          formatTime(delivery.createdAt))));
  }

  function open(delivery) {
    show(delivery, true);
    for (const button of list.querySelectorAll('.delivery-row')) {
      const mine = button.parentElement.dataset.deliveryId === delivery._id;
      if (mine) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  let shownJson = '';

  function show(delivery, focus) {
    const json = JSON.stringify(delivery);
    if (!focus && json === shownJson) return; // unchanged: keep the reader's place and open sections
    shownJson = json;
    selected = delivery;
    panes.dataset.selected = 'yes';
    const scrolled = focus ? 0 : detail.scrollTop;
    const waiting = delivery.state === 'pending' && delivery.waiting;
    detail.replaceChildren(...[
      h('button', { type: 'button', class: 'back-link small', onclick: closeDetail }, '← All deliveries'),
      h('div', { class: 'detail-head' },
        h('h2', {}, h('code', {}, delivery.trigger)),
        h('span', { class: `badge state state-${delivery.state}` }, delivery.state),
        h('span', { class: 'badge' }, delivery.version)),
      waiting ? h('p', { class: 'waiting', role: 'status' }, waiting) : null,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Target'), h('dd', { class: 'mono' }, delivery.target),
        h('dt', {}, 'Created'), h('dd', {}, formatDateTime(delivery.createdAt)),
        h('dt', {}, 'Delivery id'), h('dd', { class: 'mono' }, delivery._id),
        h('dt', {}, 'Webhook id'), h('dd', { class: 'mono' }, delivery.webhookId),
        delivery.redeliveryOf ? [h('dt', {}, 'Redelivery of'), h('dd', { class: 'mono' }, delivery.redeliveryOf)] : null),
      eventsTable(delivery),
      attemptsTable(delivery),
      answers(delivery),
      h('h3', {}, 'Payload'),
      h('pre', { class: 'payload', tabindex: '0', 'aria-label': 'Payload JSON' }, pretty(delivery.payload)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => redeliver(delivery) }, 'Redeliver'),
        h('button', { type: 'button', onclick: () => copyPayload(delivery) }, 'Copy payload')),
    ].filter(Boolean));
    detail.scrollTop = scrolled;
    if (focus) {
      detail.focus({ preventScroll: true });
      detail.scrollIntoView({ block: 'nearest' });
    }
  }

  function closeDetail() {
    selected = null;
    shownJson = '';
    panes.dataset.selected = 'no';
    detail.replaceChildren(h('p', { class: 'hint' }, 'Pick a delivery to see its payload, attempts and answers.'));
    const button = list.querySelector('.delivery-row[aria-current="true"]');
    for (const current of list.querySelectorAll('.delivery-row[aria-current]')) current.removeAttribute('aria-current');
    if (button) button.focus();
  }

  function eventsTable(delivery) {
    const events = delivery.version === 'v2' && Array.isArray(delivery.payload.events) ? delivery.payload.events : null;
    if (!events) return null;
    return h('table', { class: 'attempts batch-events' },
      h('caption', {}, `${events.length} event${events.length === 1 ? '' : 's'} in this batch`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Event id'), h('th', { scope: 'col' }, 'Created'))),
      h('tbody', {}, events.map((event) => h('tr', { class: 'batch-event' },
        h('td', {}, h('code', {}, event.type)),
        h('td', { class: 'mono' }, event.id),
        h('td', {}, event.createdAt ? formatDateTime(Date.parse(event.createdAt) / 1000) : '')))));
  }

  function attemptsTable(delivery) {
    if (!delivery.attempts.length) return h('p', { class: 'hint attempts-none' }, 'No attempt yet.');
    return h('table', { class: 'attempts' },
      h('caption', {}, `${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'At'),
        h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Duration'))),
      h('tbody', {}, delivery.attempts.map((a) => h('tr', { class: 'attempt' },
        h('td', {}, String(a.number)),
        h('td', {}, formatTime(a.at)),
        h('td', { class: a.status >= 200 && a.status < 300 ? 'ok' : 'bad' }, result(a)),
        h('td', {}, `${a.durationMs.toFixed(1)} ms`)))));
  }

  function answers(delivery) {
    const answered = delivery.attempts.filter((a) => a.responseBody !== undefined);
    if (!answered.length) return null;
    const last = answered[answered.length - 1];
    return h('div', { class: 'answers' },
      h('h3', {}, 'What the target answered'),
      answered.map((a) => h('details', { class: 'answer', open: a === last },
        h('summary', {}, `Attempt ${a.number}: ${result(a)} · ${a.responseBody.length} characters`),
        a.responseBody
          ? h('pre', { class: 'payload response-body', tabindex: '0', 'aria-label': `Answer to attempt ${a.number}` }, a.responseBody)
          : h('p', { class: 'hint' }, 'An empty body.'))),
      h('p', { class: 'hint' }, 'The fake keeps the first 64 KiB of each answer.'));
  }

  async function refreshSelected() {
    const id = selected._id;
    const body = await control('GET', `${basePath}/${enc(id)}`).catch(() => null);
    if (body && selected && selected._id === id && ctx.isCurrent()) show(body.delivery, false);
  }

  async function redeliver(delivery) {
    const body = await attempt(
      () => control('POST', `${basePath}/${enc(delivery._id)}/redeliver`), 'Redelivering');
    if (!body) return;
    announce(`Redelivering ${delivery.trigger} to ${delivery.target}`);
    offset = 0;
    selected = body.delivery;
    await attempt(load, 'Loading deliveries');
  }

  async function copyPayload(delivery) {
    const done = await copyText(pretty(delivery.payload));
    announce(done ? 'Payload copied to the clipboard' : 'Could not copy the payload', done ? 'info' : 'error');
  }

  function turn(step) {
    offset = Math.max(0, offset + step);
    attempt(load, 'Loading deliveries');
  }

  function scheduleRefresh() {
    // Attempts of a pending delivery send no live event until it ends: look again while any is pending.
    clearTimeout(refreshTimer);
    const pending = page.some((d) => d.state === 'pending') || (selected && selected.state === 'pending');
    if (pending) refreshTimer = setTimeout(() => attempt(load, 'Loading deliveries'), REFRESH_WHILE_PENDING_MS);
  }

  const reload = debounce(() => attempt(load, 'Loading deliveries'), 150);
  for (const box of [stateSelect, triggerSelect, webhookSelect]) {
    box.addEventListener('change', () => {
      offset = 0;
      reload();
    });
  }
  closeDetail();
  await load();
  return {
    onLive() {
      reload(); // a finished delivery, or an event that may have queued new ones
    },
    cleanup() {
      clearTimeout(refreshTimer);
    },
  };
}

/** `HTTP 500`, or the error in words (`connection refused`). */
function result(attemptResult) {
  return attemptResult.status !== undefined ? `HTTP ${attemptResult.status}` : attemptResult.error;
}

function outcome(delivery) {
  const count = delivery.attempts.length;
  const last = count ? result(delivery.attempts[count - 1]) : '';
  if (delivery.state === 'pending') {
    if (delivery.queuedBehind) return `queued behind ${delivery.queuedBehind}`;
    return count ? `retrying · ${last}` : 'sending';
  }
  return `${last} · ${count} attempt${count === 1 ? '' : 's'}`;
}

function shortTarget(target) {
  try {
    const url = new URL(target);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return target;
  }
}
