// The delivery log: every webhook delivery with its attempts and payload, live, with redelivery.
import { config, control, enc } from './api.js';
import { announce, attempt, debounce, formatDateTime, formatTime, h, nextId, pretty } from './ui.js';

export async function render(root, ctx) {
  const basePath = `/apps/${enc(ctx.appId)}/deliveries`;
  const stateId = nextId('state');
  const triggerId = nextId('trigger');
  const triggers = [...new Set([...config.triggers['v1.1'], ...config.triggers.v1])].sort();
  const stateSelect = h('select', { id: stateId },
    h('option', { value: '' }, 'All states'),
    ['pending', 'delivered', 'failed'].map((s) => h('option', { value: s }, s)));
  const triggerSelect = h('select', { id: triggerId },
    h('option', { value: '' }, 'All triggers'), triggers.map((t) => h('option', { value: t }, t)));
  const count = h('p', { class: 'hint', 'aria-live': 'polite' });
  const list = h('ol', { class: 'deliveries', 'aria-label': 'Deliveries, newest first' });
  const open = new Set();
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Delivery log')),
    h('p', { class: 'lead' }, 'Every webhook POST of this app: the exact payload, each attempt with its status or ',
      'error and duration. Failed deliveries are retried 5 times with exponential back-off, as Smooch does.'),
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: stateId }, 'State'), stateSelect),
      h('div', { class: 'field' }, h('label', { for: triggerId }, 'Trigger'), triggerSelect),
      count),
    list);

  function matches(delivery) {
    return (!stateSelect.value || delivery.state === stateSelect.value)
      && (!triggerSelect.value || delivery.trigger === triggerSelect.value);
  }

  async function load() {
    const query = new URLSearchParams();
    if (stateSelect.value) query.set('state', stateSelect.value);
    if (triggerSelect.value) query.set('trigger', triggerSelect.value);
    const body = await control('GET', `${basePath}?${query}`);
    const items = body.deliveries.slice().reverse();
    list.replaceChildren(...items.map(item));
    if (!items.length) list.append(h('li', { class: 'empty' }, 'No delivery yet. Deliveries appear here as events fire.'));
    count.textContent = `${items.length} deliver${items.length === 1 ? 'y' : 'ies'}`;
  }

  function item(delivery) {
    const titleId = nextId('delivery');
    const details = h('details', { open: open.has(delivery._id) },
      h('summary', {}, 'Payload'),
      h('pre', { class: 'payload', tabindex: '0', 'aria-label': 'Payload JSON' }, pretty(delivery.payload)));
    details.addEventListener('toggle', () => {
      if (details.open) open.add(delivery._id);
      else open.delete(delivery._id);
    });
    return h('li', { class: `delivery state-${delivery.state}`, dataset: { deliveryId: delivery._id },
      'aria-labelledby': titleId },
      h('div', { class: 'delivery-head' },
        h('h2', { id: titleId }, h('code', {}, delivery.trigger)),
        h('span', { class: `badge state state-${delivery.state}` }, delivery.state),
        h('span', { class: 'badge' }, delivery.version),
        h('span', { class: 'target mono' }, delivery.target),
        h('time', { class: 'hint', datetime: new Date(delivery.createdAt * 1000).toISOString() },
          formatDateTime(delivery.createdAt))),
      delivery.redeliveryOf ? h('p', { class: 'hint' }, `Redelivery of ${delivery.redeliveryOf}`) : null,
      attemptsTable(delivery),
      details,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => redeliver(delivery) }, 'Redeliver')));
  }

  function attemptsTable(delivery) {
    if (!delivery.attempts.length) return h('p', { class: 'hint attempts-none' }, 'No attempt yet (pending).');
    return h('table', { class: 'attempts' },
      h('caption', {}, `${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'At'),
        h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Duration'))),
      h('tbody', {}, delivery.attempts.map((a) => h('tr', { class: 'attempt' },
        h('td', {}, String(a.number)),
        h('td', {}, formatTime(a.at)),
        h('td', { class: a.status >= 200 && a.status < 300 ? 'ok' : 'bad' },
          a.status !== undefined ? `HTTP ${a.status}` : a.error),
        h('td', {}, `${a.durationMs.toFixed(1)} ms`)))));
  }

  async function redeliver(delivery) {
    const body = await attempt(
      () => control('POST', `${basePath}/${enc(delivery._id)}/redeliver`), 'Redelivering');
    if (!body) return;
    announce(`Redelivering ${delivery.trigger} to ${delivery.target}`);
    await attempt(load, 'Loading deliveries');
  }

  function update(delivery) {
    const existing = list.querySelector(`[data-delivery-id="${delivery._id}"]`);
    if (!matches(delivery)) {
      if (existing) existing.remove();
      return;
    }
    if (existing) existing.replaceWith(item(delivery));
    else reload();
  }

  const reload = debounce(() => attempt(load, 'Loading deliveries'), 150);
  stateSelect.addEventListener('change', reload);
  triggerSelect.addEventListener('change', reload);
  await load();
  return {
    onLive(event) {
      if (event.kind === 'delivery') update(event.delivery);
      else reload(); // any event may have queued new deliveries
    },
  };
}
