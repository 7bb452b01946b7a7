// The trigger form: make a webhook trigger really happen (like `smooch-mock trigger`) and watch its deliveries.
import { config, control, enc } from './api.js';
import { announce, appHref, attempt, h, nextId, pretty } from './ui.js';

const OPTION_HINTS = {
  user: 'appUser _id or userId (default: a new user)',
  channel: 'the channel the user is on',
  text: 'message text',
  payload: 'postback payload',
  referral: 'referral code',
  amount: 'amount in cents (payment)',
  error: 'error message (failure triggers)',
};

export async function render(root, ctx) {
  const triggerId = nextId('trigger');
  const results = h('div', { class: 'trigger-results', 'aria-live': 'polite' });
  const optionFields = config.recipeOptions.map((name) => {
    const id = nextId(`option-${name}`);
    const hintId = `${id}-hint`;
    const input = name === 'channel'
      ? h('select', { id, name, 'aria-describedby': hintId },
        h('option', { value: '' }, 'default for the trigger'), config.channels.map((c) => h('option', { value: c }, c)))
      : h('input', { id, name, type: name === 'amount' ? 'number' : 'text', min: name === 'amount' ? '1' : false,
        autocomplete: 'off', 'aria-describedby': hintId });
    return h('div', { class: 'field' }, h('label', { for: id }, name), input,
      h('small', { id: hintId, class: 'hint' }, OPTION_HINTS[name] || ''));
  });
  const form = h('form', { class: 'card trigger-form', 'aria-label': 'Make a trigger happen' },
    h('div', { class: 'field' }, h('label', { for: triggerId }, 'Trigger'),
      h('select', { id: triggerId, name: 'trigger' }, config.recipes.map((t) => h('option', { value: t }, t)))),
    h('fieldset', {}, h('legend', {}, 'Overrides (optional)'), h('div', { class: 'option-grid' }, optionFields)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Make it happen')));
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Trigger')),
    h('p', { class: 'lead' }, 'The same as ', h('code', {}, 'smooch-mock trigger'),
      ': the event really happens (the user, conversation and message exist afterwards) and every webhook ',
      'subscribed to it receives its payload.'),
    form, results);

  const shown = new Map();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const trigger = form.elements.trigger.value;
    const options = {};
    for (const name of config.recipeOptions) {
      const value = form.elements[name].value.trim();
      if (value) options[name] = value;
    }
    const path = `/apps/${enc(ctx.appId)}/triggers/${enc(trigger)}`;
    const body = await attempt(() => control('POST', path, { options }), `Triggering ${trigger}`);
    if (!body) return;
    shown.clear();
    const matching = body.deliveries.filter((d) => d.trigger === trigger);
    const others = body.deliveries.length - matching.length;
    results.replaceChildren(h('h2', {}, `${trigger}: ${matching.length} deliver${matching.length === 1 ? 'y' : 'ies'}`));
    if (!matching.length) {
      results.append(h('p', { class: 'empty' }, `The event happened, but no webhook of this app subscribes to ${trigger}. `,
        h('a', { href: appHref(ctx.appId, 'webhooks') }, 'Add one on the Webhook page'), '.'));
    }
    for (const delivery of matching) {
      const card = result(delivery);
      shown.set(delivery._id, card);
      results.append(card);
    }
    if (others) {
      results.append(h('p', { class: 'hint' }, `${others} other deliver${others === 1 ? 'y' : 'ies'} `,
        'fired along the way: see the ', h('a', { href: appHref(ctx.appId, 'deliveries') }, 'delivery log'), '.'));
    }
    announce(`${trigger} happened`);
    // A fast target may have answered before this page knew the ids: catch up once.
    for (const delivery of matching) {
      const url = `/apps/${enc(ctx.appId)}/deliveries/${enc(delivery._id)}`;
      control('GET', url).then((fresh) => update(fresh.delivery)).catch(() => {});
    }
  });

  function update(delivery) {
    const card = shown.get(delivery._id);
    if (!card || (delivery.state === 'pending' && card.dataset.state !== 'pending')) return;
    const fresh = result(delivery);
    card.replaceWith(fresh);
    shown.set(delivery._id, fresh);
  }

  function result(delivery) {
    return h('article', { class: `card delivery state-${delivery.state}`, dataset: { deliveryId: delivery._id, state: delivery.state } },
      h('div', { class: 'delivery-head' },
        h('code', {}, delivery.trigger), h('span', { 'aria-hidden': 'true' }, '→'),
        h('span', { class: 'target mono' }, delivery.target),
        h('span', { class: `badge state state-${delivery.state}` }, delivery.state),
        h('span', { class: 'hint' }, `${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'}`)),
      delivery.state === 'pending' && delivery.waiting ? h('p', { class: 'waiting' }, delivery.waiting) : null,
      h('pre', { class: 'payload', tabindex: '0', 'aria-label': 'Payload JSON' }, pretty(delivery.payload)));
  }

  return {
    onLive(event) {
      if (event.kind === 'delivery') update(event.delivery);
    },
  };
}
