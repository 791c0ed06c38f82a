// The Slack preset end to end against a server that answers as Slack documents (see
// test/support/providers/slack.ts): bot install, user-only install, both tokens with a choice,
// token rotation, and Slack's error names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { loginPageAuthorizer, presetFields } from '../../support/providers/provider-server';
import { startSlack, type SlackApp } from '../../support/providers/slack';
import type { CredentialFieldsInput } from '../../../src/shared/credential';

let slack: SlackApp;
let h: EngineHarness;

beforeEach(async () => {
  slack = await startSlack();
  h = createEngineHarness({ authorizer: loginPageAuthorizer((url) => slack.login(url)) });
});
afterEach(() => slack.close());

async function install(overrides: Partial<CredentialFieldsInput> = {}) {
  const { config } = await h.create(
    presetFields('slack', slack.url, { clientId: slack.clientId, ...overrides }),
    {
      clientSecret: slack.clientSecret,
    },
  );
  const summary = await h.engine.authorize(config.id);
  return { id: config.id, summary };
}

describe('Slack preset', () => {
  it('installs a bot with the preset as shipped: comma-separated scopes, the https redirect it tells you to register', async () => {
    const { id, summary } = await install();
    expect(summary.status).toMatchObject({
      state: 'connected',
      tokenType: 'bot',
      scope: 'channels:read,chat:write',
    });
    const token = await h.engine.getAccessToken(id);
    expect(token.accessToken.startsWith('xoxb-')).toBe(true);
    expect(token.headerValue).toBe(`Bearer ${token.accessToken}`);
    // Slack tokens without rotation do not expire: no invented lifetime sends the user back to sign in.
    expect(summary.status.expiresAt).toBeNull();
  });

  it('a user-only install (user_scope, no bot scopes) keeps the user token from authed_user', async () => {
    const { id, summary } = await install({
      scopes: '',
      requestExtras: [
        {
          stage: 'authorization',
          in: 'query',
          name: 'user_scope',
          value: 'search:read,users:read',
        },
      ],
    });
    expect(summary.status).toMatchObject({
      state: 'connected',
      tokenType: 'user',
      scope: 'search:read,users:read',
    });
    expect((await h.engine.getAccessToken(id)).accessToken.startsWith('xoxp-')).toBe(true);
  });

  it('with both tokens, keeps the bot token by default and the user token when asked', async () => {
    const both = {
      requestExtras: [
        {
          stage: 'authorization' as const,
          in: 'query' as const,
          name: 'user_scope',
          value: 'search:read',
        },
      ],
    };
    const bot = await install(both);
    expect((await h.engine.getAccessToken(bot.id)).accessToken.startsWith('xoxb-')).toBe(true);
    const user = await install({ ...both, name: 'Slack as me', slackToken: 'user' });
    expect(user.summary.status).toMatchObject({ tokenType: 'user', scope: 'search:read' });
    expect((await h.engine.getAccessToken(user.id)).accessToken.startsWith('xoxp-')).toBe(true);
  });

  it('keeps token rotation working for the user token: 12 h lifetime, refresh with the rotated xoxe- token', async () => {
    slack.settings.tokenRotation = true;
    const { id } = await install({
      slackToken: 'user',
      requestExtras: [
        { stage: 'authorization', in: 'query', name: 'user_scope', value: 'search:read' },
      ],
    });
    const first = (await h.secrets.getTokens(id))!;
    expect(first.refreshToken?.startsWith('xoxe-1-')).toBe(true);
    expect(first.expiresAt! - first.obtainedAt!).toBe(43_200_000);
    await h.engine.refresh(id);
    const second = (await h.secrets.getTokens(id))!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(slack.liveRefreshTokens.has(second.refreshToken!)).toBe(true);
    expect(second.tokenType).toBe('user');
  });

  it('a dead refresh token (invalid_refresh_token, HTTP 200) ends in "needs authorization" and is dropped', async () => {
    slack.settings.tokenRotation = true;
    const { id } = await install();
    slack.liveRefreshTokens.clear();
    await expect(h.engine.refresh(id)).rejects.toMatchObject({ code: 'invalid_grant' });
    const status = (await h.engine.get(id)).status;
    expect(status).toMatchObject({ state: 'needs_authorization', hasRefreshToken: false });
  });

  it('a wrong client secret (bad_client_secret, HTTP 200) is reported as a client problem', async () => {
    const { config } = await h.create(
      presetFields('slack', slack.url, { clientId: slack.clientId }),
      {
        clientSecret: 'not-the-secret',
      },
    );
    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({
      code: 'invalid_client',
      provider: { error: 'bad_client_secret' },
    });
  });
});
