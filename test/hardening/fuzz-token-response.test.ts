// Fuzzing the engine's handling of token responses: whatever a token endpoint answers (status,
// content type, body shape, odd values), the engine either stores a usable token that can be read
// back and shown, or rejects with a typed provider-side error. No crash, no `internal`, and no
// token value in the error. Run over the real vault, where a value that does not survive JSON
// (an expiry of Infinity) would surface as a damaged record on the next read.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs, scaledTimeout } from './support/long-run';
import { AppError, type ErrorCode } from '../../src/shared/errors';
import { credentialFieldsSchema } from '../../src/shared/credential';
import { createOAuthEngine } from '../../src/main/oauth/engine';
import type { OAuthEngine } from '../../src/main/oauth/ports';
import { keyFileCipher, openDataStores } from '../../src/main/vault/open-data-stores';
import { callbackScriptAuthorizer } from '../support/scripted-authorizers';

const PROVIDER_SIDE: ErrorCode[] = [
  'invalid_token_response',
  'non_json_response',
  'provider_error',
  'invalid_client',
  'invalid_grant',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'access_denied',
  'insufficient_scope',
  'redirect_uri_mismatch',
  'device_code_expired',
  'token_url_not_found',
];

interface Scripted {
  status: number;
  contentType: string;
  body: string;
}

let next: Scripted = { status: 200, contentType: 'application/json', body: '{}' };
let dataDir: string;
let engine: OAuthEngine;
let id: string;

/** Usually the conforming value, sometimes missing or odd: most responses are then nearly valid. */
const field = <T, U>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) =>
  fc.oneof(
    { arbitrary: good, weight: 5 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: odd, weight: 1 },
  );
const tokenValue = fc.stringMatching(/^[A-Za-z0-9._~+/-]{8,40}$/);
const jsonBody = fc
  .record({
    access_token: field(
      tokenValue,
      fc.oneof(fc.constantFrom('', ' '), fc.integer(), fc.constant(null)),
    ),
    token_type: field(
      fc.constantFrom('Bearer', 'bearer', 'BEARER'),
      fc.oneof(fc.constantFrom('DPoP', 'mac', 'N_A', ''), fc.integer()),
    ),
    expires_in: field(
      fc.integer({ min: 1, max: 86_400 }),
      fc.oneof(
        fc.integer({ min: -100, max: 0 }),
        fc.constantFrom(1.5, 1e308, 2 ** 53, -0, 1e10),
        fc.constantFrom('3600', 'soon'),
      ),
    ),
    refresh_token: fc.option(fc.oneof(tokenValue, fc.constant(''), fc.integer()), {
      nil: undefined,
    }),
    scope: fc.option(
      fc.oneof(fc.constantFrom('api.read', 'a b c', ''), fc.array(fc.string(), { maxLength: 2 })),
      {
        nil: undefined,
      },
    ),
    error: fc.option(
      fc.constantFrom(
        'invalid_client',
        'invalid_grant',
        'invalid_scope',
        'slow_down',
        'server_error',
        '',
      ),
      { nil: undefined, freq: 6 },
    ),
    error_description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  })
  .map((o) => JSON.stringify(o));
const anyBody = fc.oneof(
  { arbitrary: jsonBody, weight: 6 },
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"token"',
    '{"access_token":',
    '<html><body>Bad Gateway</body></html>',
    'access_token=form-token-123&token_type=bearer&expires_in=60',
  ),
  fc.string({ maxLength: 60 }),
);
const scripted = fc.record({
  status: fc.oneof(
    { arbitrary: fc.constant(200), weight: 4 },
    fc.constantFrom(201, 400, 401, 403, 404, 500, 503),
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 4 },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'text/html',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    ),
  ),
  body: anyBody,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-fuzz-'));
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  engine = createOAuthEngine({
    configs: stores.configs,
    secrets: stores.secrets,
    authorizer: callbackScriptAuthorizer(),
    // The token endpoint, scripted per run: the transport is not under test here, the handling is.
    fetch: async () =>
      new Response(next.body, {
        status: next.status,
        headers: next.contentType ? { 'content-type': next.contentType } : {},
      }),
  });
  const summary = await engine.create(
    credentialFieldsSchema.parse({
      name: 'fuzzed',
      grantType: 'client_credentials',
      clientId: 'c',
      tokenUrl: 'http://127.0.0.1:9/token',
    }),
    { clientSecret: { kind: 'set', value: 'fuzz-client-secret-123' }, password: { kind: 'keep' } },
  );
  id = summary.config.id;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('fuzzing token responses through the engine', () => {
  it(
    'stores a readable, usable token or rejects with a typed provider error, for generated responses',
    async () => {
      let stored = 0;
      let rejected = 0;
      await fc.assert(
        fc.asyncProperty(scripted, async (response) => {
          next = response;
          let outcome: unknown;
          try {
            outcome = await engine.getAccessToken(id, { forceRefresh: true });
          } catch (error) {
            outcome = error;
          }
          if (outcome instanceof Error) {
            rejected += 1;
            expect(outcome).toBeInstanceOf(AppError);
            expect(PROVIDER_SIDE).toContain((outcome as AppError).code);
            expect((outcome as AppError).message.length).toBeGreaterThan(20);
            const sent = /"access_token":"([^"]{8,})"/.exec(response.body)?.[1];
            if (sent)
              expect(
                (outcome as AppError).message.includes(sent),
                'the error message carries the token',
              ).toBe(false);
          } else {
            stored += 1;
            // RFC 6749 §A.12: access-token = 1*VSCHAR, so even a space is a token; empty is not.
            expect((outcome as { accessToken: string }).accessToken.length).toBeGreaterThan(0);
          }
          // Whatever happened, the credential can still be read back and shown.
          const status = (await engine.status(id)).status;
          if (status.expiresAt !== null) expect(Number.isFinite(status.expiresAt)).toBe(true);
        }),
        {
          numRuns: runs(400),
          // A lifetime so long that now + expires_in * 1000 is Infinity, which JSON stores as null.
          examples: [
            [
              {
                status: 200,
                contentType: 'application/json',
                body: '{"access_token":"at-eternal-12345","token_type":"Bearer","expires_in":1e308}',
              },
            ],
          ],
        },
      );
      expect(stored).toBeGreaterThan(10);
      expect(rejected).toBeGreaterThan(10);
    },
    scaledTimeout(120_000),
  );
});
