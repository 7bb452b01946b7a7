'use strict';
// The official v2 JS client (sunshine-conversations-client 14.1.0) against the fake: an app key
// creates a user and fetches it by id and by externalId, lists the user's conversations (its
// default one), creates an sdkGroup with it, pages the list one conversation at a time (the
// client sends `page[after]` only), and gets 409 for a taken externalId. Run by
// tests/test_v2_client_js.py; prints one JSON summary line.
//
// Env: SMOOCH_URL, SMOOCH_APP_ID, SMOOCH_KEY_ID, SMOOCH_SECRET.

const assert = require('assert');
const crypto = require('crypto');
const path = require('path');

const SunshineConversationsClient = require(
    path.join(__dirname, 'node_modules', 'sunshine-conversations-client'));

const env = (name) => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`missing env var ${name}`);
    }
    return value;
};

function signJwt(keyId, secret, scope) {
    const encode = (part) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT', kid: keyId })}.${encode({ scope })}`;
    const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
    return `${unsigned}.${signature}`;
}

function clientFor({ jwt }) {
    const client = new SunshineConversationsClient.ApiClient();
    client.basePath = env('SMOOCH_URL');
    if (jwt) {
        client.authentications.bearerAuth.accessToken = signJwt(
            env('SMOOCH_KEY_ID'), env('SMOOCH_SECRET'), 'app');
    } else {
        client.authentications.basicAuth.username = env('SMOOCH_KEY_ID');
        client.authentications.basicAuth.password = env('SMOOCH_SECRET');
    }
    return client;
}

async function refusal(call) {
    try {
        await call();
    } catch (error) {
        return { status: error.status, body: error.body };
    }
    throw new Error('the call should have failed');
}

async function main() {
    const appId = env('SMOOCH_APP_ID');
    const users = new SunshineConversationsClient.UsersApi(clientFor({ jwt: false }));
    const conversations = new SunshineConversationsClient.ConversationsApi(clientFor({ jwt: true }));

    const userBody = new SunshineConversationsClient.UserCreateBody('js-user');
    userBody.profile = { givenName: 'Jess', email: 'jess@example.com' };
    userBody.metadata = { plan: 'pro' };
    const { user } = await users.createUser(appId, userBody);
    assert.strictEqual(user.externalId, 'js-user');
    const byId = await users.getUser(appId, user.id);
    const byExternalId = await users.getUser(appId, 'js-user');

    const filter = new SunshineConversationsClient.ConversationListFilter();
    filter.userId = user.id;
    const before = await conversations.listConversations(appId, filter);

    const createBody = new SunshineConversationsClient.ConversationCreateBody('sdkGroup');
    createBody.displayName = 'JS group';
    createBody.participants = [{ userExternalId: 'js-user', subscribeSDKClient: false }];
    const { conversation: group } = await conversations.createConversation(appId, createBody);

    const page = new SunshineConversationsClient.Page();
    page.after = before.conversations[0].id;
    const after = await conversations.listConversations(appId, filter, { page });

    const taken = await refusal(() => users.createUser(
        appId, new SunshineConversationsClient.UserCreateBody('js-user')));

    console.log(JSON.stringify({
        ok: true,
        userId: user.id,
        fetched: [byId.user.id, byExternalId.user.id],
        profile: byId.user.profile,
        metadata: byId.user.metadata,
        before: before.conversations.map((c) => ({ id: c.id, type: c.type, isDefault: c.isDefault })),
        group: { id: group.id, type: group.type, displayName: group.displayName },
        afterDefault: after.conversations.map((c) => c.id),
        hasMoreAfter: after.meta.hasMore,
        taken,
    }));
}

main().catch((error) => {
    console.error(error && error.response ? error.response.text : error);
    process.exit(1);
});
