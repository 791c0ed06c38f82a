// The request tester attaches a managed token to the user's API calls. An API (or anything in
// between) that redirects elsewhere must not receive it on the other origin, and a token is never
// sent over plain http to a remote host (RFC 6750 §5.3).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestRunner } from '../../src/main/services/request-runner';
import { requestSpecSchema } from '../../src/shared/requests';
import { startFaultHarness, type FaultHarness } from '../support/engine-harness';

interface Seen {
  origin: string;
  path: string;
  authorization: string | undefined;
  method: string;
}

const seen: Seen[] = [];
let h: FaultHarness;
let api: Server;
let collector: Server;
let apiOrigin: string;
let collectorOrigin: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  h = await startFaultHarness();
  // The "API": redirects wherever the query says, with the status the query says.
  api = createServer((req, res) => {
    const url = new URL(req.url ?? '/', apiOrigin);
    seen.push({
      origin: apiOrigin,
      path: url.pathname,
      authorization: req.headers.authorization,
      method: req.method ?? '',
    });
    const to = url.searchParams.get('to');
    if (to) {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  // Another origin (another port), standing in for an attacker's host.
  collector = createServer((req, res) => {
    seen.push({
      origin: collectorOrigin,
      path: req.url ?? '/',
      authorization: req.headers.authorization,
      method: req.method ?? '',
    });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('collected');
  });
  apiOrigin = await listen(api);
  collectorOrigin = await listen(collector);
});

afterAll(async () => {
  await h.close();
  await new Promise((r) => api.close(r));
  await new Promise((r) => collector.close(r));
});

describe('the managed token and redirects', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`does not send the token across origins on a ${status} redirect`, async () => {
      const id = await h.addCredential('client_credentials');
      const runner = createRequestRunner({ engine: h.engine });
      seen.length = 0;
      const to = `${collectorOrigin}/steal`;
      const view = await runner.send(
        requestSpecSchema.parse({
          requestId: `r${status}`,
          method: 'POST',
          url: `${apiOrigin}/start?status=${status}&to=${encodeURIComponent(to)}`,
          credentialId: id,
          body: { kind: 'json', text: '{"a":1}' },
        }),
      );
      expect(view.status).toBe(200);
      expect(view.body).toBe('collected');
      const atApi = seen.filter((s) => s.origin === apiOrigin);
      const atCollector = seen.filter((s) => s.origin === collectorOrigin);
      expect(atApi[0]!.authorization).toMatch(/^Bearer /);
      expect(atCollector).toHaveLength(1);
      expect(atCollector[0]!.authorization).toBeUndefined();
      expect(view.notes.join(' ')).toMatch(/Authorization header was not sent/);
    });
  }

  it('keeps the token on same-origin redirects and never restores it after a cross-origin hop that comes back', async () => {
    const id = await h.addCredential('client_credentials');
    const runner = createRequestRunner({ engine: h.engine });
    seen.length = 0;
    const back = `${apiOrigin}/final`;
    const twoSameOriginHops = `${apiOrigin}/hop?to=${encodeURIComponent(`${apiOrigin}/again?to=${encodeURIComponent(back)}`)}`;
    await runner.send(
      requestSpecSchema.parse({
        requestId: 'same',
        method: 'GET',
        url: twoSameOriginHops,
        credentialId: id,
      }),
    );
    expect(
      seen
        .filter((s) => s.origin === apiOrigin)
        .every((s) => s.authorization?.startsWith('Bearer ')),
    ).toBe(true);

    seen.length = 0;
    // The collector bounces back to the API: the token must not reappear on the way back.
    const bounce = createServer((req, res) => {
      seen.push({
        origin: 'bounce',
        path: req.url ?? '/',
        authorization: req.headers.authorization,
        method: req.method ?? '',
      });
      res.writeHead(302, { location: `${apiOrigin}/final` });
      res.end();
    });
    const bounceOrigin = await listen(bounce);
    await runner.send(
      requestSpecSchema.parse({
        requestId: 'bounce',
        method: 'GET',
        url: `${apiOrigin}/start?to=${encodeURIComponent(`${bounceOrigin}/x`)}`,
        credentialId: id,
      }),
    );
    await new Promise((r) => bounce.close(r));
    expect(
      seen.map((s) => [s.origin === apiOrigin ? 'api' : s.origin, Boolean(s.authorization)]),
    ).toEqual([
      ['api', true],
      ['bounce', false],
      ['api', false],
    ]);
  });

  it('refuses to send a token over plain http to a remote host, before any request or token fetch', async () => {
    const id = await h.addCredential('client_credentials');
    const runner = createRequestRunner({ engine: h.engine });
    const hits = h.server.hits.length;
    await expect(
      runner.send(
        requestSpecSchema.parse({
          requestId: 'plain',
          method: 'GET',
          url: 'http://api.example.invalid/v1',
          credentialId: id,
        }),
      ),
    ).rejects.toMatchObject({ code: 'insecure_url' });
    expect(h.server.hits.length).toBe(hits);
  });
});
