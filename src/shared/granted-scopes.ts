// Which requested scopes the provider did not grant (RFC 6749 §3.3: the server may grant fewer
// and then must say which, in the token response's `scope`).

/**
 * Google answers the OpenID Connect short names with their URL forms ("email" is granted as
 * https://www.googleapis.com/auth/userinfo.email): https://developers.google.com/identity/protocols/oauth2/scopes#oauth2
 */
const SAME_SCOPE: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

/** Space-separated (RFC 6749 §3.3); Slack writes commas (https://docs.slack.dev/authentication/installing-with-oauth). */
function scopeSet(scopes: string): Set<string> {
  return new Set(scopes.split(/[\s,]+/).filter(Boolean));
}

/** Requested scopes missing from the granted ones, in the order they were asked for; [] when all came. */
export function scopesNotGranted(requested: string, granted: string | null | undefined): string[] {
  if (granted === null || granted === undefined) return [];
  const got = scopeSet(granted);
  return [...scopeSet(requested)].filter((s) => !got.has(s) && !got.has(SAME_SCOPE[s] ?? s));
}
