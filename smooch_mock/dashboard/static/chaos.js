// The chaos control of a webhook card: seeded delivery faults (drop, duplicate, delay, reorder, fail first N).
import { control, enc } from './api.js';
import { announce, attempt, h, nextId } from './ui.js';

const CHANCES = [
  ['drop', 'Drop', 'an attempt is lost on the way; the platform retries it'],
  ['duplicate', 'Duplicate', 'a delivery is sent twice'],
  ['delay', 'Delay', 'a delivery waits up to the max delay'],
  ['reorder', 'Reorder', 'held back behind another conversation'],
];

function describe(chaos) {
  if (!chaos) return 'off';
  const on = CHANCES.filter(([name]) => chaos[name] > 0).map(([name]) => `${name} ${Math.round(chaos[name] * 100)}%`);
  if (chaos.failFirst) on.push(`fail first ${chaos.failFirst}`);
  return `${on.join(', ')} · seed ${chaos.seed}`;
}

/** A collapsed <details> on a webhook card that reads and sets the webhook's chaos. */
export function chaosControl(appId, webhook) {
  const path = `/apps/${enc(appId)}/webhooks/${enc(webhook._id)}/chaos`;
  const state = h('span', { class: 'chaos-state' }, '…');
  const error = h('p', { class: 'form-error', role: 'alert' });
  const number = (name, label, attrs, hint) => {
    const id = nextId(`chaos-${name}`);
    return h('div', { class: 'field' },
      h('label', { for: id }, label),
      h('input', { id, name, type: 'number', inputmode: 'decimal', ...attrs }),
      hint ? h('small', { class: 'hint' }, hint) : null);
  };
  const form = h('form', { class: 'chaos-form', novalidate: true },
    h('div', { class: 'chaos-fields' },
      ...CHANCES.map(([name, label, hint]) => number(name, `${label} %`, { min: 0, max: 100, step: 1, value: 0 }, hint)),
      number('maxDelay', 'Max delay (s)', { min: 0, max: 300, step: 0.1, value: 2 }),
      number('failFirst', 'Fail first N', { min: 0, max: 10, step: 1, value: 0 }, 'attempts fail unsent'),
      number('seed', 'Seed', { step: 1, value: 0 }, 'same seed, same faults')),
    error,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'small primary' }, 'Apply chaos'),
      h('button', { type: 'button', class: 'small', onclick: turnOff }, 'Turn off')));
  const details = h('details', { class: 'chaos' },
    h('summary', {}, 'Delivery chaos: ', state), form);

  function show(chaos) {
    state.textContent = describe(chaos);
    details.dataset.chaos = chaos ? 'on' : 'off';
    if (!chaos) return;
    for (const [name] of CHANCES) form.elements[name].value = Math.round(chaos[name] * 100);
    for (const name of ['maxDelay', 'failFirst', 'seed']) form.elements[name].value = chaos[name];
  }

  async function turnOff() {
    const done = await attempt(() => control('DELETE', path), 'Turning chaos off');
    if (done === undefined) return;
    show(null);
    announce('Delivery chaos off');
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const invalid = [...form.querySelectorAll('input')].find((input) => !input.checkValidity());
    if (invalid) {
      error.textContent = `${form.querySelector(`label[for="${invalid.id}"]`).textContent}: ${invalid.validationMessage}`;
      invalid.focus();
      return;
    }
    const body = {};
    for (const [name] of CHANCES) body[name] = Number(form.elements[name].value || 0) / 100;
    body.maxDelay = Number(form.elements.maxDelay.value || 0);
    body.failFirst = Number(form.elements.failFirst.value || 0);
    body.seed = Number(form.elements.seed.value || 0);
    const saved = await attempt(async () => {
      try {
        return await control('PUT', path, body);
      } catch (failure) {
        error.textContent = failure.message;
        throw failure;
      }
    }, 'Setting chaos');
    if (!saved) return;
    show(saved.chaos);
    announce(saved.chaos ? `Delivery chaos on: ${describe(saved.chaos)}` : 'Delivery chaos off');
  });

  attempt(async () => show((await control('GET', path)).chaos), 'Loading chaos settings');
  return details;
}
