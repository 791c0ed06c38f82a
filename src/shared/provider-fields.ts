// Non-secret fields a provider adds to its token response that API calls need: kept with the
// tokens, shown in the token viewer. Anything token-like (signature, *_token, keys) is left out.

/** Top-level fields kept as they are, each documented by its provider. */
const KEPT = [
  // Salesforce: the org's API host and the identity URL (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm)
  'instance_url',
  'id',
  // Stripe Connect: the connected account (https://docs.stripe.com/connect/oauth-reference)
  'stripe_user_id',
  // GitHub Apps: when the refresh token dies (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens)
  'refresh_token_expires_in',
  // Slack oauth.v2.access (https://docs.slack.dev/reference/methods/oauth.v2.access)
  'bot_user_id',
  'app_id',
  // RFC 8693 §2.2.1: what a token exchange issued (an access token, an ID token, a JWT...)
  'issued_token_type',
] as const;

/** Slack's workspace and enterprise objects: their id and name. */
const KEPT_OBJECTS = ['team', 'enterprise'] as const;

export function keptProviderFields(response: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    if (typeof value === 'string' && value.length > 0 && value.length <= 2048) out[name] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[name] = String(value);
  };
  for (const name of KEPT) put(name, response[name]);
  for (const name of KEPT_OBJECTS) {
    const value = response[name];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const object = value as Record<string, unknown>;
    put(`${name}.id`, object.id);
    put(`${name}.name`, object.name);
  }
  return out;
}
