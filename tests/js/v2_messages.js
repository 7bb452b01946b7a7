'use strict';
// The official v2 JS client (sunshine-conversations-client 14.1.0) against the fake: an app key
// posts a business message to a user's conversation (Basic), then the history is walked with
// `page[before]` back to its oldest page and forward again with `page[after]` (a JWT). Run by
// tests/test_v2_client_js.py; prints one JSON summary line.
//
// Env: SMOOCH_URL, SMOOCH_APP_ID, SMOOCH_KEY_ID, SMOOCH_SECRET, SMOOCH_CONVERSATION_ID.

const assert = require('assert');

const { SunshineConversationsClient, appClient, env, run } = require('./v2_client_setup');

async function main() {
    const appId = env('SMOOCH_APP_ID');
    const conversationId = env('SMOOCH_CONVERSATION_ID');

    const basic = new SunshineConversationsClient.MessagesApi(appClient({ jwt: false }));
    const post = new SunshineConversationsClient.MessagePost();
    post.author = { type: 'business', displayName: 'JS bot' };
    post.content = { type: 'text', text: 'Hello from JS' };
    const posted = await basic.postMessage(appId, conversationId, post);
    assert.strictEqual(posted.messages.length, 1);
    const [message] = posted.messages;

    const messages = new SunshineConversationsClient.MessagesApi(appClient({ jwt: true }));
    const newest = await messages.listMessages(appId, conversationId);
    let oldest = newest;
    while (oldest.meta.hasMore) {
        oldest = await messages.listMessages(
            appId, conversationId, { page: { before: oldest.meta.beforeCursor } });
    }
    const walked = oldest.messages.map((m) => m.id);
    let cursor = walked[walked.length - 1];
    let pages = 1;
    for (;;) {
        const page = await messages.listMessages(
            appId, conversationId, { page: { after: cursor } });
        pages += 1;
        walked.push(...page.messages.map((m) => m.id));
        if (!page.meta.hasMore) {
            assert.strictEqual(page.meta.afterCursor, undefined);
            break;
        }
        assert.strictEqual(page.meta.afterCursor, walked[walked.length - 1]);
        cursor = page.meta.afterCursor;
    }
    console.log(JSON.stringify({
        ok: true,
        posted: {
            id: message.id,
            received: message.received,
            author: message.author,
            source: message.source,
            text: message.content.text,
        },
        newestPageSize: newest.messages.length,
        walked,
        pages,
    }));
}

run(main);
