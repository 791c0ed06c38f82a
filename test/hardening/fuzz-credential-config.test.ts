// Fuzzing the configuration boundary: whatever the renderer (or an attacker holding the renderer)
// sends, validation answers with our typed validation error naming each bad field, never throws,
// and nothing it accepts breaks the URL rules (https, or http only to loopback; RFC 8252 §7.3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs, scaledTimeout } from './support/long-run';
import { checkGrantFields, credentialInputSchema, GRANT_TYPES } from '../../src/shared/credential';
import { parseRequest } from '../../src/shared/ipc-contract';

const RUNS = runs(10_000);

/** Loopback by an independent definition: the WHATWG-parsed host is 127/8, localhost or ::1. */
function isLoopback(url: URL): boolean {
  return (
    /^127\.\d+\.\d+\.\d+$/.test(url.hostname) ||
    url.hostname === 'localhost' ||
    url.hostname === '[::1]'
  );
}

const hosts = fc.constantFrom(
  '127.0.0.1',
  'localhost',
  '[::1]',
  '127.9.9.9',
  'provider.example',
  '127.0.0.1.evil.example',
  'localhost.evil.example',
  '2130706433',
  '0x7f.1',
  '[::ffff:127.0.0.1]',
  '127.0.0.1@evil.example',
  'evil.example#@127.0.0.1',
  'LOCALHOST',
  '',
  ' ',
  '%00',
  'ex ample.com',
  '[::1',
  'évil.example',
);
const schemes = fc.constantFrom(
  'https',
  'http',
  'HTTP',
  'ftp',
  'javascript',
  'data',
  'file',
  'ws',
  'oauthdesk',
  'blob',
  '',
);
const paths = fc.constantFrom(
  '',
  '/',
  '/token',
  '/a/../token',
  '/cb?x=1',
  '/cb#frag',
  '/%2e%2e/x',
  '/\u0000',
  '/\u202e',
);
const ports = fc.constantFrom('', ':0', ':443', ':8080', ':65536', ':-1', ':abc');

