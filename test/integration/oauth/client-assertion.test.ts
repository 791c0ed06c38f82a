// JWT client authentication (RFC 7523 §2.2) end to end through the engine against oidc-provider:
// client_secret_jwt, and private_key_jwt with RSA (RS256, PS256), EC P-256 (ES256) and Ed25519
// (EdDSA) keys pasted as PEM or JWK; a key the provider does not know is refused and says so.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { publicJwks } from '../../../src/main/oauth/client-key';

let server: OidcServer;
let api: ProtectedApi;

beforeAll(async () => {
  server = await startOidcServer();
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

const assertionRequests = (clientId: string) => server.tokenRequests({ clientId }).length;

async function tokenWorksAtApi(headerValue: string, clientId: string) {
  const me = await fetch(`${api.url}/me`, { headers: { authorization: headerValue } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ clientId });
}

describe('JWT client authentication', () => {
  it('client_secret_jwt: an HS256 assertion made with the secret gets a token', async () => {
    const h = createEngineHarness();
    const client = server.clients.clientSecretJwt;
    const created = await h.create(oidcFields(server, 'clientSecretJwt'), {
      clientSecret: client.clientSecret!,
    });
    const token = await h.engine.getAccessToken(created.config.id);
    await tokenWorksAtApi(token.headerValue, client.clientId);
  });

  const keys = () => server.clients.privateKeyJwt.privateKeys!;
  it.each([
    ['RS256', 'rsa', undefined],
    ['PS256', 'rsa', 'PS256'],
    ['ES256', 'ec', undefined],
    ['EdDSA', 'ed25519', undefined],
  ] as const)('private_key_jwt signs %s with a PEM key', async (_alg, kid, clientKeyAlg) => {
    const h = createEngineHarness();
    const { clientId } = server.clients.privateKeyJwt;
    const created = await h.create(
      oidcFields(server, 'privateKeyJwt', { clientKeyId: kid, clientKeyAlg }),
      { clientSecret: keys()[kid] },
    );
    const before = assertionRequests(clientId);
    const token = await h.engine.getAccessToken(created.config.id);
    await tokenWorksAtApi(token.headerValue, clientId);
    expect(assertionRequests(clientId)).toBe(before + 1);
  });

  it('private_key_jwt takes a private JWK, its own kid naming the key', async () => {
    const h = createEngineHarness();
    const jwk = { ...createPrivateKey(keys().ec).export({ format: 'jwk' }), kid: 'ec' };
    const created = await h.create(oidcFields(server, 'privateKeyJwt'), {
      clientSecret: JSON.stringify(jwk),
    });
    const token = await h.engine.getAccessToken(created.config.id);
    await tokenWorksAtApi(token.headerValue, server.clients.privateKeyJwt.clientId);
  });

  it('a PEM pasted without its line breaks still reads', async () => {
    const h = createEngineHarness();
    const oneLine = keys().rsa.replace(/\n/g, ' ');
    const created = await h.create(oidcFields(server, 'privateKeyJwt', { clientKeyId: 'rsa' }), {
      clientSecret: oneLine,
    });
    await expect(h.engine.getAccessToken(created.config.id)).resolves.toMatchObject({
      headerValue: expect.stringMatching(/^Bearer /),
    });
  });

  it('a key the provider does not have is refused as invalid_client, and the message says what to check', async () => {
    const h = createEngineHarness();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const created = await h.create(oidcFields(server, 'privateKeyJwt', { clientKeyId: 'rsa' }), {
      clientSecret: stranger,
    });
    const failure = await h.engine.getAccessToken(created.config.id).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid_client' });
    expect(String((failure as Error).message)).not.toContain('PRIVATE KEY');
    const status = await h.engine.status(created.config.id);
    expect(status.status.state).toBe('error');
  });

  it('refuses at save a key that is not one, naming the field and what to paste', async () => {
    const h = createEngineHarness();
    const failure = await h
      .create(oidcFields(server, 'privateKeyJwt'), { clientSecret: 'not a key at all' })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'validation',
      fields: { clientSecret: expect.stringMatching(/PEM private key .* private JWK/) },
    });
  });

  it('the public JWKS to register has no private part and names the kid and alg', async () => {
    const jwks = await publicJwks(keys().ec, { kid: 'ec' });
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'ec', alg: 'ES256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('shows the stored key as a public JWKS to register, and refuses for a secret-based client', async () => {
    const h = createEngineHarness();
    const created = await h.create(oidcFields(server, 'privateKeyJwt', { clientKeyId: 'ec' }), {
      clientSecret: keys().ec,
    });
    const jwks = await h.engine.clientPublicJwks(created.config.id);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', kid: 'ec', alg: 'ES256', use: 'sig' });
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const basic = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: server.clients.clientCredentialsBasic.clientSecret!,
    });
    await expect(h.engine.clientPublicJwks(basic.config.id)).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
