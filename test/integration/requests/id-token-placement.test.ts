// "Which token": a credential set to send its ID token (Google IAP, Cloud Run) sends the OpenID
// Connect ID token oidc-provider issued, in the placement it is configured with; a credential
// without one says what to do instead of sending the access token in its place.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { createRequestRunner } from '../../../src/main/services/request-runner';
import { requestSpecSchema } from '../../../src/shared/requests';
import { AppError } from '../../../src/shared/errors';

let server: OidcServer;
let browser: Browser;
let echo: Server;
let echoUrl = '';
const seen: Array<{ authorization?: string | undefined; url: string }> = [];

beforeAll(async () => {
  server = await startOidcServer();
  browser = await launchTestBrowser();
  echo = createServer((req, res) => {
    seen.push({ authorization: req.headers.authorization, url: req.url ?? '' });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  echo?.closeAllConnections();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  await browser?.close();
  await server?.stop();
});

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describe('sending the ID token', () => {
  it('sends the ID token the provider issued, as a bearer token, where the API expects it', async () => {
    const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
    const h = createEngineHarness({ authorizer });
    const { config } = await h.create(oidcFields(server, 'nativePkce', { sendToken: 'id_token' }));
    await h.engine.authorize(config.id);
    const stored = await h.secrets.getTokens(config.id);
    expect(stored?.idToken).toBeTruthy();

    const runner = createRequestRunner({ engine: h.engine });
    const response = await runner.send(
      requestSpecSchema.parse({
        requestId: 'r1',
        method: 'GET',
        url: `${echoUrl}/iap`,
        credentialId: config.id,
      }),
    );

    expect(response.status).toBe(200);
    const sent = seen.at(-1)!.authorization ?? '';
    expect(sent === `Bearer ${stored!.idToken}`).toBe(true);
    expect(sent.includes(stored!.accessToken!)).toBe(false);
    // OIDC Core §2: an ID token is for the client: its audience is the client ID.
    expect(claimsOf(stored!.idToken!)).toMatchObject({ aud: config.clientId, iss: server.issuer });
  });

  it('says what to do when the credential has no ID token, and sends nothing', async () => {
    const h = createEngineHarness();
    const client = server.clients.clientCredentialsBasic;
    const { config } = await h.create(
      oidcFields(server, 'clientCredentialsBasic', { sendToken: 'id_token' }),
      { clientSecret: client.clientSecret! },
    );
    const before = seen.length;
    const runner = createRequestRunner({ engine: h.engine });
    const error = await runner
      .send(
        requestSpecSchema.parse({
          requestId: 'r2',
          method: 'GET',
          url: `${echoUrl}/iap`,
          credentialId: config.id,
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain('Add the openid scope');
    expect(seen.length).toBe(before);
  });
});