/** URL-like strings built from risky parts, plus raw noise. */
const urlish = fc.oneof(
  fc.tuple(schemes, hosts, ports, paths).map(([s, h, p, path]) => `${s}://${h}${p}${path}`),
  fc.tuple(schemes, fc.string()).map(([s, rest]) => `${s}:${rest}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 40 }),
);

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constant(''),
  fc.constant('   '),
  fc.string({ minLength: 121, maxLength: 200 }),
);
const anyValue = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.object({ maxDepth: 1 }),
);
const secretUpdate = fc.oneof(
  fc.constant({ kind: 'keep' }),
  fc.constant({ kind: 'clear' }),
  fc.record({
    kind: fc.constant('set'),
    value: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('')),
  }),
  fc.constant(undefined),
  anyValue,
);

/** Mostly the good value, sometimes something risky: most drafts then fail in only one or two places. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
const optionalUrl = (good: string) => mostly(fc.constantFrom(good, undefined, ''), urlish);

/** A draft that is often nearly valid (so the grant rules run) and often broken in one or two places. */
const draft = fc.record(
  {
    fields: fc.record(
      {
        name: mostly(fc.constantFrom('Payments API', 'x', '  padded  '), fc.oneof(text, anyValue)),
        grantType: mostly(
          fc.constantFrom(...GRANT_TYPES),
          fc.oneof(fc.constantFrom('CLIENT_CREDENTIALS', 'refresh_token', ''), anyValue),
        ),
        clientId: mostly(fc.constant('desk-client'), text),
        clientAuth: mostly(fc.constantFrom('basic', 'body', undefined), fc.constant('none')),
        pkce: mostly(fc.constantFrom('S256', 'plain', 'off', undefined), fc.constant('s256')),
        authorizationUrl: optionalUrl('https://provider.example/authorize?access_type=offline'),
        tokenUrl: optionalUrl('http://127.0.0.1:8080/token'),
        deviceAuthorizationUrl: optionalUrl('https://provider.example/device'),
        revocationUrl: optionalUrl('https://provider.example/revoke'),
        redirectUri: mostly(
          fc.constantFrom('oauthdesk://callback', 'http://127.0.0.1/callback', undefined),
          urlish,
        ),
        scopes: mostly(fc.constantFrom('openid offline_access', undefined), text),
        username: mostly(fc.constantFrom('ada', undefined), text),
        headerPrefix: mostly(fc.constantFrom('Bearer', undefined), text),
        requestExtras: mostly(
          fc.array(
            fc.record({
              stage: fc.constantFrom('authorization', 'token', 'refresh', 'device_authorization'),
              in: fc.constantFrom('query', 'body', 'header'),
              name: fc.constantFrom('prompt', 'x', 'X-Tenant'),
              value: text,
            }),
            { maxLength: 3 },
          ),
          anyValue,
        ),
        authorizeIn: mostly(
          fc.constantFrom('embedded', 'system_browser', undefined),
          fc.constant('popup'),
        ),
      },
      { requiredKeys: [] },
    ),
    clientSecret: mostly(
      fc.constantFrom({ kind: 'keep' }, { kind: 'set', value: 'cs-value-1234' }),
      secretUpdate,
    ),
    password: mostly(
      fc.constantFrom({ kind: 'keep' }, { kind: 'set', value: 'pw-value-1234' }),
      secretUpdate,
    ),
  },
  { requiredKeys: ['fields'] },
);

const ENDPOINT_FIELDS = [
  'authorizationUrl',
  'tokenUrl',
  'deviceAuthorizationUrl',
  'revocationUrl',
] as const;

// Thousands of generated cases take seconds alone and far longer on a loaded two-core machine: the
// limit is room, not a measurement.
describe('fuzzing credential configurations', { timeout: scaledTimeout(180_000) }, () => {
  it(`validates ${RUNS} generated configurations: typed errors naming fields, accepted URLs obey the rules`, () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: draft, weight: 9 }, { arbitrary: anyValue, weight: 1 }),
        (raw) => {
          // The IPC boundary is where this schema runs in the app: parseRequest must never throw.
          const result = parseRequest('createCredential', raw);
          if (!result.ok) {
            rejected += 1;
            expect(result.error.code).toBe('validation');
            const fields = Object.entries(result.error.fields ?? {});
            expect(fields.length).toBeGreaterThan(0);
            for (const [field, message] of fields) {
              expect(field.length).toBeGreaterThan(0);
              expect(message.length).toBeGreaterThan(0);
              // The summary names each field so the user knows what to fix.
              expect(result.error.message).toContain(`${field}: ${message}`);
            }
            return;
          }
          accepted += 1;
          const input = credentialInputSchema.parse(raw);
          for (const key of ENDPOINT_FIELDS) {
            const value = input.fields[key];
            if (value === undefined) continue;
            const url = new URL(value);
            expect(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))).toBe(
              true,
            );
          }
          const redirect = new URL(input.fields.redirectUri);
          expect(redirect.hash).toBe('');
          expect(['javascript:', 'data:', 'file:']).not.toContain(redirect.protocol);
          if (redirect.protocol === 'http:') expect(isLoopback(redirect)).toBe(true);
          const secrets = {
            hasClientSecret: input.clientSecret.kind === 'set',
            hasPassword: input.password.kind === 'set',
          };
          const problems = checkGrantFields(input.fields, secrets);
          for (const message of Object.values(problems)) expect(message).toMatch(/required|PKCE/);
        },
      ),
      { numRuns: RUNS },
    );
    // The generator must exercise both sides, or the property proves little.
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(rejected).toBeGreaterThan(RUNS / 50);
  });

  it('never puts a submitted secret value into a validation message', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 12, maxLength: 40 }), urlish, (secret, tokenUrl) => {
        const result = parseRequest('createCredential', {
          fields: { name: '', grantType: 'password', clientId: '', tokenUrl },
          clientSecret: { kind: 'set', value: secret },
          password: { kind: 'set', value: secret },
        });
        expect(result.ok).toBe(false);
        if (!result.ok)
          expect(JSON.stringify(result.error)).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      { numRuns: runs(1000) },
    );
  });
});
