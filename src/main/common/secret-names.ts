// The one list of names whose values are secrets: request parameters, form and JSON fields,
// headers. Redaction, the request history and the protocol transport all ask here, so a name
// added once is masked everywhere. Values the app knows are masked by value as well (redact.ts);
// names cover what a user typed that the app has never seen.

/**
 * Parameter names that carry credentials: RFC 6749 (§2.3.1, §4.1.3, §4.3.2, §5.1), RFC 7636
 * (code_verifier), RFC 8628 (device_code), RFC 7009 (token), RFC 7523 (assertion,
 * client_assertion), RFC 8693 (subject_token, actor_token), plus API-key and signature
 * parameters APIs commonly use (`api_key`, `key`, `sig`, `auth`).
 */
export const SECRET_PARAM_NAMES: readonly string[] = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'client_secret',
  'password',
  'device_code',
  'token',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
  'secret',
  'api_key',
  'apikey',
  'key',
  'sig',
  'signature',
  'auth',
  'session',
];

/** Parameters the protocol transport registers by value when it sends or receives them. */
export const PROTOCOL_SECRET_FIELDS: readonly string[] = [
  'client_secret',
  'password',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'device_code',
  'token',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
];

/** Header names whose values are credentials (RFC 9110 §11.6.2, §11.7.2), cookies and API keys. */
export const SECRET_HEADER_NAMES: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'private-token',
  'x-auth-token',
  'x-access-token',
  'dpop',
];

/** JSON keys in camelCase that mean the same as the parameters above. */
const CAMEL_CASE_NAMES = ['clientSecret', 'accessToken', 'refreshToken', 'idToken', 'apiKey'];

/**
 * Words that make a name secret when the name ends with them (`X-Vault-Token`, `X-Goog-Api-Key`,
 * `oauth_token`, `db.password`): a header or field we have never heard of is masked when its
 * name says what it holds. Only the last word counts: `token_type` or `authorization_endpoint`
 * describe a secret, they do not hold one.
 */
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'auth',
  'authorization',
  'apikey',
  'signature',
  'sig',
  'session',
  'cookie',
  'credential',
  'credentials',
  'assertion',
  'verifier',
]);

const EXACT = new Set(
  [...SECRET_PARAM_NAMES, ...SECRET_HEADER_NAMES, ...CAMEL_CASE_NAMES].map((n) => n.toLowerCase()),
);

/** True when a parameter, field or header of this name holds a secret. Case-insensitive. */
export function isSecretName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (lower === '') return false;
  if (EXACT.has(lower)) return true;
  // camelCase and separators both split into words: "X-Api-Key" -> x, api, key; "apiKey" -> api, key.
  const words = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words.at(-1);
  const beforeLast = words.at(-2);
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  return (
    last === 'key' &&
    (beforeLast === 'api' ||
      beforeLast === 'access' ||
      beforeLast === 'secret' ||
      beforeLast === 'private')
  );
}
