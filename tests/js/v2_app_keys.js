'use strict';
// The official v2 JS client (sunshine-conversations-client 14.1.0) against the fake: an account
// key creates an app and an app key (Basic, then a JWT), the new key reads its app, a wrong-scope
// call answers the v2 error body. Run by tests/test_v2_client_js.py; prints one JSON summary line.
//
// Env: SMOOCH_URL, SMOOCH_ACCOUNT_KEY_ID, SMOOCH_ACCOUNT_SECRET.

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

// An HS256 JWT with the key id in `kid`, as the docs build one with jsonwebtoken.
function signJwt(keyId, secret, scope) {
    const encode = (part) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT', kid: keyId })}.${encode({ scope })}`;
    const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
    return `${unsigned}.${signature}`;
}

// A client configured only through basePath and credentials, as the README shows.
function clientFor({ keyId, secret, jwt }) {
    const client = new SunshineConversationsClient.ApiClient();
    client.basePath = env('SMOOCH_URL');
    if (jwt) {
        client.authentications.bearerAuth.accessToken = signJwt(keyId, secret, jwt);
    } else {
        client.authentications.basicAuth.username = keyId;
        client.authentications.basicAuth.password = secret;
    }
    return client;
}

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

    let refused = null;
    try {
        await new SunshineConversationsClient.AppKeysApi(
            clientFor({ keyId: key.id, secret: key.secret })).createAppKey(app.id, keyBody);
    } catch (error) {
        refused = { status: error.status, body: error.body };
    }
    assert.ok(refused, 'an app key must not create app keys');

    await keys.deleteAppKey(app.id, key.id);
    let gone = null;
    try {
        await keys.getAppKey(app.id, key.id);
    } catch (error) {
        gone = { status: error.status, body: error.body };
    }

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

main().catch((error) => {
    console.error(error && error.response ? error.response.text : error);
    process.exit(1);
});
