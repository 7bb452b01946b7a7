// Conversations: the app's users with their clients, and a chat pane where you play the user.
import { config, control, enc, smooch } from './api.js';
import { renderMessage } from './messages.js';
import { announce, appHref, attempt, debounce, formatTime, h, nextId, userName } from './ui.js';

const TYPING_IDLE_MS = 3000;
const SHARED_LOCATION = { lat: 45.5017, long: -73.5673 };

export async function render(root, ctx) {
  const appPath = `/apps/${enc(ctx.appId)}`;
  const selectedId = ctx.rest[0] || null;
  const userList = h('ul', { class: 'user-list' });
  const aside = h('aside', { class: 'users', 'aria-labelledby': 'users-title' },
    h('h1', { id: 'users-title' }, 'Conversations'),
    newConversationForm(),
    h('h2', { class: 'visually-hidden' }, 'App users'),
    userList);
  const chat = h('section', { class: 'chat', 'aria-label': 'Chat' });
  const layout = h('div', { class: 'conversations', dataset: { selected: selectedId ? 'yes' : 'no' } }, aside, chat);
  root.append(layout);

  let users = [];
  let pane = null;

  function newConversationForm() {
    const channelId = nextId('new-channel');
    const textId = nextId('new-text');
    const form = h('form', { class: 'new-conversation', 'aria-label': 'Start a conversation as a new user' },
      h('p', { class: 'hint' }, 'Play a brand-new end user: their first message fires message:appUser.'),
      h('div', { class: 'field' }, h('label', { for: channelId }, 'Channel'), channelSelect(channelId, 'web')),
      h('div', { class: 'field' }, h('label', { for: textId }, 'First message'),
        h('input', { id: textId, name: 'text', required: true, autocomplete: 'off', placeholder: 'Hi there!' })),
      h('button', { type: 'submit', class: 'primary' }, 'Start as a new user'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = form.elements.text.value.trim();
      if (!text) return;
      const channel = form.querySelector('select').value;
      const body = await attempt(() => control('POST', `${appPath}/simulate/message`, { channel, text }),
        'Sending');
      if (!body) return;
      announce(`${userName(body.appUser)} wrote from ${channel}`);
      location.hash = appHref(ctx.appId, 'conversations', body.appUser._id);
    });
    return form;
  }

  async function loadUsers() {
    users = (await control('GET', `${appPath}/appusers`)).appUsers;
    userList.replaceChildren(...users.map(userItem));
    if (!users.length) userList.append(h('li', { class: 'empty' }, 'No app user yet.'));
    if (pane) pane.updateUser(users.find((u) => u.appUser._id === pane.userId));
  }

  function userItem({ appUser, conversation }) {
    const last = conversation.lastMessage;
    const current = appUser._id === selectedId;
    return h('li', {},
      h('a', { class: 'user', href: appHref(ctx.appId, 'conversations', appUser._id),
        'aria-current': current ? 'page' : false },
        h('span', { class: 'user-name' }, userName(appUser),
          appUser.userId && userName(appUser) !== appUser.userId
            ? h('span', { class: 'user-id small' }, ` · ${appUser.userId}`) : null),
        h('span', { class: 'user-channels' }, appUser.clients.map((c) => h('span', { class: 'chip' }, c.platform))),
        h('span', { class: 'user-last' }, last ? `${last.role === 'appUser' ? '' : '↩ '}${last.text}` : 'No message'),
        h('span', { class: 'user-meta' },
          `${conversation.messageCount} message${conversation.messageCount === 1 ? '' : 's'}`,
          last ? ` · ${formatTime(last.received)}` : '')));
  }

  const refreshUsers = debounce(() => attempt(loadUsers, 'Loading users'), 150);

  await loadUsers();
  if (selectedId) {
    const entry = users.find((u) => u.appUser._id === selectedId || u.appUser.userId === selectedId);
    if (entry) {
      pane = chatPane(chat, ctx, entry);
      await pane.load();
    } else {
      chat.append(h('p', { class: 'empty' }, `No app user ${selectedId} in this app.`));
    }
  } else {
    chat.append(h('div', { class: 'empty chat-empty' },
      h('p', {}, 'Pick a conversation, or start one as a new user.'),
      h('p', { class: 'hint' }, 'Business replies sent through the API appear here live.')));
  }

  return {
    cleanup: () => pane && pane.stop(),
    onLive(event) {
      if (event.kind === 'ready') {
        refreshUsers();
        if (pane) pane.refresh();
        return;
      }
      if (event.kind === 'delivery') return;
      if (pane && event.appUserId === pane.userId) pane.onLive(event);
      if (event.kind !== 'typing') refreshUsers();
    },
  };
}

