'use strict';
// What the v2 scripts share: the official v2 JS client (sunshine-conversations-client 14.1.0),
// their environment, clients configured only through basePath and credentials (as the README
// shows), the answer of a call that must fail, and how a script reports its end.

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

// A client for a key: Basic auth, or, when `jwt` names a scope ('account', 'app'), a JWT.
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

// A client for the app key in SMOOCH_KEY_ID / SMOOCH_SECRET: Basic, or an app-scope JWT.
function appClient({ jwt }) {
    const key = { keyId: env('SMOOCH_KEY_ID'), secret: env('SMOOCH_SECRET') };
    return clientFor({ ...key, jwt: jwt ? 'app' : undefined });
}

// The status and body of a call that must fail (the v2 error body).
async function failure(promise) {
    try {
        await promise;
    } catch (error) {
        return { status: error.status, body: error.body };
    }
    throw new Error('the call was expected to fail');
}

// Run a script's `main`; on an error, print what the server answered and exit 1.
function run(main) {
    main().catch((error) => {
        console.error(error && error.response ? error.response.text : error);
        process.exit(1);
    });
}

module.exports = { SunshineConversationsClient, env, clientFor, appClient, failure, run };
