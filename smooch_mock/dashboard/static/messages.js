// Rendering of every message type of a v2 conversation (text, image, file, carousel, list,
// location, form, formResponse) with its author and its actions as real buttons and links.
import { formatTime, h, nextId } from './ui.js';

/**
 * One v2 message (`{id, received, author, content, source}`) as a list item. `act` answers the
 * buttons: {postback(action), reply(action), pay(action, message, index), buyState(message, index),
 * shareLocation(action), submitForm(message, fields)}; `who` names authors: {user(userId) → v2
 * user or null, label(user), integration(integrationId) → name or null}.
 */
export function renderMessage(message, act, who) {
  const content = message.content || { type: 'text', text: '' };
  const fromUser = message.author.type === 'user';
  const body = h('div', { class: `bubble type-${content.type}` }, contentOf(message, content, act));
  const source = message.source && message.source.type ? message.source.type : '';
  const received = new Date(message.received);
  return h('li', { class: `msg ${fromUser ? 'from-user' : 'from-business'}`, dataset: { messageId: message.id } },
    h('div', { class: 'meta' },
      authorOf(message, who),
      h('time', { datetime: received.toISOString() }, formatTime(received.getTime() / 1000)),
      source ? h('span', { class: 'source' }, `via ${source}`) : null),
    body,
    actionBar(content.actions, act, 'actions', message));
}

/** "Ann Lee · ann-1" for a user; "Helper · business · Bot" for the business and its integration. */
function authorOf(message, who) {
  const author = message.author;
  if (author.type === 'user') {
    const user = author.userId ? who.user(author.userId) : null;
    const name = author.displayName || (user && who.label(user)) || author.userId || 'user';
    const id = (user && user.externalId) || author.userId;
    return h('span', { class: 'author', title: author.userId || false }, name,
      id && id !== name ? h('span', { class: 'author-id' }, ` · ${id}`) : null);
  }
  const integrationId = message.source && message.source.integrationId;
  const integration = integrationId ? who.integration(integrationId) : null;
  return h('span', { class: 'author' }, author.displayName || 'Business',
    h('span', { class: 'author-id' }, ' · business'),
    integration ? h('span', { class: 'author-id' }, ` · ${integration}`) : null);
}

function contentOf(message, content, act) {
  switch (content.type) {
    case 'text':
      return textBlock(content.text || '');
    case 'image':
      return [
        h('img', { class: 'media', src: safeUrl(content.mediaUrl), alt: content.altText || 'Image', loading: 'lazy' }),
        caption(content.text),
      ];
    case 'file':
      return [
        h('a', { class: 'file', href: safeUrl(content.mediaUrl), target: '_blank', rel: 'noopener' },
          h('span', { 'aria-hidden': 'true' }, '📎 '), fileName(content.mediaUrl),
          content.mediaSize ? h('span', { class: 'hint' }, ` (${formatSize(content.mediaSize)})`) : null),
        caption(content.text),
      ];
    case 'carousel':
      return h('ul', { class: 'carousel', 'aria-label': 'Carousel' },
        (content.items || []).map((item) => itemCard(item, act, message)));
    case 'list':
      return h('ul', { class: 'list-items', 'aria-label': 'List' },
        (content.items || []).map((item) => itemCard(item, act, message)));
    case 'location':
      return locationBlock(content);
    case 'form':
      return form(message, content, act);
    case 'formResponse':
      return h('dl', { class: 'form-response' }, (content.fields || []).map((field) => [
        h('dt', {}, field.label || field.name), h('dd', {}, answer(field)),
      ]));
    default:
      return textBlock(content.text || `(${content.type})`);
  }
}

function textBlock(text) {
  return h('p', { class: 'text' }, text);
}

function caption(text) {
  return text && text.trim() ? h('p', { class: 'text caption' }, text) : null;
}

function itemCard(item, act, message) {
  return h('li', { class: `item ${item.size === 'large' ? 'large' : ''}` },
    item.mediaUrl
      ? h('img', { class: 'media', src: safeUrl(item.mediaUrl), alt: item.altText || item.title, loading: 'lazy' })
      : null,
    h('div', { class: 'item-body' },
      h('h4', {}, item.title),
      item.description ? h('p', { class: 'hint' }, item.description) : null,
      actionBar(item.actions, act, 'item-actions', message)));
}

