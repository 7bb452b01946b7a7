'use strict';
// The official smooch-core client against the fake, once with app scope and once with account
// scope. Run by tests/test_client_js.py; prints one JSON summary line, exits non-zero on failure.
//
// Env: SMOOCH_URL, SMOOCH_APP_ID, SMOOCH_APP_KEY_ID, SMOOCH_APP_SECRET,
//      SMOOCH_ACCOUNT_KEY_ID, SMOOCH_ACCOUNT_SECRET.

const assert = require('assert');
const http = require('http');
const path = require('path');

const Smooch = require(path.join(__dirname, 'node_modules', 'smooch-core'));

const env = (name) => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`missing env var ${name}`);
    }
    return value;
};

// A local receiver for the webhook target, so deliveries (if the fake makes any) stay on loopback.
function startReceiver() {
    const received = [];
    const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => { body += chunk; });
        req.on('end', () => {
            received.push({ apiKey: req.headers['x-api-key'], body });
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end('{}');
        });
    });
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => resolve({ server, received, url: `http://127.0.0.1:${server.address().port}/hook` }));
    });
}

// Poll (with a deadline, never a fixed sleep) until `done()` holds.
async function waitFor(done, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

// Under account scope smooch-core puts the appId first; under app scope it is implied by the key.
function scoped(smooch, appId) {
    const withApp = (...args) => (smooch.scope === 'account' ? [appId, ...args] : args);
    return {
        createWebhook: (props) => smooch.webhooks.create(...withApp(props)),
        listWebhooks: () => smooch.webhooks.list(...withApp()),
        // The smooch-core quirk: a lone object argument must wrap the user as {appUser}.
        createUser: (appUser) => (smooch.scope === 'account'
            ? smooch.appUsers.create({ appId, appUser })
            : smooch.appUsers.create({ appUser })),
        getUser: (userId) => smooch.appUsers.get(...withApp(userId)),
        sendMessage: (userId, message) => smooch.appUsers.sendMessage(...withApp(userId, message)),
        getMessages: (userId, query) => smooch.appUsers.getMessages(...withApp(userId, query)),
    };
}

async function exercise(smooch, appId, userId, receiver) {
    const target = receiver.url;
    const api = scoped(smooch, appId);
    const summary = { scope: smooch.scope };

    const { webhook } = await api.createWebhook({ target, triggers: ['message:appUser'] });
    assert.strictEqual(webhook.target, target);
    assert.deepStrictEqual(webhook.triggers, ['message:appUser']);
    assert.ok(webhook.secret, 'webhook secret');
    assert.strictEqual(webhook.version, 'v1.1');
    const { webhooks } = await api.listWebhooks();
    assert.ok(webhooks.some((w) => w._id === webhook._id), 'created webhook is listed');
    summary.webhookId = webhook._id;

    const { appUser } = await api.createUser({
        userId, givenName: 'Ada', surname: 'Lovelace', signedUpAt: new Date('2020-05-06T07:08:09.010Z'),
        properties: { tier: 'gold' },
    });
    assert.strictEqual(appUser.userId, userId);
    assert.strictEqual(appUser.signedUpAt, '2020-05-06T07:08:09.010Z');
    assert.deepStrictEqual(appUser.properties, { tier: 'gold' });
    assert.strictEqual(appUser.conversationStarted, false);
    summary.appUserId = appUser._id;
    assert.strictEqual((await api.getUser(userId)).appUser._id, appUser._id);

    const sent = [];
    const first = await api.sendMessage(appUser._id, { role: 'appUser', type: 'text', text: 'Hello' });
    assert.strictEqual(first.message.authorId, appUser._id);
    assert.strictEqual(first.message.name, 'Ada Lovelace');
    assert.deepStrictEqual(first.message.source, { type: 'api' });
    assert.strictEqual(first.conversation.unreadCount, 0);
    sent.push(first.message);
    const second = await api.sendMessage(appUser._id, {
        role: 'appMaker', type: 'text', text: 'Hi Ada, more?',
        actions: [{ type: 'postback', text: 'Yes', payload: 'YES' }, { type: 'link', text: 'Docs', uri: 'https://example.com' }],
    });
    assert.strictEqual(second.message.actions.length, 2);
    assert.match(second.message.actions[0]._id, /^[0-9a-f]{24}$/);
    assert.strictEqual(second.message.actions[0].uri, '');
    assert.strictEqual(second.conversation.unreadCount, 1);
    sent.push(second.message);
    const third = await api.sendMessage(userId, { role: 'appUser', type: 'text', text: 'Yes please' });
    sent.push(third.message);
    assert.ok(first.message.received < second.message.received && second.message.received < third.message.received);

    const all = await api.getMessages(appUser._id);
    assert.deepStrictEqual(all.messages.map((m) => m.text), ['Hello', 'Hi Ada, more?', 'Yes please']);
    assert.strictEqual(all.conversation._id, first.conversation._id);
    const older = await api.getMessages(appUser._id, { before: third.message.received });
    assert.deepStrictEqual(older.messages.map((m) => m._id), [first.message._id, second.message._id]);
    assert.ok(older.next && older.next.includes('after='), `next url: ${older.next}`);
    const newer = await api.getMessages(userId, { after: first.message.received });
    assert.deepStrictEqual(newer.messages.map((m) => m._id), [second.message._id, third.message._id]);

    await assert.rejects(api.getUser('nobody-' + userId), (err) => {
        assert.strictEqual(err.response.status, 404);
        assert.strictEqual(err.code, 'not_found');
        assert.ok(err.description);
        return true;
    });

    // Both appUser messages reach this webhook as message:appUser, authenticated by its secret.
    const mine = () => receiver.received.filter((r) => r.apiKey === webhook.secret).map((r) => JSON.parse(r.body));
    await waitFor(() => mine().length >= 2, `2 deliveries to webhook ${webhook._id}`);
    const deliveries = mine();
    assert.deepStrictEqual(deliveries.map((d) => d.trigger), ['message:appUser', 'message:appUser']);
    assert.deepStrictEqual(deliveries.map((d) => d.messages[0].text).sort(), ['Hello', 'Yes please']);
    assert.ok(deliveries.every((d) => d.app._id === appId && d.version === 'v1.1' && d.appUser._id === appUser._id));
    summary.deliveredTexts = deliveries.map((d) => d.messages[0].text).sort();

    summary.messageIds = sent.map((m) => m._id);
    summary.beforePage = older.messages.map((m) => m.text);
    summary.afterPage = newer.messages.map((m) => m.text);
    return summary;
}

async function main() {
    const serviceUrl = env('SMOOCH_URL');
    const appId = env('SMOOCH_APP_ID');
    const receiver = await startReceiver();
    try {
        const appScope = new Smooch({
            keyId: env('SMOOCH_APP_KEY_ID'), secret: env('SMOOCH_APP_SECRET'), scope: 'app', serviceUrl: serviceUrl + '/',
        });
        const accountScope = new Smooch({
            keyId: env('SMOOCH_ACCOUNT_KEY_ID'), secret: env('SMOOCH_ACCOUNT_SECRET'), scope: 'account', serviceUrl,
        });
        const results = [
            await exercise(appScope, appId, 'ada-app@example.com', receiver),
            await exercise(accountScope, appId, 'ada-account@example.com', receiver),
        ];
        // The account run's two messages also reached the app run's webhook: 2 + 2 * 2 in all.
        await waitFor(() => receiver.received.length >= 6, '6 webhook deliveries');
        console.log(JSON.stringify({ ok: true, results, deliveries: receiver.received.length }));
    } finally {
        receiver.server.closeAllConnections();
        receiver.server.close();
    }
}

main().catch((error) => {
    console.error(error && error.stack ? error.stack : error);
    console.log(JSON.stringify({ ok: false, error: String(error && error.message) }));
    process.exit(1);
});
