// The v2 API as the views need it: whole lists across pages, custom integrations with every
// webhook, the app's switchboard with its members, and names for an integration id.
import { enc, smooch } from './api.js';

const PAGE_SIZE = 100;
const MAX_PAGES = 20;

/** `GET /v2{path}` page after page (`page[after]`), every item of `key`. */
export async function listAll(path, key, query = {}) {
  const items = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const params = new URLSearchParams({ ...query, 'page[size]': String(PAGE_SIZE) });
    if (after) params.set('page[after]', after);
    const body = await smooch('GET', `${path}?${params}`, undefined, 'v2');
    items.push(...body[key]);
    if (!body.meta || !body.meta.hasMore || !body.meta.afterCursor) break;
    after = body.meta.afterCursor;
  }
  return items;
}

export function appPath(appId) {
  return `/apps/${enc(appId)}`;
}

/** Every integration of the app, as ListIntegrations shows them (v1 webhooks as `custom`). */
export function integrations(appId) {
  return listAll(`${appPath(appId)}/integrations`, 'integrations');
}

/** Every custom integration with all its webhooks (ListIntegrations shows only the first). */
export async function customIntegrations(appId) {
  const found = (await integrations(appId)).filter((i) => i.type === 'custom');
  return Promise.all(found.map(async (integration) => {
    const path = `${appPath(appId)}/integrations/${enc(integration.id)}/webhooks`;
    const body = await smooch('GET', path, undefined, 'v2');
    return { integration, webhooks: body.webhooks };
  }));
}

/** The app's switchboard with its members (`switchboardIntegrations`), or null without one. */
export async function switchboardOf(appId) {
  const body = await smooch('GET', `${appPath(appId)}/switchboards`, undefined, 'v2');
  const switchboard = body.switchboards[0];
  if (!switchboard) return null;
  const path = `${appPath(appId)}/switchboards/${enc(switchboard.id)}/switchboardIntegrations`;
  const members = (await smooch('GET', path, undefined, 'v2')).switchboardIntegrations;
  return { switchboard, members };
}

/** What to call an integration: its display name, else its type and the end of its id. */
export function integrationName(integration) {
  return integration.displayName || `${integration.type} ${integration.id.slice(-6)}`;
}

/** A v2 user's name: given name and surname, else the external id, else the id. */
export function userLabel(user) {
  const profile = user.profile || {};
  const name = [profile.givenName, profile.surname].filter(Boolean).join(' ');
  return name || user.externalId || user.id;
}
