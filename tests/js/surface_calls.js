'use strict';
// The rest of smooch-core's surface against the fake, under app scope and under account scope:
// every step runs even if an earlier one failed, and the summary line lists the failed steps.
// Run by tests/test_client_js.py.
//
// Env: SMOOCH_URL, SMOOCH_APP_ID, SMOOCH_APP_KEY_ID, SMOOCH_APP_SECRET,
//      SMOOCH_ACCOUNT_KEY_ID, SMOOCH_ACCOUNT_SECRET.

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

// smooch-core installs the `form-data` package as global.FormData only when there is none; since
// Node 18 there is a native one, which its node-fetch 1.x cannot send (uploads go out as
// "[object FormData]"). Remove it first, as on the Node versions smooch-core was written for.
delete global.FormData;
const Smooch = require(path.join(__dirname, 'node_modules', 'smooch-core'));
const FormData = require(path.join(__dirname, 'node_modules', 'form-data'));

const env = (name) => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`missing env var ${name}`);
    }
    return value;
};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

// A file stream, as smooch-core's docs use: form-data cannot size a generic Readable, so the
// request would go out with a Content-Length that leaves the file out.
function pngFile() {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smooch-mock-')), 'photo.png');
    fs.writeFileSync(file, PNG);
    return fs.createReadStream(file);
}

function pngUpload(name) {
    const form = new FormData();
    form.append('source', PNG, { filename: name, contentType: 'image/png' });
    return form;
}

async function runSteps(label, steps) {
    const passed = [];
    const failed = [];
    for (const [name, step] of steps) {
        try {
            await step();
            passed.push(`${label}:${name}`);
        } catch (error) {
            failed.push({ step: `${label}:${name}`, error: String(error && error.message), code: error && error.code });
            console.error(`${label}:${name}`, error && error.stack ? error.stack : error);
        }
    }
    return { passed, failed };
}

// The smooch-core quirk: a lone object argument must wrap the user as {appUser} (and {appId}).
function createUser(smooch, appId, appUser) {
    return smooch.scope === 'account' ? smooch.appUsers.create(appId, appUser) : smooch.appUsers.create({ appUser });
}

