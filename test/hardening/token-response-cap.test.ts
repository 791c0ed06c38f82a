// A hostile token endpoint that never stops sending: the engine must stop reading once the
// response passes 1 MB, well before the request timeout, and say why.
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { json, startFakeServer, type FakeServer } from '../unit/main/oauth/support/fake-server';
import { createEngineHarness, type EngineHarness } from '../support/engine-harness';

let server: FakeServer;
let h: EngineHarness;

beforeEach(async () => {
  server = await startFakeServer();
  // A long timeout: only the size cap can end the endless stream quickly.
  h = createEngineHarness({ clock: 'frozen', requestTimeoutMs: 20_000 });
});
afterEach(() => server.close());

/** Streams `{"access_token":"aaaa...` forever; resolves with the bytes sent when the client hangs up. */
function streamForever(res: ServerResponse): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"');
    const timer = setInterval(() => {
      if (res.destroyed) return;
      res.write(chunk);
      sent += chunk.byteLength;
    }, 2);
    res.on('close', () => {
      clearInterval(timer);
      resolve(sent);
    });
  });
}

async function clientCredentials(): Promise<string> {
  const { config } = await h.create(
    {
      name: 'Endless',
      grantType: 'client_credentials',
      clientId: 'c',
      tokenUrl: `${server.url}/token`,
    },
    { clientSecret: 's' },
  );
  return config.id;
}

describe('token response size cap', () => {
  it('stops reading an endless token response after 1 MB and reports invalid_token_response', async () => {
    let hungUp: Promise<number> = Promise.resolve(0);
    server.handle((_req, res) => {
      hungUp = streamForever(res);
    });
    const id = await clientCredentials();
    const started = Date.now();
    const error = await h.engine.getAccessToken(id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_token_response');
    expect((error as AppError).message).toContain('The token endpoint sent more than 1 MB');
    // Long before the 20 s timeout, and the connection is closed from our side.
    expect(Date.now() - started).toBeLessThan(10_000);
    const sent = await hungUp;
    expect(sent).toBeGreaterThan(1024 * 1024);
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('still accepts a large but honest token response under the cap', async () => {
    const padding = 'x'.repeat(900 * 1024);
    server.handle((_req, res) =>
      json(res, 200, {
        access_token: 'at-large-ok',
        token_type: 'Bearer',
        expires_in: 3600,
        padding,
      }),
    );
    const id = await clientCredentials();
    await expect(h.engine.getAccessToken(id)).resolves.toMatchObject({
      accessToken: 'at-large-ok',
    });
  });
});
