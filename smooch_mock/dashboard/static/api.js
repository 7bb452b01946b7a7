// Calls to the fake: the Smooch REST API of either generation (Basic auth with the account key) and
// the /_mock/ control API.

export const enc = encodeURIComponent;

export class ApiError extends Error {
  /** From v1's `{error: {code, description}}` or v2's `{errors: [{code, title}]}`. */
  constructor(status, body) {
    const v2 = body && Array.isArray(body.errors) && body.errors.length ? body.errors[0] : null;
    const v1 = body && body.error ? body.error : null;
    super((v2 && v2.title) || (v1 && v1.description) || `HTTP ${status}`);
    this.status = status;
    this.code = v2 ? v2.code : v1 ? v1.code : undefined;
  }
}

/** The page's configuration from GET /_mock/dashboard/config (credentials, trigger names...). */
export const config = {};
let authorization = '';
let controlToken = '';

async function request(method, url, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data = {};
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { error: { description: text.slice(0, 200) } };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export async function loadConfig() {
  Object.assign(config, await request('GET', '/_mock/dashboard/config'));
  controlToken = config.controlToken;
  authorization = 'Basic ' + btoa(`${config.accountKeyId}:${config.accountSecret}`);
  return config;
}

/**
 * The Smooch API, exactly as a client calls it: `smooch('GET', '/apps/x/webhooks')` (v1.1), or
 * `smooch('GET', '/apps/x/integrations', undefined, 'v2')`; v2 takes the same account key.
 */
export function smooch(method, path, body, version = 'v1.1') {
  return request(method, `/${version}${path}`, body, { Authorization: authorization });
}

/** The fake's control API: `control('POST', '/apps/x/simulate/message', {...})`. */
export function control(method, path, body) {
  // The per-server token proves the page is the fake's own: other origins cannot read it.
  return request(method, `/_mock${path}`, body, { 'X-Smooch-Mock-Token': controlToken });
}
