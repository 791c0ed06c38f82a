// Device authorization grant (RFC 8628) end to end: the engine shows the user code and polls while
// a person approves it in Chromium on the provider's own pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { DEVICE_CODE_GRANT } from '../../support/oidc-clients';
import { completeDeviceVerification, type ConsentChoice } from '../../support/oidc-pages';
import { createEngineHarness, oidcFields, type EngineHarness } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';
import type { DeviceCodePrompt } from '../../../src/shared/status';

let server: OidcServer;
let api: ProtectedApi;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer({ deviceCodeInterval: 1 });
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await server?.stop();
});

async function promptOf(h: EngineHarness): Promise<DeviceCodePrompt> {
  for (let i = 0; i < 200 && h.deviceCodes.length === 0; i++)
    await new Promise((r) => setTimeout(r, 25));
  const prompt = h.deviceCodes[0];
  if (!prompt) throw new Error('The engine never showed a device code');
  return prompt;
}

/** A person on another device: opens the verification URI, types the code, signs in. */
async function approveOnSecondDevice(
  prompt: DeviceCodePrompt,
  consent: ConsentChoice = 'approve',
): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await completeDeviceVerification(page, prompt.userCode, server.users.alice, {
      verificationUri: prompt.verificationUri,
      consent,
    });
  } finally {
    await context.close();
  }
}

const devicePolls = () =>
  server.tokenRequests({ clientId: 'device', grantType: DEVICE_CODE_GRANT });

describe('device code', () => {
  it('shows the code, polls while the user approves it, and stores a working token', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(oidcFields(server, 'device'));
    const pollsBefore = devicePolls().length;

    const authorizing = h.engine.authorize(config.id);
    const prompt = await promptOf(h);
    // The person approves only once the app has polled and heard authorization_pending, so the
    // test never depends on how long the approval takes.
    for (
      let i = 0;
      i < 400 &&
      !devicePolls()
        .slice(pollsBefore)
        .some((p) => p.status === 400);
      i++
    )
      await new Promise((r) => setTimeout(r, 25));
    expect(prompt.credentialId).toBe(config.id);
    expect(prompt.verificationUri).toBe(`${server.issuer}/device`);
    expect(prompt.verificationUriComplete).toContain('user_code=');
    expect(prompt.expiresAt).toBeGreaterThan(Date.now());
    await approveOnSecondDevice(prompt);
    const summary = await authorizing;

    expect(summary.status).toMatchObject({
      state: 'connected',
      hasAccessToken: true,
      hasRefreshToken: true,
    });
    const polls = devicePolls().slice(pollsBefore);
    // RFC 8628 §3.5: authorization_pending (400) while the user is busy, then the token.
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.at(-1)?.status).toBe(200);
    expect(polls.slice(0, -1).every((p) => p.status === 400)).toBe(true);
    const token = await h.engine.getAccessToken(config.id);
    expect(
      (await fetch(`${api.url}/me`, { headers: { authorization: token.headerValue } })).status,
    ).toBe(200);
  });

  it('stops with access_denied when the user denies the device', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(oidcFields(server, 'device'));

    const authorizing = h.engine.authorize(config.id).catch((e: unknown) => e);
    await approveOnSecondDevice(await promptOf(h), 'deny');

    expect(await authorizing).toMatchObject({ code: 'access_denied' });
    expect((await h.engine.status(config.id)).status.hasAccessToken).toBe(false);
  });

  it('stops polling when the user cancels in the app', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(oidcFields(server, 'device'));

    const authorizing = h.engine.authorize(config.id).catch((e: unknown) => e);
    await promptOf(h);
    expect(h.engine.cancelAuthorization(config.id)).toBe(true);

    expect(await authorizing).toMatchObject({ code: 'authorization_cancelled' });
    const pollsAtCancel = devicePolls().length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(devicePolls()).toHaveLength(pollsAtCancel);
  });
});
