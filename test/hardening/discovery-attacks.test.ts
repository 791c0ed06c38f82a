// A hostile or broken metadata document: endpoints the renderer would store and the app would
// open or post secrets to (javascript:, data:, plain http to another host), and an issuer that
// is not the one asked for (RFC 8414 §3.3, OpenID Connect Discovery §4.3). Discovery fails and
// names the bad field; nothing of it reaches the renderer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { createEngineHarness } from '../support/engine-harness';
import { json, startFakeServer, type FakeServer } from '../unit/main/oauth/support/fake-server';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(() => server.close());

const goodMetadata = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  device_authorization_endpoint: `${issuer}/device`,
  revocation_endpoint: `${issuer}/revoke`,
});

function serveMetadata(body: Record<string, unknown>): void {
  server.handle((req, res) =>
    req.path === '/.well-known/openid-configuration' ? json(res, 200, body) : json(res, 404, {}),
  );
}

async function discoveryError(issuer: string): Promise<AppError> {
  const error = await createEngineHarness({ clock: 'frozen' })
    .engine.discover(issuer)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('discovered endpoints are checked before the renderer sees them', () => {
  const bad: Array<[string, string, (origin: string) => unknown, RegExp]> = [
    [
      'a javascript: authorization endpoint',
      'authorization_endpoint',
      () => 'javascript:alert(document.cookie)//',
      /authorization_endpoint must be an https:\/\/ URL, not javascript:/,
    ],
    [
      'a data: token endpoint',
      'token_endpoint',
      () => 'data:text/html,<script>1</script>',
      /token_endpoint must be an https:\/\/ URL, not data:/,
    ],
    [
      'plain http to a remote token endpoint',
      'token_endpoint',
      () => 'http://tokens.evil.example/token',
      /token_endpoint must use https:\/\//,
    ],
    [
      'plain http to a remote device endpoint',
      'device_authorization_endpoint',
      () => 'http://10.0.0.5/device',
      /device_authorization_endpoint must use https:\/\//,
    ],
    [
      'a revocation endpoint that is not a URL',
      'revocation_endpoint',
      () => 'not a url',
      /revocation_endpoint is not a valid URL/,
    ],
    [
      'a token endpoint that is not a string',
      'token_endpoint',
      () => 42,
      /token_endpoint is not a URL string/,
    ],
  ];
  for (const [label, field, value, message] of bad) {
    it(`fails discovery with discovery_failed on ${label}`, async () => {
      serveMetadata({ ...goodMetadata(server.url), [field]: value(server.url) });
      const error = await discoveryError(server.url);
      expect(error.code).toBe('discovery_failed');
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/enter the endpoints by hand/);
      // The hostile value itself is not echoed back.
      expect(error.message).not.toContain('alert(');
      expect(error.message).not.toContain('<script>');
    });
  }

  it('accepts https endpoints and plain http on loopback (local servers, tests)', async () => {
    serveMetadata({ ...goodMetadata(server.url), revocation_endpoint: 'https://revoke.example/r' });
    await expect(
      createEngineHarness({ clock: 'frozen' }).engine.discover(server.url),
    ).resolves.toMatchObject({
      tokenUrl: `${server.url}/token`,
      revocationUrl: 'https://revoke.example/r',
    });
  });
});

describe('the discovered issuer must be the requested one (RFC 8414 §3.3)', () => {
  for (const [label, issuerOf] of [
    ['another host', () => 'https://someone-else.example'],
    ['another path on the same host', (origin: string) => `${origin}/tenant-b`],
    ['no issuer at all', () => undefined],
  ] as const) {
    it(`fails discovery when the metadata names ${label}`, async () => {
      const { issuer: _ignored, ...rest } = goodMetadata(server.url);
      const issuer = issuerOf(server.url);
      serveMetadata(issuer === undefined ? rest : { ...rest, issuer });
      const error = await discoveryError(server.url);
      expect(error.code).toBe('discovery_failed');
    });
  }
});
