// DPoP (RFC 9449) on the grants beyond client credentials and the authorization code, through
// the engine against oidc-provider: the JWT bearer and token exchange grants (the provider's
// registered grants bind to the proof's key with its own DPoP steps), the same against a server
// that requires nonces (one use_dpop_nonce, then the token), and the device code grant, whose
// polls carry proofs. Each token comes back bound to the key the vault keeps for the credential.
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../../support/browser';
import { jktOf, storedKey, thumbprint } from '../../support/dpop-key';
import { createEngineHarness, oidcFields, type EngineHarness } from '../../support/engine-harness';
import { DEVICE_CODE_GRANT } from '../../support/oidc-clients';
import { JWT_BEARER_GRANT } from '../../support/oidc-custom-grants';
import { completeDeviceVerification } from '../../support/oidc-pages';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { clientCredentialsOf, exchangeFieldsFor } from '../../support/token-exchange-fixtures';

let server: OidcServer;
let nonceServer: OidcServer;
let browser: Browser;

beforeAll(async () => {
  [server, nonceServer] = await Promise.all([
    startOidcServer({ deviceCodeInterval: 1 }),
    startOidcServer({ dpopNonce: true }),
  ]);
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await nonceServer?.stop();
});

function bearerFields(on: OidcServer) {
  return oidcFields(on, 'jwtBearer', {
    grantType: 'jwt_bearer',
    clientAuth: 'none',
    assertionIssuer: on.clients.jwtBearer.assertionKey!.issuer,
    assertionSubject: 'alice',
    assertionAudience: on.endpoints.token,
    scopes: 'api:read',
    dpop: true,
  });
}

async function expectBound(h: EngineHarness, id: string, accessToken: string): Promise<void> {
  const key = await storedKey(h.secrets, id);
  expect(jktOf(accessToken)).toBe(thumbprint(key.publicJwk));
  expect((await h.engine.status(id)).status.tokenType).toBe('DPoP');
}

describe('DPoP on the other grants', () => {
  it('binds a JWT bearer token to the credential’s key', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(bearerFields(server), {
      password: server.clients.jwtBearer.assertionKey!.privateKey,
    });
    const token = await h.engine.getAccessToken(config.id);
    await expectBound(h, config.id, token.accessToken);
  });

  it('answers a JWT bearer grant that requires a nonce after one use_dpop_nonce', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(bearerFields(nonceServer), {
      password: nonceServer.clients.jwtBearer.assertionKey!.privateKey,
    });
    nonceServer.resetRequests();
    const token = await h.engine.getAccessToken(config.id);
    const statuses = nonceServer
      .tokenRequests({ grantType: JWT_BEARER_GRANT })
      .map((r) => r.status);
    expect(statuses).toEqual([400, 200]);
    await expectBound(h, config.id, token.accessToken);
  });

  it('binds an exchanged token to the exchanging credential’s key, not the subject’s', async () => {
    const h = createEngineHarness();
    const subject = await clientCredentialsOf(server, h);
    const { config } = await h.create(
      exchangeFieldsFor(server, { subjectCredential: subject.id, dpop: true }),
      { clientSecret: server.clients.tokenExchange.clientSecret! },
    );
    const token = await h.engine.getAccessToken(config.id);
    await expectBound(h, config.id, token.accessToken);
    // The subject credential has no DPoP: its own token stayed a bearer token.
    const subjectToken = await h.engine.getAccessToken(subject.id);
    expect(jktOf(subjectToken.accessToken)).toBeUndefined();
  });

  it('sends a proof with each device code poll, and the token is bound to the key', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(oidcFields(server, 'device', { dpop: true }));
    const authorizing = h.engine.authorize(config.id);
    for (let i = 0; i < 200 && h.deviceCodes.length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    const prompt = h.deviceCodes[0]!;
    const context = await browser.newContext();
    try {
      await completeDeviceVerification(
        await context.newPage(),
        prompt.userCode,
        server.users.alice,
        {
          verificationUri: prompt.verificationUri,
          consent: 'approve',
        },
      );
    } finally {
      await context.close();
    }
    await authorizing;
    const polls = server.tokenRequests({ clientId: 'device', grantType: DEVICE_CODE_GRANT });
    expect(polls.at(-1)?.status).toBe(200);
    const stored = await h.secrets.getTokens(config.id);
    await expectBound(h, config.id, stored!.accessToken!);
    // oidc-provider binds the device grant's refresh token to the key too (RFC 9449 §5).
    const refreshed = await h.engine.refresh(config.id);
    expect(refreshed.status.tokenType).toBe('DPoP');
  });
});
