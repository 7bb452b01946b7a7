'use strict';
// The official v2 JS client (sunshine-conversations-client 14.1.0) against the fake: an app key
// creates a user and fetches it by id and by externalId, lists the user's conversations (its
// default one), creates an sdkGroup with it, pages the list one conversation at a time (the
// client sends `page[after]` only), and gets 409 for a taken externalId. Run by
// tests/test_v2_client_js.py; prints one JSON summary line.
//
// Env: SMOOCH_URL, SMOOCH_APP_ID, SMOOCH_KEY_ID, SMOOCH_SECRET.

const assert = require('assert');

const { SunshineConversationsClient, appClient, env, failure, run } = require('./v2_client_setup');

async function main() {
    const appId = env('SMOOCH_APP_ID');
    const users = new SunshineConversationsClient.UsersApi(appClient({ jwt: false }));
    const conversations = new SunshineConversationsClient.ConversationsApi(appClient({ jwt: true }));

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

    const taken = await failure(users.createUser(
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

run(main);
