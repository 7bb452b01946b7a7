// Rendering of every Smooch message type (text, image, file, carousel, list, location, form,
// formResponse) with its actions as real buttons and links.
import { formatTime, h, nextId } from './ui.js';

/**
 * One message as a list item. `act` answers the buttons:
 * {postback(action), reply(action), pay(action), shareLocation(action), submitForm(message, fields)}.
 */
export function renderMessage(message, act) {
  const fromUser = message.role === 'appUser';
  const body = h('div', { class: `bubble type-${message.type}` }, content(message, act));
  const source = message.source && message.source.type ? message.source.type : '';
  return h('li', { class: `msg ${fromUser ? 'from-user' : 'from-business'}`, dataset: { messageId: message._id } },
    h('div', { class: 'meta' },
      h('span', { class: 'author' }, message.name || message.role),
      h('time', { datetime: new Date(message.received * 1000).toISOString() }, formatTime(message.received)),
      source ? h('span', { class: 'source' }, `via ${source}`) : null),
    body,
    actionBar(message.actions, act, 'actions'));
}

function content(message, act) {
  switch (message.type) {
    case 'text':
      return textBlock(message.text);
    case 'image':
      return [
        h('img', { class: 'media', src: message.mediaUrl, alt: message.altText || 'Image', loading: 'lazy' }),
        caption(message.text),
      ];
    case 'file':
      return [
        h('a', { class: 'file', href: safeUrl(message.mediaUrl), target: '_blank', rel: 'noopener' },
          h('span', { 'aria-hidden': 'true' }, '📎 '), fileName(message.mediaUrl),
          message.mediaSize ? h('span', { class: 'hint' }, ` (${formatSize(message.mediaSize)})`) : null),
        caption(message.text),
      ];
    case 'carousel':
      return h('ul', { class: 'carousel', 'aria-label': 'Carousel' }, message.items.map((item) => itemCard(item, act)));
    case 'list':
      return h('ul', { class: 'list-items', 'aria-label': 'List' }, message.items.map((item) => itemCard(item, act)));
    case 'location':
      return locationBlock(message);
    case 'form':
      return form(message, act);
    case 'formResponse':
      return h('dl', { class: 'form-response' }, message.fields.map((field) => [
        h('dt', {}, field.label), h('dd', {}, answer(field)),
      ]));
    default:
      return textBlock(message.text || `(${message.type})`);
  }
}

function textBlock(text) {
  return h('p', { class: 'text' }, text);
}

function caption(text) {
  return text && text.trim() ? h('p', { class: 'text caption' }, text) : null;
}

function itemCard(item, act) {
  return h('li', { class: `item ${item.size === 'large' ? 'large' : ''}` },
    item.mediaUrl ? h('img', { class: 'media', src: item.mediaUrl, alt: item.altText || item.title, loading: 'lazy' }) : null,
    h('div', { class: 'item-body' },
      h('h4', {}, item.title),
      item.description ? h('p', { class: 'hint' }, item.description) : null,
      actionBar(item.actions, act, 'item-actions')));
}

function locationBlock(message) {
  const { lat, long } = message.coordinates;
  const place = message.location || {};
  return h('div', { class: 'location' },
    h('p', {}, h('span', { 'aria-hidden': 'true' }, '📍 '), place.name || 'Shared location'),
    place.address ? h('p', { class: 'hint' }, place.address) : null,
    h('p', { class: 'mono small' }, `${lat}, ${long}`),
    h('a', { href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}#map=16/${lat}/${long}`,
      target: '_blank', rel: 'noopener' }, 'Open the map'));
}

function form(message, act) {
  const element = h('form', { class: 'smooch-form' });
  const inputs = message.fields.map((field) => {
    const id = nextId('field');
    let input;
    if (field.type === 'select') {
      input = h('select', { id, name: field.name, disabled: message.submitted },
        (field.options || []).map((option) => h('option', { value: option.name }, option.label)));
    } else {
      input = h('input', { id, name: field.name, type: field.type === 'email' ? 'email' : 'text',
        placeholder: field.placeholder || '', required: true, disabled: message.submitted,
        maxlength: field.maxSize || false });
    }
    return { field, input, row: h('div', { class: 'field' }, h('label', { for: id }, field.label), input) };
  });
  element.append(...inputs.map((i) => i.row));
  if (message.submitted) {
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

function actionBar(actions, act, className) {
  if (!actions || !actions.length) return null;
  return h('div', { class: className }, actions.map((action) => actionControl(action, act)));
}

function actionControl(action, act) {
  switch (action.type) {
    case 'postback':
      return h('button', { type: 'button', class: 'action', onclick: () => act.postback(action) }, action.text);
    case 'reply':
      return h('button', { type: 'button', class: 'action reply', onclick: () => act.reply(action) }, action.text);
    case 'locationRequest':
      return h('button', { type: 'button', class: 'action reply', onclick: () => act.shareLocation(action) },
        action.text);
    case 'buy': {
      const paid = action.state === 'paid';
      const price = formatAmount(action.amount, action.currency);
      return h('button', { type: 'button', class: 'action', disabled: paid, onclick: () => act.pay(action) },
        paid ? `${action.text} (paid ${price})` : `${action.text} · ${price}`);
    }
    case 'link':
    case 'webview':
      return h('a', { class: 'action', href: safeUrl(action.uri), target: '_blank', rel: 'noopener' }, action.text);
    default:
      return h('button', { type: 'button', class: 'action', disabled: true }, action.text || action.type);
  }
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