// The same calls for both scopes; `a(...)` puts the appId first under account scope.
function coreSteps(smooch, appId, tag) {
    const a = (...args) => (smooch.scope === 'account' ? [appId, ...args] : args);
    const s = {};
    return [
        ['appUsers.create+update', async () => {
            s.user = (await createUser(smooch, appId, { userId: `u-${tag}`, givenName: 'Grace', properties: { a: 1 } })).appUser;
            const { appUser } = await smooch.appUsers.update(...a(s.user._id, { surname: 'Hopper', properties: { b: 2 } }));
            assert.strictEqual(appUser.surname, 'Hopper');
            assert.deepStrictEqual(appUser.properties, { a: 1, b: 2 });
        }],
        ['appUsers.sendMessage(carousel)', async () => {
            const { message } = await smooch.appUsers.sendMessage(...a(s.user._id, {
                role: 'appMaker', type: 'carousel',
                items: [{ title: 'One', actions: [{ type: 'postback', text: 'Pick', payload: 'ONE' }] }],
            }));
            s.actionId = message.items[0].actions[0]._id;
            assert.match(s.actionId, /^[0-9a-f]{24}$/);
            assert.strictEqual(message.text, '1. One');
        }],
        ['conversations.postPostback', async () => {
            await smooch.conversations.postPostback(...a(s.user._id, s.actionId));
        }],
        ['appUsers.conversationActivity', async () => {
            const { conversation } = await smooch.appUsers.conversationActivity(...a(s.user._id, { role: 'appMaker', type: 'typing:start' }));
            assert.strictEqual(conversation.unreadCount, 1);
        }],
        ['conversations.resetUnreadCount', async () => {
            await smooch.conversations.resetUnreadCount(...a(s.user._id));
            const { conversation } = await smooch.appUsers.getMessages(...a(s.user._id));
            assert.strictEqual(conversation.unreadCount, 0);
        }],
        ['conversations.get (legacy)', async () => {
            const { conversation } = await smooch.conversations.get(...a(s.user._id));
            assert.ok(conversation.messages.length >= 1);
        }],
        ['appUsers.uploadImage', async () => {
            const { message } = await smooch.appUsers.uploadImage(...a(s.user._id, pngFile(), { role: 'appMaker', text: 'A picture' }));
            assert.strictEqual(message.type, 'image');
            assert.strictEqual(message.text, 'A picture');
            assert.ok(message.mediaUrl.startsWith(env('SMOOCH_URL')), message.mediaUrl);
        }],
        ['appUsers.deleteMessage+deleteMessages', async () => {
            const { messages } = await smooch.appUsers.getMessages(...a(s.user._id));
            await smooch.appUsers.deleteMessage(...a(s.user._id, messages[0]._id));
            const after = await smooch.appUsers.getMessages(...a(s.user._id));
            assert.strictEqual(after.messages.length, messages.length - 1);
            await smooch.appUsers.deleteMessages(...a(s.user._id));
            assert.deepStrictEqual((await smooch.appUsers.getMessages(...a(s.user._id))).messages, []);
        }],
        ['integrations.create+list+get+update', async () => {
            s.twilio = (await smooch.integrations.create(appId, { type: 'twilio', accountSid: 'AC1', authToken: 't', phoneNumberSid: 'PN1' })).integration;
            s.messenger = (await smooch.integrations.create({ appId, props: { type: 'messenger', pageAccessToken: 'p', appId: 'fb', appSecret: 's' } })).integration;
            const { integrations } = await smooch.integrations.list({ appId, types: ['twilio'] });
            assert.ok(integrations.every((i) => i.type === 'twilio'));
            assert.ok(integrations.some((i) => i._id === s.twilio._id));
            assert.strictEqual((await smooch.integrations.get(appId, s.twilio._id)).integration.type, 'twilio');
            const { integration } = await smooch.integrations.update(appId, s.messenger._id, { displayName: 'FB' });
            assert.strictEqual(integration.displayName, 'FB');
        }],
        ['integrations.menu', async () => {
            const items = [{ type: 'postback', text: 'Help', payload: 'HELP' }];
            const created = await smooch.integrations.menu.create(...a(s.messenger._id, { items }));
            assert.strictEqual(created.menu.items[0].payload, 'HELP');
            await smooch.integrations.menu.update(...a(s.messenger._id, { items: [{ type: 'link', text: 'Web', uri: 'https://example.com' }] }));
            assert.strictEqual((await smooch.integrations.menu.get(...a(s.messenger._id))).menu.items[0].type, 'link');
            await smooch.integrations.menu.delete(...a(s.messenger._id));
            assert.deepStrictEqual((await smooch.integrations.menu.get(...a(s.messenger._id))).menu.items, []);
        }],
        ['integrations.profile+photo+messageTemplates', async () => {
            const wa = (await smooch.integrations.create(appId, { type: 'whatsapp', deploymentId: '5c86dbc35d2e6c0010b8b72e' })).integration;
            await smooch.integrations.profile.update(...a(wa._id, { about: 'Tacos' }));
            assert.strictEqual((await smooch.integrations.profile.get(...a(wa._id))).profile.about, 'Tacos');
            const { photoUrl } = await smooch.integrations.profile.photo.upload(...a(wa._id, pngUpload('logo.png')));
            assert.ok(photoUrl.endsWith('logo.png'), photoUrl);
            const { messageTemplate } = await smooch.integrations.messageTemplates.create(...a(wa._id, {
                name: 'shipped', category: 'SHIPPING_UPDATE', language: 'en_US', components: [{ type: 'BODY', text: 'Shipped!' }],
            }));
            assert.strictEqual(messageTemplate.status, 'PENDING');
            const { messageTemplates } = await smooch.integrations.messageTemplates.list(...a(wa._id, { limit: 10 }));
            assert.deepStrictEqual(messageTemplates.map((t) => t.name), ['shipped']);
            await smooch.integrations.messageTemplates.delete(...a(wa._id, 'shipped'));
        }],
        ['appUsers.linkChannel+channels+unlink', async () => {
            const { appUser } = await smooch.appUsers.linkChannel(...a(s.user._id, {
                type: 'twilio', integrationId: s.twilio._id, phoneNumber: '+15145551234', confirmation: { type: 'immediate' },
            }));
            assert.deepStrictEqual(appUser.clients.map((c) => c.platform), ['twilio']);
            const { channels } = await smooch.appUsers.getChannels(...a(s.user._id));
            assert.deepStrictEqual(channels, [{ type: 'twilio', integrationId: s.twilio._id, phoneNumber: '+15145551234' }]);
            await smooch.appUsers.unlinkChannel(...a(s.user._id, 'twilio'));
        }],
        ['appUsers.pingChannel+viber/wechat.getQRCode', async () => {
            await smooch.appUsers.linkChannel(...a(s.user._id, {
                type: 'twilio', integrationId: s.twilio._id, phoneNumber: '+15145551235', confirmation: { type: 'immediate' },
            }));
            assert.deepStrictEqual(await smooch.appUsers.pingChannel(...a(s.user._id, 'twilio')), {});
            await assert.rejects(smooch.appUsers.pingChannel(...a(s.user._id, 'line')), (err) => err.code === 'not_found');
            await smooch.appUsers.unlinkChannel(...a(s.user._id, 'twilio'));
            const viber = (await smooch.integrations.create({ appId, props: { type: 'viber', token: 'v' } })).integration;
            const wechat = (await smooch.integrations.create({ appId, props: { type: 'wechat', appId: 'wx', appSecret: 's' } })).integration;
            assert.match((await smooch.appUsers.viber.getQRCode(...a(s.user._id))).url, /^viber:\/\/pa\?chatURI=/);
            assert.match((await smooch.appUsers.wechat.getQRCode(...a(s.user._id))).url, /showqrcode\?ticket=lr_/);
            await smooch.integrations.delete(appId, viber._id);
            await smooch.integrations.delete(appId, wechat._id);
        }],
        ['appUsers.stripe.updateCustomer+createTransaction+stripe.getAccount', async () => {
            const { message } = await smooch.appUsers.sendMessage(...a(s.user._id, {
                role: 'appMaker', type: 'text', text: 'Socks', actions: [{ type: 'buy', text: 'Buy', amount: 900 }],
            }));
            await smooch.appUsers.stripe.updateCustomer(...a(s.user._id, 'tok_card'));
            await smooch.appUsers.stripe.createTransaction(...a(s.user._id, message.actions[0]._id));
            await assert.rejects(
                smooch.appUsers.stripe.createTransaction(...a(s.user._id, message.actions[0]._id)),
                (err) => err.code === 'bad_request',
            );
            assert.match((await smooch.stripe.getAccount(...a())).account.id, /^acct_/);
        }],
        ['appUsers.businessSystems+authCode+linkRequests', async () => {
            assert.deepStrictEqual((await smooch.appUsers.getBusinessSystems(...a(s.user._id))).businessSystems, []);
            assert.match((await smooch.appUsers.getAuthCode(...a(s.user._id))).authCode, /^ac_/);
            const { linkRequests } = await smooch.appUsers.getLinkRequests(...a(s.user._id, [s.messenger._id]));
            assert.strictEqual(linkRequests[0].integrationId, s.messenger._id);
            assert.match(linkRequests[0].code, /^lr_/);
        }],
        ['appUsers.mergeUsers', async () => {
            const other = (await createUser(smooch, appId, { userId: `other-${tag}` })).appUser;
            await smooch.appUsers.mergeUsers(...a({ surviving: { _id: s.user._id }, discarded: { _id: other._id } }));
            await assert.rejects(smooch.appUsers.get(...a(other._id)), (err) => err.code === 'not_found');
        }],
        ['webhooks.get+update+delete', async () => {
            const { webhook } = await smooch.webhooks.create(...a({ target: 'http://127.0.0.1:9/unused', triggers: ['postback'] }));
            assert.strictEqual((await smooch.webhooks.get(...a(webhook._id))).webhook.secret, webhook.secret);
            const updated = await smooch.webhooks.update(...a(webhook._id, { triggers: ['postback', 'message:appMaker'] }));
            assert.deepStrictEqual(updated.webhook.triggers, ['postback', 'message:appMaker']);
            await smooch.webhooks.delete(...a(webhook._id));
        }],
        ['menu.configure+get+remove', async () => {
            const { menu } = await smooch.menu.configure(...a({ items: [{ type: 'postback', text: 'Hi', payload: 'HI' }], settings: { inputEnabled: false } }));
            assert.strictEqual(menu.items[0].text, 'Hi');
            assert.deepStrictEqual((await smooch.menu.get(...a())).menu.settings, { inputEnabled: false });
            assert.deepStrictEqual((await smooch.menu.remove(...a())).menu.items, []);
        }],
        ['templates', async () => {
            const { template } = await smooch.templates.create(...a({ name: 'hi', message: { role: 'appMaker', type: 'text', text: 'Hi' } }));
            const listed = await smooch.templates.list(...a({ limit: 5, offset: 0 }));
            assert.deepStrictEqual(listed.templates.map((t) => t._id), [template._id]);
            assert.strictEqual((await smooch.templates.get(...a(template._id))).template.name, 'hi');
            assert.strictEqual((await smooch.templates.update(...a(template._id, { name: 'hello' }))).template.name, 'hello');
            await smooch.templates.delete(...a(template._id));
        }],
        ['attachments.create+delete', async () => {
            const { mediaUrl, mediaType } = await smooch.attachments.create(...a({ access: 'public', for: 'message', appUserId: s.user._id }, pngUpload('pic.png')));
            assert.strictEqual(mediaType, 'image/png');
            await smooch.attachments.delete(...a(mediaUrl));
        }],
        ['notifications.postNotification', async () => {
            const { notification } = await smooch.notifications.postNotification(appId, {
                destination: { integrationId: s.twilio._id, destinationId: '+15145550000' },
                author: { role: 'appMaker' }, message: { type: 'text', text: 'Hello' },
            });
            assert.match(notification._id, /^[0-9a-f-]{36}$/);
        }],
        ['appUsers.deleteProfile+delete', async () => {
            const { appUser } = await smooch.appUsers.deleteProfile(...a(s.user._id));
            assert.deepStrictEqual(appUser.properties, {});
            await smooch.appUsers.delete(...a(s.user._id));
            await assert.rejects(smooch.appUsers.get(...a(s.user._id)), (err) => err.code === 'not_found');
        }],
    ];
}

