'use strict';
// The official v2 JS client (sunshine-conversations-client 14.1.0) against the fake: an app key
// creates a custom integration with its webhook, lists it with filter[types]=custom, adds a second
// webhook, deletes the first, is refused deleting the last, then deletes the integration (JWT).
// Run by tests/test_v2_client_js.py; prints one JSON summary line.
//
// Env: SMOOCH_URL, SMOOCH_APP_ID, SMOOCH_KEY_ID, SMOOCH_SECRET.

const assert = require('assert');

const { SunshineConversationsClient, appClient, env, failure, run } = require('./v2_client_setup');

// Status and parsed body of an answer (the client hands a bodiless type's `{}` back as text).
const answer = ({ response }) => ({ status: response.status, body: response.body });

async function main() {
    const appId = env('SMOOCH_APP_ID');
    const integrations = new SunshineConversationsClient.IntegrationsApi(appClient({ jwt: false }));
    const webhooks = new SunshineConversationsClient.WebhooksApi(appClient({ jwt: true }));

    const hook = new SunshineConversationsClient.Webhook(
        'https://example.com/js-hook', ['conversation:message', 'conversation:postback']);
    const custom = new SunshineConversationsClient.Custom('custom', [hook]);
    custom.displayName = 'JS bot';
    // The client's Integration model keeps only the common fields: read the webhooks off the body.
    const made = await integrations.createIntegrationWithHttpInfo(appId, custom);
    const integration = made.response.body.integration;
    assert.strictEqual(made.data.integration.type, 'custom');
    assert.strictEqual(integration.webhooks.length, 1);

    const filter = new SunshineConversationsClient.IntegrationListFilter('custom');
    const listed = await integrations.listIntegrations(appId, { filter });

    // 14.1.0's WebhookCreateBody constructor drops its arguments: set the fields.
    const body = new SunshineConversationsClient.WebhookCreateBody();
    body.target = 'https://example.com/js-2';
    body.triggers = ['user:remove'];
    const second = await webhooks.createWebhook(appId, integration.id, body);
    const firstId = integration.webhooks[0].id;
    const deleted = answer(await webhooks.deleteWebhookWithHttpInfo(appId, integration.id, firstId));
    const afterDelete = await webhooks.listWebhooks(appId, integration.id);
    const lastRefused = await failure(
        webhooks.deleteWebhook(appId, integration.id, second.webhook.id));

    const removed = answer(
        await integrations.deleteIntegrationWithHttpInfo(appId, integration.id));
    const gone = await failure(integrations.getIntegration(appId, integration.id));

    console.log(JSON.stringify({
        ok: true,
        integrationId: integration.id,
        displayName: integration.displayName,
        firstVersion: integration.webhooks[0].version,
        listedIds: listed.integrations.map((i) => i.id),
        second: second.webhook,
        deleted,
        remainingIds: afterDelete.webhooks.map((w) => w.id),
        lastRefused,
        removed,
        gone,
    }));
}

run(main);
