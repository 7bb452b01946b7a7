// One conversation (any type) in a chat pane: participants, switchboard state, v2 messages with
// their authors, and a composer that writes as a participant through the simulate API.
import { config, control, enc, smooch } from './api.js';
import { controlPanel } from './control_panel.js';
import { renderMessage } from './messages.js';
import { announce, appHref, attempt, debounce, fill, h, nextId } from './ui.js';
import { integrationName, integrations, userLabel } from './v2.js';

const TYPING_IDLE_MS = 3000;
const SHARED_LOCATION = { lat: 45.5017, long: -73.5673 };

/** The channel picker: the participant's own channels first, then every other one. */
export function channelSelect(id, selected, preferred = []) {
  const rest = config.channels.filter((c) => !preferred.includes(c));
  const option = (c) => h('option', { value: c, selected: c === selected }, c);
  const groups = preferred.length
    ? [h('optgroup', { label: "The user's clients" }, preferred.map(option)),
      h('optgroup', { label: 'Other channels (adds a client)' }, rest.map(option))]
    : rest.map(option);
  return h('select', { id, name: 'channel' }, groups);
}

export function openConversation(chat, ctx, first) {
  const appPath = `/apps/${enc(ctx.appId)}`;
  const conversationId = first.conversation.id;
  const messagesPath = `${appPath}/conversations/${enc(conversationId)}/messages`;
  let summary = first;
  const seen = new Set();
  const integrationNames = new Map();
  let v1View = new Map();
  const title = h('h2', {});
  const details = h('p', { class: 'chat-details' });
  const people = h('ul', { class: 'participants', 'aria-label': 'Participants' });
  const panel = controlPanel(ctx, conversationId);
  const older = h('button', { type: 'button', class: 'small older', hidden: true, onclick: () => loadOlder() },
    'Show older messages');
  const log = h('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  const writerId = nextId('writer');
  const channelId = nextId('channel');
  const textId = nextId('compose');
  const writerBox = h('div', { class: 'field writer-field' });
  const channelBox = h('span', { class: 'channel-box' });
  const text = h('textarea', { id: textId, name: 'text', rows: 1, autocomplete: 'off' });
  const composer = h('form', { class: 'composer', 'aria-label': 'Write as the user' },
    writerBox,
    h('div', { class: 'field channel-field' }, h('label', { for: channelId }, 'Channel'), channelBox),
    h('div', { class: 'field text-field' }, h('label', { for: textId }, 'Message'), text),
    h('button', { type: 'submit', class: 'primary' }, 'Send'));
  const nobody = h('p', { class: 'hint no-writer', hidden: true },
    'Nobody takes part in this conversation: add participants through the v2 API (JoinConversation).');
  let typingOn = false;
  let typingTimer = null;
  let stopped = false;
  let before = null;

  chat.replaceChildren(
    h('header', { class: 'chat-head' },
      h('a', { class: 'back-link', href: appHref(ctx.appId, 'conversations') }, '← All conversations'),
      title, details, people, panel.element),
    older, log, typing, composer, nobody);
  draw();
  integrations(ctx.appId)
    .then((found) => {
      for (const integration of found) integrationNames.set(integration.id, integrationName(integration));
    })
    .catch(() => {}); // names are a nicety: the ids stay shown

  const who = {
    user: (userId) => {
      const found = summary.participants.find(({ user }) => user.id === userId);
      return found ? found.user : null;
    },
    label: userLabel,
    integration: (id) => integrationNames.get(id) || null,
  };

  function participant() {
    const chosen = writerBox.querySelector('select');
    const userId = chosen ? chosen.value : null;
    return summary.participants.find(({ user }) => user.id === userId) || summary.participants[0];
  }

  function draw() {
    const { conversation, participants } = summary;
    title.textContent = conversation.type === 'personal' && participants.length
      ? userLabel(participants[0].user) : conversation.displayName || 'Group conversation';
    fill(details,
      h('span', { class: 'chip' }, conversation.type),
      conversation.isDefault ? h('span', { class: 'chip' }, 'default') : null,
      h('span', { class: 'mono small' }, conversation.id),
      conversation.description ? h('span', { class: 'small' }, ` · ${conversation.description}`) : null);
    people.replaceChildren(...participants.map(({ user, channels }) => h('li', { class: 'participant' },
      h('span', { class: 'participant-name' }, userLabel(user)),
      user.externalId && user.externalId !== userLabel(user)
        ? h('span', { class: 'small' }, ` · ${user.externalId}`) : null,
      h('span', { class: 'mono small' }, ` · ${user.id}`),
      channels.length ? h('span', { class: 'participant-channels' }, channels.map((c) => h('span', { class: 'chip' }, c))) : null)));
    drawWriter();
    panel.draw(conversation);
  }

  function drawWriter() {
    const { participants } = summary;
    composer.hidden = !participants.length;
    nobody.hidden = participants.length > 0;
    if (!participants.length) return;
    const previous = participant();
    if (participants.length > 1) {
      const select = h('select', { id: writerId, name: 'writer' }, participants.map(({ user }) =>
        h('option', { value: user.id, selected: previous && previous.user.id === user.id }, userLabel(user))));
      select.addEventListener('change', drawChannels);
      writerBox.replaceChildren(h('label', { for: writerId }, 'Write as'), select);
    } else {
      writerBox.replaceChildren();
    }
    writerBox.hidden = participants.length < 2;
    drawChannels();
  }

  function drawChannels() {
    const writer = participant();
    const chosen = channelBox.querySelector('select');
    const keep = chosen && chosen.dataset.user === writer.user.id ? chosen.value : writer.channels[0] || 'web';
    const select = channelSelect(channelId, keep, writer.channels);
    select.dataset.user = writer.user.id;
    channelBox.replaceChildren(select);
    text.placeholder = `Write as ${userLabel(writer.user)}…`;
  }

  function add(message, atTop = false) {
    if (seen.has(message.id)) return;
    seen.add(message.id);
    const empty = log.querySelector('.empty');
    if (empty) empty.remove();
    const item = renderMessage(message, actions, who);
    if (atTop) {
      log.prepend(item);
    } else {
      log.append(item);
      log.scrollTop = log.scrollHeight;
    }
  }

  async function load() {
    const body = await smooch('GET', messagesPath, undefined, 'v2');
    if (stopped) return;
    v1View = await v1Messages(body.messages);
    seen.clear();
    log.replaceChildren();
    body.messages.forEach((m) => add(m));
    if (!body.messages.length) log.append(h('li', { class: 'empty' }, 'No message yet.'));
    setBefore(body.meta);
  }

  async function loadNewest() {
    const body = await smooch('GET', messagesPath, undefined, 'v2');
    if (stopped) return;
    if (body.messages.some(needsV1)) v1View = await v1Messages(body.messages);
    body.messages.forEach((m) => add(m));
  }

  async function loadOlder() {
    const body = await attempt(() => smooch('GET', `${messagesPath}?page[before]=${enc(before)}`, undefined, 'v2'),
      'Loading older messages');
    if (!body || stopped) return;
    [...body.messages].reverse().forEach((m) => add(m, true));
    setBefore(body.meta);
  }

  function setBefore(meta) {
    before = meta && meta.hasMore ? meta.beforeCursor : null;
    older.hidden = !before;
  }

  /**
   * The same messages as v1 shows them, by id, for a user's default conversation (the one v1
   * sees): v2 hides what simulating a payment or quoting a form needs (action and field ids,
   * whether a buy action was paid).
   */
  async function v1Messages(messages) {
    const owner = summary.conversation.isDefault ? summary.participants[0] : null;
    if (!owner || !messages.some(needsV1)) return new Map();
    const path = `${appPath}/appusers/${enc(owner.user.id)}/messages`;
    const v1 = await smooch('GET', path).catch(() => ({ messages: [] }));
    return new Map(v1.messages.map((m) => [m._id, m]));
  }

  const refresh = debounce(() => attempt(loadNewest, 'Loading messages'), 150);
  const reload = debounce(() => attempt(load, 'Loading messages'), 150);

  async function simulate(path, body, done) {
    const writer = participant();
    const result = await attempt(() => control('POST', `${appPath}/simulate/${path}`,
      { user: writer.user.id, conversationId, ...body }), 'The simulated user action');
    if (result && done) announce(done);
    return result;
  }

  async function send(message) {
    const result = await simulate('message', { channel: channelBox.querySelector('select').value, ...message });
    if (result) refresh();
    return result;
  }

  const actions = {
    postback: (action) => simulate('postback', { payload: action.payload }, `Postback ${action.payload} tapped`),
    reply: (action) => send({ message: { type: 'text', text: action.text, payload: action.payload } }),
    shareLocation: () => send({ message: { type: 'location', coordinates: SHARED_LOCATION,
      location: { name: 'Simulated location', address: 'Montréal, QC' } } }),
    buyState: (message, index) => {
      const seenByV1 = v1View.get(message.id);
      const action = seenByV1 ? (seenByV1.actions || []).filter((a) => a.type === 'buy')[index] : null;
      return action ? { id: action._id, paid: action.state === 'paid' } : null;
    },
    pay: async (state) => {
      const owner = summary.participants[0];
      const done = await attempt(() => control('POST', `${appPath}/simulate/payment`,
        { user: owner.user.id, actionId: state.id }), 'The simulated payment');
      if (done) {
        announce('Payment made');
        reload();
      }
    },
    // The simulate API takes v1 bodies: the answered form is quoted as v1 shows it, where v1
    // sees it; elsewhere (a group) the answer quotes nothing and the form stays open.
    submitForm: async (message, fields) => {
      const form = v1View.get(message.id);
      const quoted = form ? { quotedMessage: { type: 'message', content: form } } : {};
      if (await send({ message: { type: 'formResponse', fields, ...quoted } })) reload(); // now submitted
    },
  };

  function setTyping(on) {
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
    if (on === typingOn) return;
    typingOn = on;
    simulate('typing', { typing: on });
  }

  text.addEventListener('input', () => setTyping(text.value.trim() !== ''));
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value) {
      text.focus();
      return;
    }
    setTyping(false);
    if (await send({ text: value })) {
      text.value = '';
      text.focus();
    }
  });

  return {
    conversationId,
    load,
    refresh,
    stop() {
      stopped = true;
      clearTimeout(typingTimer);
      if (typingOn) simulate('typing', { typing: false });
    },
    update(found) {
      if (!found) return;
      summary = found;
      draw();
    },
    onLive(event) {
      if (event.kind === 'message') {
        add(event.message);
      } else if (event.kind === 'typing') {
        const writer = summary.participants.find(({ user }) => user.id === event.userId);
        typing.textContent = event.typing
          ? `${writer ? userLabel(writer.user) : 'A user'} is typing… (conversation:typing)` : '';
      } else if (event.event === 'ConversationRemoved') {
        typing.textContent = 'This conversation was deleted.';
      } else if (event.event === 'SwitchboardControlChanged') {
        panel.refresh();
      } else {
        reload();
      }
    },
  };
}

function needsV1(message) {
  return message.content.type === 'form' || (message.content.actions || []).some((a) => a.type === 'buy');
}