function accountOnlySteps(smooch) {
    const s = {};
    return [
        ['apps.create+list+get+update+sdkIds', async () => {
            s.app = (await smooch.apps.create('From JS', { useAnimalNames: true }, { k: 'v' })).app;
            assert.strictEqual(s.app.settings.useAnimalNames, true);
            assert.ok((await smooch.apps.list(100, 0)).apps.some((x) => x._id === s.app._id));
            assert.strictEqual((await smooch.apps.get(s.app._id)).app.name, 'From JS');
            assert.strictEqual((await smooch.apps.update(s.app._id, { name: 'Renamed' })).app.name, 'Renamed');
            const ids = await smooch.apps.getSdkIds(s.app._id);
            assert.ok(ids.webIntegrationId && ids.iosIntegrationId && ids.androidIntegrationId);
        }],
        ['apps.keys', async () => {
            const { key } = await smooch.apps.keys.create(s.app._id, 'js key');
            assert.match(key._id, /^app_/);
            assert.strictEqual((await smooch.apps.keys.list(s.app._id)).keys.length, 1);
            assert.strictEqual((await smooch.apps.keys.get(s.app._id, key._id)).key.secret, key.secret);
            const { jwt } = await smooch.apps.keys.getJwt(s.app._id, key._id);
            const appScope = new Smooch({ jwt, serviceUrl: env('SMOOCH_URL') });
            assert.strictEqual(appScope.scope, 'app');
            assert.deepStrictEqual((await appScope.webhooks.list()).webhooks, []);
            await smooch.apps.keys.delete(s.app._id, key._id);
        }],
        ['serviceAccounts+keys', async () => {
            const { serviceAccount } = await smooch.serviceAccounts.create('js robot');
            assert.ok((await smooch.serviceAccounts.list(10, 0)).serviceAccounts.some((x) => x._id === serviceAccount._id));
            assert.strictEqual((await smooch.serviceAccounts.get(serviceAccount._id)).serviceAccount.name, 'js robot');
            await smooch.serviceAccounts.update(serviceAccount._id, { name: 'robot 2' });
            const { key } = await smooch.serviceAccounts.keys.create(serviceAccount._id, 'svc key');
            assert.match(key._id, /^svc_/);
            assert.strictEqual((await smooch.serviceAccounts.keys.list(serviceAccount._id)).keys.length, 1);
            assert.strictEqual((await smooch.serviceAccounts.keys.get(serviceAccount._id, key._id)).key._id, key._id);
            const { jwt } = await smooch.serviceAccounts.keys.getJwt(serviceAccount._id, key._id);
            assert.strictEqual(new Smooch({ jwt, serviceUrl: env('SMOOCH_URL') }).scope, 'account');
            await smooch.serviceAccounts.keys.delete(serviceAccount._id, key._id);
            await smooch.serviceAccounts.delete(serviceAccount._id);
        }],
        ['apps.delete', async () => {
            await smooch.apps.delete(s.app._id);
            await assert.rejects(smooch.apps.get(s.app._id), (err) => err.response.status === 404);
        }],
    ];
}

async function main() {
    const serviceUrl = env('SMOOCH_URL');
    const appId = env('SMOOCH_APP_ID');
    const appScope = new Smooch({ keyId: env('SMOOCH_APP_KEY_ID'), secret: env('SMOOCH_APP_SECRET'), scope: 'app', serviceUrl });
    const accountScope = new Smooch({
        keyId: env('SMOOCH_ACCOUNT_KEY_ID'), secret: env('SMOOCH_ACCOUNT_SECRET'), scope: 'account', serviceUrl,
    });
    const results = [
        await runSteps('app', coreSteps(appScope, appId, 'app')),
        await runSteps('account', coreSteps(accountScope, appId, 'account')),
        await runSteps('account', accountOnlySteps(accountScope)),
    ];
    const passed = results.flatMap((r) => r.passed);
    const failed = results.flatMap((r) => r.failed);
    console.log(JSON.stringify({ ok: failed.length === 0, passed, failed }));
    process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((error) => {
    console.error(error && error.stack ? error.stack : error);
    console.log(JSON.stringify({ ok: false, passed: [], failed: [{ step: 'main', error: String(error && error.message) }] }));
    process.exit(1);
});
