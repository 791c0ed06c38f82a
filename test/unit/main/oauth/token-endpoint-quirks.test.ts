// Provider quirks a real server cannot show, against small real servers on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import {
  basicCredentials,
  closedPortUrl,
  json,
  send,
  startFakeServer,
  type FakeServer,
} from './support/fake-server';
import { createEngineHarness, type EngineHarness } from '../../../support/engine-harness';

let server: FakeServer;
let h: EngineHarness;

beforeEach(async () => {
  server = await startFakeServer();
  // Room for a loaded machine: only the timeout test below depends on the limit, and it sets its own.
  h = createEngineHarness({ clock: 'frozen', requestTimeoutMs: 15_000 });
});
afterEach(() => server.close());

const clientCredentials = (overrides: Record<string, unknown> = {}) =>
  h.create(
    {
      name: 'CC',
      grantType: 'client_credentials',
      clientId: 'my client:1',
      tokenUrl: `${server.url}/token`,
      scopes: 'read',
      ...overrides,
    },
    { clientSecret: 'p@ss:wörd/+&=' },
  );

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('client authentication', () => {
  it('basic: form-encodes id and secret before base64 (RFC 6749 §2.3.1)', async () => {
    server.handle((req, res) =>
      json(res, 200, { access_token: 'at-basic', token_type: 'Bearer', expires_in: 3600 }),
    );
    const { config } = await clientCredentials();
    await h.engine.getAccessToken(config.id);
    const request = server.requests[0]!;
    const raw = Buffer.from(request.headers.authorization!.slice(6), 'base64').toString('utf8');
    // Special characters are percent-encoded, so the colon inside the id cannot split it wrong.
    expect(raw).toBe('my+client%3A1:p%40ss%3Aw%C3%B6rd%2F%2B%26%3D');
    expect(basicCredentials(request)).toEqual({ id: 'my client:1', secret: 'p@ss:wörd/+&=' });
    expect(request.form.get('client_secret')).toBeNull();
    expect(request.form.get('grant_type')).toBe('client_credentials');
    expect(request.form.get('scope')).toBe('read');
    expect(request.headers.accept).toBe('application/json');
  });

  it('body: sends client_id and client_secret in the form', async () => {
    server.handle((req, res) =>
      json(res, 200, { access_token: 'at-body', token_type: 'Bearer', expires_in: 3600 }),
    );
    const { config } = await clientCredentials({ clientAuth: 'body' });
    await h.engine.getAccessToken(config.id);
    const request = server.requests[0]!;
    expect(request.headers.authorization).toBeUndefined();
    expect(request.form.get('client_id')).toBe('my client:1');
    expect(request.form.get('client_secret')).toBe('p@ss:wörd/+&=');
  });

  it('sends audience, resource and extra token parameters', async () => {
    server.handle((req, res) =>
      json(res, 200, { access_token: 'at-aud', token_type: 'Bearer', expires_in: 3600 }),
    );
    const { config } = await clientCredentials({
      audience: 'https://api.example',
      resource: 'https://api.example/v1',
      requestExtras: [{ stage: 'token', in: 'body', name: 'tenant', value: 't-42' }],
    });
    await h.engine.getAccessToken(config.id);
    const form = server.requests[0]!.form;
    expect(form.get('audience')).toBe('https://api.example');
    expect(form.get('resource')).toBe('https://api.example/v1');
    expect(form.get('tenant')).toBe('t-42');
  });
});

describe('token responses', () => {
  it('accepts a GitHub-style form-encoded body', async () => {
    server.handle((req, res) =>
      send(
        res,
        200,
        'application/x-www-form-urlencoded',
        'access_token=gho_formtoken&scope=read&token_type=bearer',
      ),
    );
    const { config } = await clientCredentials();
    const token = await h.engine.getAccessToken(config.id);
    expect(token.accessToken).toBe('gho_formtoken');
    expect(token.headerValue).toBe('Bearer gho_formtoken');
    const status = (await h.engine.status(config.id)).status;
    expect(status.scope).toBe('read');
    expect(status.expiresAt).toBe(h.clock.now() + 300_000);
  });

  it('compares token_type case-insensitively and assumes 300 s without expires_in', async () => {
    server.handle((req, res) => json(res, 200, { access_token: 'at-upper', token_type: 'BEARER' }));
    const { config } = await clientCredentials();
    const token = await h.engine.getAccessToken(config.id);
    expect(token.tokenType).toBe('Bearer');
    expect((await h.engine.status(config.id)).status.expiresAt).toBe(h.clock.now() + 300_000);
  });

  it('rejects a token type it cannot use', async () => {
    server.handle((req, res) => json(res, 200, { access_token: 'at-mac', token_type: 'mac' }));
    const { config } = await clientCredentials();
    expect((await failure(h.engine.getAccessToken(config.id))).code).toBe('invalid_token_response');
  });

  it('reports an OAuth error sent with HTTP 200 as that error', async () => {
    server.handle((req, res) =>
      json(res, 200, { error: 'invalid_client', error_description: 'bad creds' }),
    );
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toMatch(/client ID and secret/);
    expect(error.provider?.errorDescription).toBe('bad creds');
  });
});

