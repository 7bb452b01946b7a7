// The switchboard state of one conversation (who is in control, who was offered it) and the
// Pass / Offer / Accept / Release buttons, each a call to the v2 switchboard endpoints.
import { enc, smooch } from './api.js';
import { announce, appHref, h, nextId } from './ui.js';
import { switchboardOf } from './v2.js';

const NEXT = 'next';

export function controlPanel(ctx, conversationId) {
  const conversationPath = `/apps/${enc(ctx.appId)}/conversations/${enc(conversationId)}`;
  const titleId = nextId('switchboard-title');
  const element = h('section', { class: 'control-panel', 'aria-labelledby': titleId, hidden: true });
  const error = h('p', { class: 'form-error', role: 'alert' });
  let board = null;
  let boardRead = false;
  let conversation = null;
  let busy = false;
  let chosen = null;

  async function loadBoard() {
    try {
      board = await switchboardOf(ctx.appId);
    } catch (failure) {
      board = null;
      error.textContent = `Could not read the switchboard: ${failure.message}`;
    }
    boardRead = true;
    redraw();
  }

  function memberName(ref) {
    if (!ref) return 'nobody';
    return `${ref.name} (${ref.integrationType})`;
  }

  function redraw() {
    if (!conversation || !boardRead) return; // never say "no switchboard" before knowing
    element.hidden = false;
    if (!board) {
      element.replaceChildren(h('p', { class: 'hint' }, 'No switchboard in this app: ',
        h('a', { href: appHref(ctx.appId, 'integrations') }, 'create one on the Integrations page'),
        ' to hand conversations between integrations.'), error);
      return;
    }
    const head = h('h3', { id: titleId }, 'Switchboard',
      h('span', { class: `badge ${board.switchboard.enabled ? 'state-delivered' : ''}` },
        board.switchboard.enabled ? 'on' : 'off'));
    if (!board.switchboard.enabled) {
      element.replaceChildren(head, h('p', { class: 'hint' }, 'The switchboard is off: nobody is in control. ',
        h('a', { href: appHref(ctx.appId, 'integrations') }, 'Turn it on'), ' to route control.'), error);
      return;
    }
    const active = conversation.activeSwitchboardIntegration;
    const pending = conversation.pendingSwitchboardIntegration;
    const targetId = nextId('control-target');
    const target = h('select', { id: targetId, name: 'target', onchange: () => { chosen = target.value; } },
      board.members.map((m) => h('option', { value: m.id, selected: m.id === chosen }, `${m.name} (${m.integrationType})`)),
      h('option', { value: NEXT, selected: chosen === NEXT }, 'next (the next of the one in control)'));
    const button = (label, action, enabled, body) => h('button', { type: 'button', class: 'small',
      disabled: !enabled || busy, onclick: () => act(action, body ? body(target.value) : {}) }, label);
    const withTarget = (value) => ({ switchboardIntegration: value });
    element.replaceChildren(
      h('div', { class: 'control-state' }, head,
        h('span', {}, 'In control: ', h('strong', { class: 'active-integration' }, memberName(active))),
        h('span', {}, 'Offered to: ', h('strong', { class: 'pending-integration' }, memberName(pending)))),
      h('div', { class: 'control-actions' },
        h('div', { class: 'field' }, h('label', { for: targetId }, 'Switchboard integration'), target),
        h('div', { class: 'actions' },
          button('Pass control', 'passControl', board.members.length > 0, withTarget),
          button('Offer control', 'offerControl', board.members.length > 0, withTarget),
          button('Accept control', 'acceptControl', Boolean(pending)),
          button('Release control', 'releaseControl', Boolean(active)))),
      error);
  }

  async function act(action, body) {
    error.textContent = '';
    busy = true;
    redraw();
    try {
      await smooch('POST', `${conversationPath}/${action}`, body, 'v2');
      announce(`${action} done`);
    } catch (failure) {
      error.textContent = `${action} failed: ${failure.message}`;
    }
    busy = false;
    await refresh();
  }

  async function refresh() {
    try {
      const body = await smooch('GET', conversationPath, undefined, 'v2');
      conversation = body.conversation;
    } catch (failure) {
      error.textContent = `Could not read the conversation: ${failure.message}`;
    }
    redraw();
  }

  loadBoard();

  return {
    element,
    /** Draw the state of `shown` (the conversation as the control API summarised it). */
    draw(shown) {
      conversation = shown;
      redraw();
    },
    refresh,
  };
}
