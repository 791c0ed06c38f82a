// What a broken or unexpected token response is called: JSON cut off, no access_token, GitHub
// Apps' dead refresh token answered with HTTP 200.
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineHarness } from '../../support/engine-harness';
import { randomToken, startQuirkServer, type QuirkServer } from '../../support/quirk-server';
import { presetFields, loginPageAuthorizer } from '../../support/providers/provider-server';
import { credentialFieldsSchema } from '../../../src/shared/credential';

let quirk: QuirkServer | undefined;
afterEach(() => quirk?.stop());

async function clientCredentialsAgainst(answer: (res: import('node:http').ServerResponse) => void) {
  quirk = await startQuirkServer((_req, res) => answer(res));
  const h = createEngineHarness();
  const { config } = await h.create(
    credentialFieldsSchema.parse({
      name: 'broken',
      grantType: 'client_credentials',
      clientId: 'svc-broken',
      tokenUrl: `${quirk.url}/oauth2/token`,
    }),
    { clientSecret: randomToken('secret') },
  );
  return h.engine.getAccessToken(config.id).catch((e: unknown) => e as Error & { code: string });
}

describe('token responses that cannot be used', () => {
  it('JSON cut off mid-way says the JSON is invalid or cut off, not that it is an HTML page', async () => {
    const error = await clientCredentialsAgainst((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token":"at_12345","token_type":"Bearer","exp');
    });
    expect(error).toMatchObject({ code: 'invalid_token_response' });
    expect((error as Error).message).toMatch(/JSON that is invalid or cut off/);
    expect((error as Error).message).not.toMatch(/HTML/);
  });

  it('a 200 without access_token says it is missing', async () => {
    const error = await clientCredentialsAgainst((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600 }));
    });
    expect(error).toMatchObject({ code: 'invalid_token_response' });
    expect((error as Error).message).toMatch(/it has no access_token/);
  });
});

describe('GitHub App user tokens', () => {
  // https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens:
  // a refresh token that is expired or revoked is answered with HTTP 200 and error bad_refresh_token.
  it('bad_refresh_token (HTTP 200) ends in "needs authorization" and drops the dead refresh token', async () => {
    const refreshToken = randomToken('ghr');
    quirk = await startQuirkServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.form.get('grant_type') === 'refresh_token') {
        res.end(
          JSON.stringify({
            error: 'bad_refresh_token',
            error_description: 'The refresh token passed is incorrect or expired.',
            error_uri: 'https://docs.github.com',
          }),
        );
      } else {
        res.end(
          JSON.stringify({
            access_token: randomToken('ghu'),
            token_type: 'bearer',
            expires_in: 28800,
            refresh_token: refreshToken,
            refresh_token_expires_in: 15897600,
            scope: '',
          }),
        );
      }
    });
    const h = createEngineHarness({
      authorizer: loginPageAuthorizer(
        (url) =>
          `${url.searchParams.get('redirect_uri')}?code=gh-code-1&state=${url.searchParams.get('state')}`,
      ),
    });
    const { config } = await h.create(
      presetFields('github', quirk.url, {
        clientId: 'Iv23liGitHubApp',
        redirectUri: 'http://127.0.0.1/callback',
      }),
      { clientSecret: randomToken('ghs') },
    );
    await h.engine.authorize(config.id);
    await expect(h.engine.refresh(config.id)).rejects.toMatchObject({
      code: 'invalid_grant',
      provider: { error: 'bad_refresh_token' },
    });
    expect((await h.engine.get(config.id)).status).toMatchObject({
      state: 'needs_authorization',
      hasRefreshToken: false,
    });
  });
});
