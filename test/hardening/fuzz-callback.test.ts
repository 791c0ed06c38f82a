// Fuzzing the callback parser, the gate in front of every code exchange: for any URL the browser
// (or an attacker who can open oauthdesk:// links) hands us, it either returns parameters that
// provably belong to our request, or throws a typed AppError with a reason. Nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs, scaledTimeout } from './support/long-run';
import { AppError, type ErrorCode } from '../../src/shared/errors';
import { parseCallback } from '../../src/main/oauth/callback';
import { tokensFromFragment } from '../../src/main/oauth/grants/implicit';

const RUNS = runs(10_000);
const STATE = 'st-4Qm9xW2bV7kP1zR8yT3uN6cJ0aE5dH';
const ISSUER = 'https://issuer.example';
const REDIRECTS = ['oauthdesk://callback', 'http://127.0.0.1:53682/callback'];

/** Codes the parser may use to reject a callback; anything else would be a surprise. */
const REJECTIONS: ErrorCode[] = [
  'callback_mismatch',
  'state_mismatch',
  'issuer_mismatch',
  'access_denied',
  'invalid_client',
  'invalid_grant',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'redirect_uri_mismatch',
  'provider_error',
  'insufficient_scope',
  'device_code_expired',
];

const stateValue = fc.oneof(
  { arbitrary: fc.constant(STATE), weight: 5 },
  fc.constantFrom(
    STATE.toUpperCase(),
    STATE.slice(1),
    `${STATE} `,
    `${STATE}x`,
    '',
    encodeURIComponent(STATE + '&'),
  ),
  fc.string({ maxLength: 40 }),
);
const paramPair = fc.oneof(
  stateValue.map((s) => ['state', s] as const),
  fc.string({ maxLength: 20 }).map((c) => ['code', c] as const),
  fc
    .oneof(
      fc.constant(ISSUER),
      fc.constantFrom('https://evil.example', `${ISSUER}/`, ''),
      fc.string(),
    )
    .map((i) => ['iss', i] as const),
  fc
    .constantFrom('access_denied', 'invalid_scope', 'server_error', '', 'x')
    .map((e) => ['error', e] as const),
  fc.string({ maxLength: 30 }).map((d) => ['error_description', d] as const),
  fc.string({ maxLength: 20 }).map((t) => ['access_token', t] as const),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
);
const paramString = fc
  .array(paramPair, { maxLength: 6 })
  .map((pairs) => new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString());
const base = fc.oneof(
  { arbitrary: fc.constantFrom(...REDIRECTS), weight: 6 },
  fc.constantFrom(
    'oauthdesk://callback.evil',
    'oauthdesk://callbackx',
    'oauthdesk://callback/x',
    'http://127.0.0.1:53683/callback',
    'http://localhost:53682/callback',
    'OAUTHDESK://CALLBACK',
  ),
  fc.string({ maxLength: 30 }),
);
const callbackUrl = fc
  .tuple(base, paramString, fc.boolean(), paramString)
  .map(
    ([b, query, withHash, hash]) => `${b}${query ? `?${query}` : ''}${withHash ? `#${hash}` : ''}`,
  );

function check(
  url: string,
  redirectUri: string,
  mode: 'query' | 'fragment',
  issuer: string | undefined,
) {
  try {
    const params = parseCallback(url, {
      redirectUri,
      state: STATE,
      issuer,
      issuerRequired: issuer !== undefined,
      responseMode: mode,
    });
    return { params } as const;
  } catch (error) {
    return { error } as const;
  }
}

// Thousands of generated cases take seconds alone and far longer on a loaded two-core machine: the
// limit is room, not a measurement.
describe('fuzzing the callback parser', { timeout: scaledTimeout(180_000) }, () => {
  it(`accepts only callbacks tied to our request among ${RUNS} generated URLs, and rejects the rest with a typed reason`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        callbackUrl,
        fc.constantFrom(...REDIRECTS),
        fc.constantFrom('query', 'fragment') as fc.Arbitrary<'query' | 'fragment'>,
        fc.boolean(),
        (url, redirect, mode, withIssuer) => {
          const outcome = check(url, redirect, mode, withIssuer ? ISSUER : undefined);
          if ('error' in outcome) {
            expect(outcome.error).toBeInstanceOf(AppError);
            const error = outcome.error as AppError;
            expect(REJECTIONS).toContain(error.code);
            expect(error.message.length).toBeGreaterThan(20);
            return;
          }
          accepted += 1;
          const { params } = outcome;
          // Accepted means: our redirect URI, exactly one state equal to ours, no error, and the right issuer.
          const parsed = new URL(url);
          expect(`${parsed.protocol}//${parsed.host}${parsed.pathname}`.toLowerCase()).toBe(
            redirect.toLowerCase(),
          );
          expect(params.getAll('state')).toEqual([STATE]);
          expect(params.get('error')).toBeFalsy();
          if (withIssuer) expect(params.get('iss')).toBe(ISSUER);
        },
      ),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('never echoes a code or access token from the callback in the rejection message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REDIRECTS),
        fc.stringMatching(/^[A-Za-z0-9_-]{16,32}$/),
        (redirect, secret) => {
          for (const query of [
            `code=${secret}`,
            `code=${secret}&state=wrong`,
            `access_token=${secret}&state=${STATE}&error=access_denied&error_description=denied`,
            `code=${secret}&state=${STATE}&iss=https%3A%2F%2Fevil.example`,
          ]) {
            const outcome = check(`${redirect}?${query}`, redirect, 'query', ISSUER);
            expect('error' in outcome).toBe(true);
            if ('error' in outcome)
              expect(JSON.stringify({ m: (outcome.error as AppError).message })).not.toContain(
                secret,
              );
          }
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it(`turns ${RUNS} generated implicit fragments into a usable token or a typed invalid_token_response`, () => {
    const fragment = fc.record(
      {
        access_token: fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9._-]{8,40}$/),
          fc.constant(''),
          fc.string(),
        ),
        token_type: fc.constantFrom('Bearer', 'bearer', 'BEARER', 'mac', 'DPoP', '', 'Bearer '),
        expires_in: fc.oneof(
          fc.integer({ min: -10, max: 100_000 }).map(String),
          fc.constantFrom('1e308', 'NaN', 'Infinity', '-0', '3600.5', '0x10', ' 60 ', ''),
          fc.string(),
        ),
        scope: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fragment, (fields) => {
        const params = new URLSearchParams(Object.entries(fields));
        let tokens;
        try {
          tokens = tokensFromFragment(params);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('invalid_token_response');
          return;
        }
        expect(tokens.access_token.length).toBeGreaterThan(0);
        expect(tokens.token_type.toLowerCase()).toBe('bearer');
        if (tokens.expires_in !== undefined) {
          // A lifetime must give a finite expiry: Infinity becomes null in JSON and the token would never expire.
          expect(Number.isFinite(Date.now() + tokens.expires_in * 1000)).toBe(true);
          expect(tokens.expires_in).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