describe('errors a user can act on', () => {
  it('invalid_client with a Basic challenge says to check id, secret and auth method', async () => {
    server.handle((req, res) =>
      json(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="x"' }),
    );
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toMatch(/client authentication method/);
    // The advice names both settings in words; redaction must not take "Basic header" for a credential.
    expect(error.message).toContain('(HTTP Basic header or request body)');
    expect(error.provider?.status).toBe(401);
    expect((await h.engine.status(config.id)).status).toMatchObject({
      state: 'error',
      lastError: { code: 'invalid_client' },
    });
  });

  it('invalid_client keeps what the provider said next to the advice', async () => {
    server.handle((req, res) =>
      json(
        res,
        401,
        {
          error: 'invalid_client',
          error_description: 'client_secret_basic is not allowed for this client',
        },
        { 'www-authenticate': 'Basic realm="x"' },
      ),
    );
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.message).toContain(
      'The provider said: "client_secret_basic is not allowed for this client"',
    );
  });

  it("GitHub's own error names (HTTP 200) get the advice of the RFC 6749 errors they stand for", async () => {
    server.handle((req, res) =>
      send(
        res,
        200,
        'application/x-www-form-urlencoded',
        'error=incorrect_client_credentials&error_description=The+client_id+and%2For+client_secret+passed+are+incorrect.',
      ),
    );
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toMatch(/Check the client ID and secret/);
    // What the provider really sent stays visible.
    expect(error.provider?.error).toBe('incorrect_client_credentials');
  });

  it('invalid_scope names the scopes', async () => {
    server.handle((req, res) =>
      json(res, 400, { error: 'invalid_scope', error_description: 'scope admin not allowed' }),
    );
    const { config } = await clientCredentials({ scopes: 'read admin' });
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('invalid_scope');
    expect(error.message).toContain('read admin');
    expect(error.provider?.errorDescription).toBe('scope admin not allowed');
  });

  it('an HTML error page shows the HTTP status and a short redacted excerpt', async () => {
    server.handle((req, res) =>
      send(
        res,
        502,
        'text/html',
        `<html><body><h1>Bad gateway</h1><p>echo: client_secret=${req.form.get('client_secret') ?? 'none'}</p>${'<p>filler</p>'.repeat(100)}</body></html>`,
      ),
    );
    const { config } = await clientCredentials({ clientAuth: 'body' });
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('non_json_response');
    expect(error.message).toContain('HTTP 502');
    expect(error.message).toContain('Bad gateway');
    expect(error.provider?.status).toBe(502);
    expect(error.provider?.bodyExcerpt!.length).toBeLessThanOrEqual(201);
    expect(JSON.stringify(error.toInfo())).not.toContain('p@ss');
  });

  it('a 404 says to check the token URL', async () => {
    server.handle((req, res) => send(res, 404, 'text/plain', 'Not Found'));
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('token_url_not_found');
    expect(error.message).toMatch(/Check the token URL/);
  });

  it('a redirect (to a login page) says to use the final URL, without following it', async () => {
    server.handle((req, res) => {
      res.writeHead(302, { location: `${server.url}/login?next=token` }).end();
    });
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.message).toMatch(
      /HTTP 302, a redirect to http:\/\/127\.0\.0\.1:\d+\/login\. Use the final URL/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('an unreachable token URL says so', async () => {
    const { config } = await clientCredentials({ tokenUrl: `${await closedPortUrl()}/token` });
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('token_url_unreachable');
    expect(error.message).toMatch(/connection refused/);
  });

  it('a slow endpoint times out with the configured timeout', async () => {
    // The endpoint never answers: only the configured 300 ms limit (not the 15 s one, nor vitest's
    // own) can end this call, so the test needs no stopwatch.
    server.handle(() => {});
    h = createEngineHarness({ clock: 'frozen', requestTimeoutMs: 300 });
    const { config } = await clientCredentials();
    const error = await failure(h.engine.getAccessToken(config.id));
    expect(error.code).toBe('timeout');
  }, 10_000);
});
