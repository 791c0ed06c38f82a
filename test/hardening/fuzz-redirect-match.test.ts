// Fuzzing "is this callback ours?": generated look-alikes of each redirect URI must never match,
// and anything that matches must agree with the redirect URI on scheme, host, port and path
// (RFC 6749 §3.1.2: the redirect is compared exactly; RFC 8252 §8.10 on look-alike URIs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from './support/long-run';
import { matchesRedirectUri } from '../../src/main/oauth/redirect-match';

const RUNS = runs(10_000);
const REDIRECTS = [
  'oauthdesk://callback',
  'http://127.0.0.1:53682/callback',
  'https://app.example/oauth/callback',
  'oauthdesk:/callback',
];

const query = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }))
    .map(([c, s]) => `?code=${encodeURIComponent(c)}&state=${encodeURIComponent(s)}`),
  fc.constant('?error=access_denied'),
);

/** Changes that make a different URI: each must be rejected. */
const lookAlike = (redirect: string) => {
  const url = new URL(redirect);
  const hostPart = url.host; // host with port
  const rest = `${url.pathname}`;
  const scheme = url.protocol;
  const candidates = [
    `${scheme}//${hostPart}.evil${rest}`,
    `${scheme}//${hostPart}x${rest}`,
    `${scheme}//evil.${hostPart}${rest}`,
    `${scheme}//${hostPart}${rest}x`,
    `${scheme}//${hostPart}${rest}/`,
    `${scheme}//${hostPart}${rest}.evil`,
    `${scheme}//${hostPart}/evil${rest}`,
    `${scheme}//${hostPart}${rest === '' ? '/x' : rest.replace(/[a-z]$/, 'X')}`,
    `${scheme}//${url.hostname}:1${url.port || '9'}${rest}`,
    `${scheme}//attacker@${hostPart}${rest}`,
    `${scheme}//${hostPart}:x@evil.example${rest}`,
    `evil${scheme}//${hostPart}${rest}`,
    `${scheme === 'https:' ? 'http:' : 'https:'}//${hostPart}${rest}`,
    `${scheme}//${hostPart}%2Eevil${rest}`,
  ];
  return fc.constantFrom(...candidates.filter((c) => c !== redirect));
};

function sameTarget(a: URL, b: URL): boolean {
  const path = (u: URL) => (u.pathname === '' ? '/' : u.pathname);
  return (
    a.protocol === b.protocol &&
    a.hostname.toLowerCase() === b.hostname.toLowerCase() &&
    a.port === b.port &&
    path(a) === path(b)
  );
}

describe('fuzzing callback URLs against the redirect URI', () => {
  it(`rejects ${RUNS} generated look-alike callbacks and accepts the genuine ones`, () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc
          .constantFrom(...REDIRECTS)
          .chain((redirect) => fc.tuple(fc.constant(redirect), lookAlike(redirect), query)),
        ([redirect, candidate, q]) => {
          const matched = matchesRedirectUri(candidate + q, redirect);
          if (matched) {
            // Only URL normalisation may make a mutation equal to the original.
            expect(sameTarget(new URL(candidate + q), new URL(redirect))).toBe(true);
          } else rejected += 1;
          expect(matchesRedirectUri(redirect + q, redirect)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
    expect(rejected).toBeGreaterThan(RUNS * 0.9);
  });

  it(`never throws and only matches exact targets for ${RUNS} arbitrary strings and URLs`, () => {
    const anyCandidate = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.constantFrom(...REDIRECTS), fc.string({ maxLength: 20 })).map(([r, s]) => r + s),
    );
    fc.assert(
      fc.property(
        anyCandidate,
        fc.constantFrom(...REDIRECTS, 'not a url', ''),
        (candidate, redirect) => {
          const matched = matchesRedirectUri(candidate, redirect);
          expect(typeof matched).toBe('boolean');
          if (matched) {
            expect(sameTarget(new URL(candidate), new URL(redirect))).toBe(true);
            expect(new URL(candidate).username).toBe('');
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rejects the look-alikes named in the threat model', () => {
    const evil = [
      'oauthdesk://callback.evil',
      'oauthdesk://callbackx',
      'oauthdesk://callback/other',
      'oauthdesk://evil/callback',
      'oauthdesk://callback:8080',
      'oauthdeskx://callback',
    ];
    for (const url of evil)
      expect(matchesRedirectUri(`${url}?code=c&state=s`, 'oauthdesk://callback'), url).toBe(false);
    const loopback = [
      'http://127.0.0.1:53683/callback',
      'http://127.0.0.1:53682/callbackx',
      'http://127.0.0.1:53682/',
      'http://localhost:53682/callback',
    ];
    for (const url of loopback)
      expect(matchesRedirectUri(`${url}?code=c`, 'http://127.0.0.1:53682/callback'), url).toBe(
        false,
      );
  });
});
