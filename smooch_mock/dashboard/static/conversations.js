// Conversations: every conversation of the app, personal and sdkGroup, and one opened in a chat pane.
import { control, enc } from './api.js';
import { channelSelect, openConversation } from './conversation_pane.js';
import { announce, appHref, attempt, debounce, formatTime, h, nextId, userName } from './ui.js';
import { userLabel } from './v2.js';

export async function render(root, ctx) {
  const appPath = `/apps/${enc(ctx.appId)}`;
  const selectedId = ctx.rest[0] || null;
  const list = h('ul', { class: 'conversation-list' });
  const aside = h('aside', { class: 'conversations-aside', 'aria-labelledby': 'conversations-title' },
    h('h1', { id: 'conversations-title' }, 'Conversations'),
    newConversationForm(),
    h('h2', { class: 'visually-hidden' }, 'Every conversation, latest activity first'),
    list);
  const chat = h('section', { class: 'chat', 'aria-label': 'Chat' });
  const layout = h('div', { class: 'conversations', dataset: { selected: selectedId ? 'yes' : 'no' } }, aside, chat);
  root.append(layout);

  let summaries = [];
  let pane = null;

  function newConversationForm() {
    const channelId = nextId('new-channel');
    const textId = nextId('new-text');
    const form = h('form', { class: 'new-conversation', 'aria-label': 'Start a conversation as a new user' },
      h('p', { class: 'hint' }, 'Play a brand-new end user: their first message fires message:appUser ',
        '(conversation:message in v2).'),
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

  async function loadList() {
    summaries = (await control('GET', `${appPath}/conversations`)).conversations;
    if (!ctx.isCurrent()) return;
    list.replaceChildren(...summaries.map(item));
    if (!summaries.length) list.append(h('li', { class: 'empty' }, 'No conversation yet.'));
    if (pane) pane.update(summaries.find((s) => s.conversation.id === pane.conversationId));
  }

  /** A conversation by its id, or a user's default one by the user's id or external id. */
  function find(id) {
    return summaries.find((s) => s.conversation.id === id)
      || summaries.find((s) => s.conversation.isDefault
        && s.participants.some(({ user }) => user.id === id || user.externalId === id));
  }

  function item(summary) {
    const { conversation } = summary;
    const current = pane && pane.conversationId === conversation.id;
    return h('li', {},
      h('a', { class: 'conversation', href: appHref(ctx.appId, 'conversations', conversation.id),
        'aria-current': current ? 'page' : false, dataset: { conversationId: conversation.id } },
        h('span', { class: 'conversation-title' }, titleOf(summary),
          h('span', { class: 'chip type-chip' }, conversation.type)),
        h('span', { class: 'conversation-people' }, peopleOf(summary)),
        h('span', { class: 'conversation-last' }, lastLine(summary)),
        h('span', { class: 'conversation-meta' },
          `${summary.messageCount} message${summary.messageCount === 1 ? '' : 's'}`,
          ` · ${formatTime(Date.parse(summary.lastActivity) / 1000)}`)));
  }

  const refreshList = debounce(() => attempt(loadList, 'Loading conversations'), 150);

  await loadList();
  const opened = selectedId ? find(selectedId) : null;
  if (opened) {
    pane = openConversation(chat, ctx, opened);
    list.querySelector(`[data-conversation-id="${opened.conversation.id}"]`)?.setAttribute('aria-current', 'page');
    await pane.load();
  } else if (selectedId) {
    chat.append(h('p', { class: 'empty' }, `No conversation or user ${selectedId} in this app.`));
  } else {
    chat.append(h('div', { class: 'empty chat-empty' },
      h('p', {}, 'Pick a conversation, or start one as a new user.'),
      h('p', { class: 'hint' }, 'Business replies sent through the API appear here live.')));
  }

  return {
    cleanup: () => pane && pane.stop(),
    onLive(event) {
      if (event.kind === 'ready') {
        refreshList();
        if (pane) pane.refresh();
        return;
      }
      if (event.kind === 'delivery') return;
      if (pane && event.conversationId === pane.conversationId) pane.onLive(event);
      if (event.kind !== 'typing') refreshList();
    },
  };
}

/** A personal conversation is its user ("Sam Lee · sam-42"); a group its display name. */
function titleOf({ conversation, participants }) {
  if (conversation.type === 'personal' && participants.length) {
    const { user } = participants[0];
    const name = userLabel(user);
    return [h('span', { class: 'user-name' }, name),
      user.externalId && user.externalId !== name ? h('span', { class: 'user-id small' }, ` · ${user.externalId}`) : null];
  }
  return h('span', { class: 'user-name' }, conversation.displayName || 'Group conversation');
}

function peopleOf({ conversation, participants }) {
  if (conversation.type === 'personal') {
    const channels = participants.length ? participants[0].channels : [];
    return channels.map((c) => h('span', { class: 'chip' }, c));
  }
  if (!participants.length) return 'No participant';
  return `${participants.length} participant${participants.length === 1 ? '' : 's'}: `
    + participants.map(({ user }) => userLabel(user)).join(', ');
}

function lastLine({ lastMessage, participants }) {
  if (!lastMessage) return 'No message';
  const { author, content } = lastMessage;
  const text = content.text || content.textFallback || `(${content.type})`;
  if (author.type === 'business') return `↩ ${author.displayName ? `${author.displayName}: ` : ''}${text}`;
  if (participants.length < 2) return text;
  const writer = participants.find(({ user }) => user.id === author.userId);
  return `${writer ? userLabel(writer.user) : author.displayName || 'user'}: ${text}`;
}
