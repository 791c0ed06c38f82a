// Refresh tokens against a provider that rotates them and detects reuse (RFC 9700 §4.14.2):
// rotation replaces both tokens in one write, concurrent callers cause one refresh, a replayed
// refresh token kills the grant and the engine then asks for authorization, losing nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import {
  createEngineHarness,
  oidcFields,
  type EngineHarnessOptions,
} from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

const TTL = 300;
let server: OidcServer;
let api: ProtectedApi;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: TTL });
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await server?.stop();
});

/** An authorized rotation-client credential. */
async function authorized(options: Omit<EngineHarnessOptions, 'authorizer'> = {}) {
  const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
  const h = createEngineHarness({ ...options, authorizer });
  const { config } = await h.create(oidcFields(server, 'rotation'));
  await h.engine.authorize(config.id);
  const tokens = await h.secrets.getTokens(config.id);
  if (!tokens?.refreshToken || !tokens.accessToken)
    throw new Error('authorization stored no refresh token');
  return { h, id: config.id, tokens };
}

const refreshCount = () =>
  server.tokenRequests({ clientId: 'rotation-public', grantType: 'refresh_token' }).length;

/** Presents a refresh token straight to the provider, as a thief holding a copy would. */
async function replay(refreshToken: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(server.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'rotation-public',
    }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, ...(body.error ? { error: body.error } : {}) };
}

describe('refresh with rotation', () => {
  it('replaces access and refresh token in one write, and the new token works', async () => {
    const { h, id, tokens: before } = await authorized();
    const writes = h.secrets.tokenWrites;
    const refreshes = refreshCount();

    const summary = await h.engine.refresh(id);

    const after = await h.secrets.getTokens(id);
    expect(summary.status.state).toBe('connected');
    expect(refreshCount()).toBe(refreshes + 1);
    expect(h.secrets.tokenWrites).toBe(writes + 1);
    expect(after?.refreshToken !== undefined && after.refreshToken !== before.refreshToken).toBe(
      true,
    );
    expect(after?.accessToken !== undefined && after.accessToken !== before.accessToken).toBe(true);
    const token = await h.engine.getAccessToken(id);
    expect(
      (await fetch(`${api.url}/items`, { headers: { authorization: token.headerValue } })).status,
    ).toBe(200);
  });

  it('refreshes once for 100 callers of an expired token (a second refresh would trip reuse detection)', async () => {
    let now = Date.now();
    const { h, id } = await authorized({ clock: { now: () => now } });
    const refreshes = refreshCount();
    now += TTL * 1000;

    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => h.engine.getAccessToken(id)),
    );

    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(refreshCount()).toBe(refreshes + 1);
    expect((await h.engine.status(id)).status.state).toBe('connected');
  });

  it('after a replayed refresh token, marks the credential "needs authorization" and keeps the rest', async () => {
    const { h, id, tokens: original } = await authorized();
    await h.engine.refresh(id); // rotates: the original refresh token is now used up
    const rotated = await h.secrets.getTokens(id);

    // The provider sees the used token come back, assumes theft, and revokes the whole grant.
    expect(await replay(original.refreshToken!)).toEqual({ status: 400, error: 'invalid_grant' });
    const failure = await h.engine.refresh(id).catch((e: unknown) => e);

    expect(failure).toMatchObject({
      code: expect.stringMatching(/^(invalid_grant|needs_authorization)$/),
    });
    const stored = await h.secrets.getTokens(id);
    expect(stored?.refreshToken).toBeUndefined();
    expect(stored?.needsAuthorization).toBe(true);
    expect(stored?.accessToken === rotated?.accessToken).toBe(true);
    // The configuration survives a dead refresh token: only the user's sign-in is needed again.
    expect((await h.configs.get(id))?.id).toBe(id);
    const status = (await h.engine.status(id)).status;
    expect(status.state).toBe('needs_authorization');
    expect(status.hasRefreshToken).toBe(false);
    await expect(h.engine.getAccessToken(id, { forceRefresh: true })).rejects.toMatchObject({
      code: 'needs_authorization',
    });

    const reauthorized = await h.engine.authorize(id);
    expect(reauthorized.status).toMatchObject({ state: 'connected', hasRefreshToken: true });
  });

  it('keeps both tokens when a refresh fails for another reason (provider down)', async () => {
    const { h, id, tokens: before } = await authorized();
    server.setOutage({ paths: ['/token'], kind: 'http_503' });
    try {
      const failure = await h.engine.refresh(id).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: expect.stringMatching(/^(non_json_response|provider_error|token_url_unreachable)$/),
      });
    } finally {
      server.setOutage(null);
    }
    const after = await h.secrets.getTokens(id);
    expect(
      after?.refreshToken === before.refreshToken && after?.accessToken === before.accessToken,
    ).toBe(true);
    expect(after?.needsAuthorization).toBeFalsy();
    expect((await h.engine.refresh(id)).status.state).toBe('connected');
  });
});
