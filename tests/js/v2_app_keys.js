'use strict';
// The official v2 JS client (sunshine-conversations-client 14.1.0) against the fake: an account
// key creates an app and an app key (Basic, then a JWT), the new key reads its app, a wrong-scope
// call answers the v2 error body. Run by tests/test_v2_client_js.py; prints one JSON summary line.
//
// Env: SMOOCH_URL, SMOOCH_ACCOUNT_KEY_ID, SMOOCH_ACCOUNT_SECRET.

const assert = require('assert');

const { SunshineConversationsClient, env, clientFor, failure, run } = require('./v2_client_setup');

async function main() {
    const account = { keyId: env('SMOOCH_ACCOUNT_KEY_ID'), secret: env('SMOOCH_ACCOUNT_SECRET') };
    const basic = clientFor(account);
    const bearer = clientFor({ ...account, jwt: 'account' });

    const apps = new SunshineConversationsClient.AppsApi(basic);
    const appBody = new SunshineConversationsClient.AppCreateBody();
    appBody.displayName = 'JS app';
    const { app } = await apps.createApp(appBody);
    assert.strictEqual(app.displayName, 'JS app');

    const keys = new SunshineConversationsClient.AppKeysApi(bearer);
    const keyBody = new SunshineConversationsClient.AppKeyCreateBody();
    keyBody.displayName = 'JS key';
    const { key } = await keys.createAppKey(app.id, keyBody);
    assert.ok(key.id.startsWith('app_'), key.id);
    assert.strictEqual(key.displayName, 'JS key');

    const listed = await new SunshineConversationsClient.AppKeysApi(basic).listAppKeys(app.id);
    const fetched = await keys.getAppKey(app.id, key.id);
    assert.strictEqual(fetched.key.secret, key.secret);

    const ownApps = new SunshineConversationsClient.AppsApi(
        clientFor({ keyId: key.id, secret: key.secret, jwt: 'app' }));
    const own = await ownApps.getApp(app.id);

    // An app key must not create app keys.
    const refused = await failure(new SunshineConversationsClient.AppKeysApi(
        clientFor({ keyId: key.id, secret: key.secret })).createAppKey(app.id, keyBody));

    await keys.deleteAppKey(app.id, key.id);
    const gone = await failure(keys.getAppKey(app.id, key.id));

    console.log(JSON.stringify({
        ok: true,
        appId: app.id,
        keyId: key.id,
        listedKeyIds: listed.keys.map((k) => k.id),
        ownAppName: own.app.displayName,
        refused,
        gone,
    }));
}

run(main);