function locationBlock(content) {
  const { lat, long } = content.coordinates;
  const place = content.location || {};
  return h('div', { class: 'location' },
    h('p', {}, h('span', { 'aria-hidden': 'true' }, '📍 '), place.name || 'Shared location'),
    place.address ? h('p', { class: 'hint' }, place.address) : null,
    h('p', { class: 'mono small' }, `${lat}, ${long}`),
    h('a', { href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}#map=16/${lat}/${long}`,
      target: '_blank', rel: 'noopener' }, 'Open the map'));
}

function form(message, content, act) {
  const element = h('form', { class: 'smooch-form' });
  const inputs = (content.fields || []).map((field) => {
    const id = nextId('field');
    let input;
    if (field.type === 'select') {
      input = h('select', { id, name: field.name, disabled: content.submitted },
        (field.options || []).map((option) => h('option', { value: option.name }, option.label)));
    } else {
      input = h('input', { id, name: field.name, type: field.type === 'email' ? 'email' : 'text',
        placeholder: field.placeholder || '', required: true, disabled: content.submitted,
        maxlength: field.maxSize || false });
    }
    return { field, input, row: h('div', { class: 'field' }, h('label', { for: id }, field.label), input) };
  });
  element.append(...inputs.map((i) => i.row));
  if (content.submitted) {
    element.append(h('p', { class: 'hint' }, 'Submitted'));
    return element;
  }
  element.append(h('button', { type: 'submit', class: 'small' }, 'Submit as the user'));
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!element.reportValidity()) return;
    const answers = inputs.map(({ field, input }) => {
      const base = { type: field.type, name: field.name, label: field.label };
      if (field.type === 'select') {
        const option = (field.options || []).find((o) => o.name === input.value);
        return { ...base, select: option ? [{ name: option.name, label: option.label }] : [] };
      }
      return { ...base, [field.type]: input.value };
    });
    act.submitForm(message, answers);
  });
  return element;
}

function answer(field) {
  if (field.type === 'select') return (field.select || []).map((o) => o.label || o.name).join(', ');
  return String(field[field.type] ?? '');
}

function actionBar(actions, act, className, message) {
  if (!actions || !actions.length) return null;
  return h('div', { class: className }, actions.map((action) => actionControl(action, act, message)));
}

function actionControl(action, act, message) {
  switch (action.type) {
    case 'postback':
      return h('button', { type: 'button', class: 'action', onclick: () => act.postback(action) }, action.text);
    case 'reply':
      return h('button', { type: 'button', class: 'action reply', onclick: () => act.reply(action) }, action.text);
    case 'locationRequest':
      return h('button', { type: 'button', class: 'action reply', onclick: () => act.shareLocation(action) },
        action.text);
    case 'buy':
      return buyButton(action, act, message);
    case 'link':
    case 'webview':
      return h('a', { class: 'action', href: safeUrl(action.uri), target: '_blank', rel: 'noopener' }, action.text);
    default:
      return h('button', { type: 'button', class: 'action', disabled: true }, action.text || action.type);
  }
}

/** v2 shows neither a buy action's id nor whether it was paid: `act.buyState` knows both when
 * the fake can simulate the payment (a user's default conversation, where v1 sees it). */
function buyButton(action, act, message) {
  const buys = (message.content.actions || []).filter((a) => a.type === 'buy');
  const state = act.buyState(message, buys.indexOf(action));
  const price = formatAmount(action.amount, action.currency);
  if (state && state.paid) {
    return h('button', { type: 'button', class: 'action', disabled: true }, `${action.text} (paid ${price})`);
  }
  return h('button', { type: 'button', class: 'action', disabled: !state,
    title: state ? false : 'Payments are simulated in a user\'s default conversation',
    onclick: () => act.pay(state) }, `${action.text} · ${price}`);
}

/** `url` when it is a web address; anything else (`javascript:`, `data:`…) never becomes a link. */
function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function fileName(url) {
  try {
    const parts = new URL(url, location.href).pathname.split('/');
    return decodeURIComponent(parts[parts.length - 1]) || url;
  } catch {
    return url;
  }
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatAmount(cents, currency = 'usd') {
  try {
    return new Intl.NumberFormat([], { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
