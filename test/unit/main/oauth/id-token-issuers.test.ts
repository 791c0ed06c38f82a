// The ID-token check's two issuer branches: Google's issuer alias and Entra's multi-tenant
// template. Google's metadata always names https://accounts.google.com while its ID tokens may say
// accounts.google.com (https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken);
// Entra's common authority publishes https://login.microsoftonline.com/{tenantid}/v2.0 and each
// token names its own tenant in iss and tid
// (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
// Those hosts cannot be reached from a test, so the check's fetch answers for them with the
// documents each provider publishes, and the tokens are signed with a key listed in its JWKS.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIdToken } from '../../../../src/main/oauth/id-token-check';
import type { ProtocolContext } from '../../../../src/main/oauth/protocol';
import { createLogger, createMemorySink } from '../../../../src/main/common/logger';

const CLIENT_ID = 'client-4a1aa1d5';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = {
  ...(publicKey.export({ format: 'jwk' }) as object),
  kid: 'k1',
  alg: 'RS256',
  use: 'sig',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 JWS (RFC 7515 §3.1 compact form) over the claims, as a provider signs its ID tokens. */
function idToken(claims: Record<string, unknown>, key: KeyObject = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64({ aud: CLIENT_ID, sub: 'u1', iat: now, exp: now + 3600, ...claims })}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** The check's context, its fetch answering metadata and keys for the issuers given. */
function contextFor(metadata: Record<string, Record<string, unknown>>) {
  const fetched: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    fetched.push(url);
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/keys')) return json({ keys: [jwk] });
    const doc = metadata[url];
    return doc ? json(doc) : new Response('not found', { status: 404 });
  };
  const ctx = {
    client: { client_id: CLIENT_ID },
    http: {
      fetch,
      timeoutMs: 10_000,
      logger: createLogger({ sink: createMemorySink(), level: 'debug' }),
    },
  } as unknown as ProtocolContext;
  return { ctx, fetched };
}

const google = contextFor({
  'https://accounts.google.com/.well-known/openid-configuration': {
    issuer: 'https://accounts.google.com',
    jwks_uri: 'https://www.googleapis.com/oauth2/v3/keys',
  },
});

describe('ID token issuer: Google', () => {
  it.each(['https://accounts.google.com', 'accounts.google.com'])(
    'verifies a token whose iss is %s, either documented form',
    async (iss) => {
      const check = await checkIdToken(
        google.ctx,
        { issuer: 'https://accounts.google.com' },
        idToken({ iss }),
        undefined,
      );
      expect(check).toMatchObject({ status: 'verified', issuer: iss });
    },
  );

  it('refuses a token that names another issuer, signed by the same key', async () => {
    const check = await checkIdToken(
      google.ctx,
      { issuer: 'https://accounts.google.com' },
      idToken({ iss: 'https://accounts.google.com.evil.example' }),
      undefined,
    );
    expect(check.status).toBe('failed');
  });

  it('refuses a token signed by a key Google does not list', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const check = await checkIdToken(
      google.ctx,
      { issuer: 'accounts.google.com' },
      idToken({ iss: 'accounts.google.com' }, stranger),
      undefined,
    );
    expect(check.status).toBe('failed');
  });
});

describe('ID token issuer: Entra multi-tenant', () => {
  const template = 'https://login.microsoftonline.com/{tenantid}/v2.0';
  const tenantIssuer = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;
  const entra = () =>
    contextFor({
      [`${tenantIssuer(TENANT)}/.well-known/openid-configuration`]: {
        issuer: tenantIssuer(TENANT),
        jwks_uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
      },
    });

  it("fills the template from the token's tid and verifies against that tenant's metadata", async () => {
    const { ctx, fetched } = entra();
    const check = await checkIdToken(
      ctx,
      { issuer: template },
      idToken({ iss: tenantIssuer(TENANT), tid: TENANT }),
      undefined,
    );
    expect(check).toMatchObject({ status: 'verified', issuer: tenantIssuer(TENANT) });
    expect(fetched[0]).toBe(`${tenantIssuer(TENANT)}/.well-known/openid-configuration`);
  });

  it('refuses a token whose iss names another tenant than its tid', async () => {
    const check = await checkIdToken(
      entra().ctx,
      { issuer: template },
      idToken({ iss: tenantIssuer(OTHER_TENANT), tid: TENANT }),
      undefined,
    );
    expect(check.status).toBe('failed');
  });

  it('says a token without tid cannot be checked against the template, and fetches nothing', async () => {
    const { ctx, fetched } = entra();
    const check = await checkIdToken(
      ctx,
      { issuer: template },
      idToken({ iss: tenantIssuer(TENANT) }),
      undefined,
    );
    expect(check).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('no tenant (tid)'),
    });
    expect(fetched).toEqual([]);
  });
});