function channelSelect(id, selected, preferred = []) {
  const rest = config.channels.filter((c) => !preferred.includes(c));
  const option = (c, note) => h('option', { value: c, selected: c === selected }, note ? `${c} ${note}` : c);
  const groups = preferred.length
    ? [h('optgroup', { label: "The user's clients" }, preferred.map((c) => option(c))),
      h('optgroup', { label: 'Other channels (adds a client)' }, rest.map((c) => option(c)))]
    : rest.map((c) => option(c));
  return h('select', { id, name: 'channel' }, groups);
}

function chatPane(chat, ctx, entry) {
  const appPath = `/apps/${enc(ctx.appId)}`;
  let appUser = entry.appUser;
  const userId = appUser._id;
  const userPath = `${appPath}/appusers/${enc(userId)}`;
  const seen = new Set();
  const title = h('h2', {}, userName(appUser));
  const details = h('p', { class: 'chat-details' });
  const log = h('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  const channelId = nextId('channel');
  const textId = nextId('compose');
  const channelBox = h('span', { class: 'channel-box' });
  const text = h('textarea', { id: textId, name: 'text', rows: 1, autocomplete: 'off',
    placeholder: `Write as ${userName(appUser)}…` });
  const composer = h('form', { class: 'composer', 'aria-label': 'Write as the user' },
    h('div', { class: 'field channel-field' }, h('label', { for: channelId }, 'Channel'), channelBox),
    h('div', { class: 'field text-field' }, h('label', { for: textId }, 'Message'), text),
    h('button', { type: 'submit', class: 'primary' }, 'Send'));
  let typingOn = false;
  let typingTimer = null;
  let stopped = false;

  drawChannels();
  chat.replaceChildren(
    h('header', { class: 'chat-head' },
      h('a', { class: 'back-link', href: appHref(ctx.appId, 'conversations') }, '← All conversations'),
      title, details),
    log, typing, composer);
  drawDetails();

  function drawChannels() {
    const platforms = [...new Set(appUser.clients.map((c) => c.platform))];
    const chosen = channelBox.querySelector('select');
    const keep = chosen ? chosen.value : platforms[0] || 'web';
    channelBox.replaceChildren(channelSelect(channelId, keep, platforms));
  }

  function drawDetails() {
    title.textContent = userName(appUser);
    details.replaceChildren(
      h('span', { class: 'mono small' }, appUser._id),
      appUser.userId ? h('span', { class: 'small' }, ` · userId ${appUser.userId}`) : null,
      h('span', {}, ' · clients: ', appUser.clients.length
        ? appUser.clients.map((c) => h('span', { class: 'chip', title: c.id }, c.platform))
        : 'none'));
  }

  function add(message) {
    if (seen.has(message._id)) return;
    seen.add(message._id);
    log.append(renderMessage(message, actions));
    log.scrollTop = log.scrollHeight;
  }

  async function load() {
    const body = await smooch('GET', `${userPath}/messages`);
    if (stopped) return;
    seen.clear();
    log.replaceChildren();
    body.messages.forEach(add);
    if (!body.messages.length) log.append(h('li', { class: 'empty' }, 'No message yet.'));
  }

  const refresh = debounce(() => attempt(load, 'Loading messages'), 150);

  async function simulate(path, body, done) {
    const result = await attempt(() => control('POST', `${appPath}/simulate/${path}`, { user: userId, ...body }),
      'The simulated user action');
    if (result && done) announce(done);
    return result;
  }

  function channel() {
    return channelBox.querySelector('select').value;
  }

  async function send(message) {
    const result = await simulate('message', { channel: channel(), ...message });
    if (result) {
      const empty = log.querySelector('.empty');
      if (empty) empty.remove();
      add(result.message);
    }
    return result;
  }

  const actions = {
    postback: (action) => simulate('postback', { actionId: action._id }, `Postback ${action.payload} tapped`),
    reply: (action) => send({ message: { type: 'text', text: action.text, payload: action.payload } }),
    shareLocation: () => send({ message: { type: 'location', coordinates: SHARED_LOCATION,
      location: { name: 'Simulated location', address: 'Montréal, QC' } } }),
    pay: async (action) => {
      if (await simulate('payment', { actionId: action._id }, 'Payment made')) refresh();
    },
    submitForm: (form, fields) => send({ message: { type: 'formResponse', fields,
      quotedMessage: { type: 'message', content: form } } }),
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
    userId,
    load,
    refresh,
    stop() {
      stopped = true;
      clearTimeout(typingTimer);
      if (typingOn) simulate('typing', { typing: false });
    },
    updateUser(found) {
      if (!found) return;
      appUser = found.appUser;
      drawDetails();
      drawChannels();
    },
    onLive(event) {
      if (event.kind === 'message') {
        const empty = log.querySelector('.empty');
        if (empty) empty.remove();
        add(event.message);
      } else if (event.kind === 'typing') {
        typing.textContent = event.typing ? `${userName(appUser)} is typing… (typing:appUser)` : '';
      } else if (event.event === 'AppUserDeleted') {
        typing.textContent = 'This user was deleted.';
      } else {
        refresh();
      }
    },
  };
}
