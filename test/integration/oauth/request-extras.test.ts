// Extra parameters and headers per stage: each row reaches the request of its own stage, in the
// place it names, and no other request. A quirk server records every request as it arrived.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../src/shared/credential';
import type { RequestExtra } from '../../../src/shared/request-extras';
import { createEngineHarness } from '../../support/engine-harness';
import {
  randomToken,
  startQuirkServer,
  type QuirkRequest,
  type QuirkServer,
} from '../../support/quirk-server';
import { scriptedAuthorizer } from '../../support/scripted-authorizers';

let server: QuirkServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A token endpoint for every grant, and a device endpoint approving on the first poll. */
function provider(request: QuirkRequest, res: ServerResponse): void {
  if (request.path === '/device') {
    return json(res, {
      device_code: randomToken('dc'),
      user_code: 'WDJB-MJHT',
      verification_uri: 'https://provider.example/activate',
      expires_in: 600,
      interval: 1,
    });
  }
  json(res, {
    access_token: randomToken('at'),
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: randomToken('rt'),
  });
}

/** One row per stage and place, each value naming where it belongs. */
const everywhere: RequestExtra[] = [
  { stage: 'authorization', in: 'query', name: 'organization', value: 'auth-query' },
  { stage: 'token', in: 'body', name: 'organization', value: 'token-body' },
  { stage: 'token', in: 'header', name: 'X-Stage', value: 'token-header' },
  { stage: 'token', in: 'query', name: 'api-version', value: 'token-query' },
  { stage: 'refresh', in: 'body', name: 'organization', value: 'refresh-body' },
  { stage: 'refresh', in: 'header', name: 'X-Stage', value: 'refresh-header' },
  { stage: 'refresh', in: 'query', name: 'api-version', value: 'refresh-query' },
  { stage: 'device_authorization', in: 'body', name: 'organization', value: 'device-body' },
  { stage: 'device_authorization', in: 'header', name: 'X-Stage', value: 'device-header' },
  { stage: 'device_authorization', in: 'query', name: 'api-version', value: 'device-query' },
];

const seen = (request: QuirkRequest) => ({
  body: request.form.getAll('organization'),
  header: request.headers['x-stage'] ?? null,
  query: request.query.getAll('api-version'),
});

describe('extra parameters and headers per stage', () => {
  it('authorization code: the authorization URL, the code exchange and the refresh each get their own', async () => {
    server = await startQuirkServer(provider);
    const authorizer = scriptedAuthorizer(
      (url, redirect) => `${redirect}?code=c1&state=${url.searchParams.get('state') ?? ''}`,
    );
    const h = createEngineHarness({ authorizer });
    const { config } = await h.create(
      credentialFieldsSchema.parse({
        name: 'Staged',
        grantType: 'authorization_code',
        clientId: 'staged-app',
        authorizationUrl: `${server.url}/authorize`,
        tokenUrl: server.tokenUrl,
        requestExtras: everywhere,
      }),
    );
    await h.engine.authorize(config.id);
    await h.engine.refresh(config.id);

    expect(authorizer.urls[0]!.searchParams.getAll('organization')).toEqual(['auth-query']);
    const [exchange, refresh] = server.requests;
    expect(exchange!.form.get('grant_type')).toBe('authorization_code');
    expect(seen(exchange!)).toEqual({
      body: ['token-body'],
      header: 'token-header',
      query: ['token-query'],
    });
    expect(refresh!.form.get('grant_type')).toBe('refresh_token');
    expect(seen(refresh!)).toEqual({
      body: ['refresh-body'],
      header: 'refresh-header',
      query: ['refresh-query'],
    });
  });

  it('device code: the device authorization request and the polling token request each get their own', async () => {
    server = await startQuirkServer(provider);
    const h = createEngineHarness();
    const { config } = await h.create(
      credentialFieldsSchema.parse({
        name: 'Staged device',
        grantType: 'device_code',
        clientId: 'staged-tv',
        deviceAuthorizationUrl: `${server.url}/device`,
        tokenUrl: server.tokenUrl,
        requestExtras: everywhere,
      }),
    );
    await h.engine.authorize(config.id);

    const [device, poll] = server.requests;
    expect(device!.path).toBe('/device');
    expect(seen(device!)).toEqual({
      body: ['device-body'],
      header: 'device-header',
      query: ['device-query'],
    });
    expect(poll!.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(seen(poll!)).toEqual({
      body: ['token-body'],
      header: 'token-header',
      query: ['token-query'],
    });
  });

  it('client credentials: a token-request header never replaces client authentication', async () => {
    server = await startQuirkServer(provider);
    const h = createEngineHarness();
    const { config } = await h.create(
      credentialFieldsSchema.parse({
        name: 'Staged machine',
        grantType: 'client_credentials',
        clientId: 'svc',
        tokenUrl: `${server.tokenUrl}?tenant=from-url`,
        requestExtras: [{ stage: 'token', in: 'header', name: 'X-Tenant', value: 'acme' }],
      }),
      { clientSecret: 'svcsecret42' },
    );
    await h.engine.getAccessToken(config.id);
    const [request] = server.requests;
    expect(request!.headers['x-tenant']).toBe('acme');
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from('svc:svcsecret42').toString('base64')}`,
    );
    // RFC 6749 §3.2: the endpoint URL's own query is kept.
    expect(request!.query.get('tenant')).toBe('from-url');
  });
});
