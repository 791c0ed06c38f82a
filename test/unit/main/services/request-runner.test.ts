import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { requestSpecSchema, type RequestSpecInput } from '../../../../src/shared/requests';
import type { RevealedToken } from '../../../../src/shared/status';
import { placeToken, type TokenPlacementConfig } from '../../../../src/shared/token-placement';
import { createRequestRunner } from '../../../../src/main/services/request-runner';
import { startApiServer, type ApiServer } from './api-server';

/** Hands out a stale token until a forced refresh, then the fresh one: like an engine whose token was revoked early. */
function fakeEngine(options: { refreshFails?: boolean; placement?: TokenPlacementConfig } = {}) {
  const calls: Array<{ id: string; forceRefresh: boolean }> = [];
  let current = 'stale-token';
  return {
    calls,
    async getAccessToken(id: string, opts?: { forceRefresh?: boolean }): Promise<RevealedToken> {
      calls.push({ id, forceRefresh: opts?.forceRefresh === true });
      if (opts?.forceRefresh) {
        if (options.refreshFails) {
          throw new AppError({
            code: 'needs_authorization',
            message: 'The refresh token is no longer valid. Click Authorize to sign in again.',
          });
        }
        current = 'fresh-token';
      }
      const headerValue = `Bearer ${current}`;
      const placement = options.placement
        ? placeToken(options.placement, current)
        : placeToken({ headerPrefix: 'Bearer' }, current);
      return { accessToken: current, tokenType: 'Bearer', headerValue, placement };
    },
  };
}

const spec = (input: Partial<RequestSpecInput> & { url: string }) =>
  requestSpecSchema.parse({ requestId: crypto.randomUUID(), method: 'GET', ...input });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

let api: ApiServer;
let other: ApiServer;
beforeAll(async () => {
  other = await startApiServer({
    '/headers': (req, res, _body, url) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: req.headers['x-api-token'] ?? null, query: url.search }));
    },
  });
  api = await startApiServer({
    '/to-other': (_req, res) => {
      res.writeHead(302, { location: `${other.origin}/echo` });
      res.end();
    },
    '/to-self': (_req, res) => {
      res.writeHead(307, { location: '/protected' });
      res.end();
    },
    '/to-other-protected': (_req, res) => {
      res.writeHead(302, { location: `${other.origin}/protected` });
      res.end();
    },
    '/see-other': (_req, res) => {
      res.writeHead(303, { location: '/echo' });
      res.end();
    },
    '/401-then-drop': (req, res) => {
      if (req.headers.authorization === 'Bearer stale-token') {
        res.writeHead(401);
        return res.end();
      }
      req.socket.destroy(); // the retry with the fresh token never gets an answer
    },
    '/custom-protected': (req, res) => {
      const ok = req.headers['x-api-token'] === 'fresh-token';
      res.writeHead(
        ok ? 200 : 401,
        ok ? {} : { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
      res.end(ok ? '{"ok":true}' : '');
    },
    '/query-protected': (_req, res, _body, url) => {
      const ok = url.searchParams.get('access_token') === 'fresh-token';
      res.writeHead(
        ok ? 200 : 401,
        ok ? {} : { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
      res.end(ok ? '{"ok":true}' : '');
    },
    '/custom-to-other': (_req, res) => {
      res.writeHead(302, { location: `${other.origin}/headers` });
      res.end();
    },
    '/query-to-other': (_req, res, _body, url) => {
      // A server that copies the query, token included, into its redirect.
      res.writeHead(302, { location: `${other.origin}/headers${url.search}` });
      res.end();
    },
    '/wants-basic': (_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="intranet"' });
      res.end();
    },
    '/bad-request-401': (_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_request"' });
      res.end();
    },
    '/utf8': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('é'.repeat(10));
    },
  });
});
afterAll(async () => {
  await api.close();
  await other.close();
});

describe('request runner', () => {
  it('merges query parameters, sends a JSON body and reports status, size and duration', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const res = await runner.send(
      spec({
        method: 'POST',
        url: `${api.origin}/echo?a=1`,
        query: [
          { name: 'b', value: 'two words' },
          { name: 'off', value: 'x', enabled: false },
        ],
        body: { kind: 'json', text: '{"n": 1}' },
      }),
    );
    expect(res.status).toBe(200);
    const echoed = JSON.parse(res.body);
    expect(echoed).toMatchObject({
      method: 'POST',
      query: { a: '1', b: 'two words' },
      contentType: 'application/json',
      body: '{"n": 1}',
    });
    expect(res.url).toBe(`${api.origin}/echo?a=1&b=two+words`);
    expect(res.sizeBytes).toBe(Buffer.byteLength(res.body));
    expect(res.durationMs).toBeGreaterThan(0);
    expect(res.retriedAfterRefresh).toBe(false);
  });

  it('sends form bodies url-encoded', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const res = await runner.send(
      spec({
        method: 'PUT',
        url: `${api.origin}/echo`,
        body: { kind: 'form', fields: [{ name: 'q', value: 'a&b=c' }] },
      }),
    );
    expect(JSON.parse(res.body)).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      body: 'q=a%26b%3Dc',
    });
  });

  it("attaches the credential's token as the Authorization header", async () => {
    const engine = fakeEngine();
    api.validToken = 'stale-token';
    const runner = createRequestRunner({ engine });
    const res = await runner.send(spec({ url: `${api.origin}/protected`, credentialId: 'cred-1' }));
    api.validToken = 'fresh-token';
    expect(res.status).toBe(200);
    expect(api.seen.at(-1)?.authorization).toBe('Bearer stale-token');
    expect(engine.calls).toEqual([{ id: 'cred-1', forceRefresh: false }]);
  });

  it('on a 401 refreshes the token once and retries, and says so', async () => {
    const engine = fakeEngine();
    const runner = createRequestRunner({ engine });
    const before = api.seen.length;
    const res = await runner.send(spec({ url: `${api.origin}/protected`, credentialId: 'cred-1' }));
    expect(res.status).toBe(200);
    expect(res.retriedAfterRefresh).toBe(true);
    expect(res.notes.join(' ')).toMatch(/401.*refreshed the token and retried once/);
    expect(api.seen.slice(before).map((s) => s.authorization)).toEqual([
      'Bearer stale-token',
      'Bearer fresh-token',
    ]);
    expect(engine.calls.map((c) => c.forceRefresh)).toEqual([false, true]);
  });

  it.each([
    ['/wants-basic', 'basic authentication'],
    ['/bad-request-401', 'invalid_request'],
  ])('does not refresh for a 401 a new token cannot fix (%s), and says why', async (path, said) => {
    const engine = fakeEngine();
    const runner = createRequestRunner({ engine });
    const res = await runner.send(spec({ url: `${api.origin}${path}`, credentialId: 'cred-1' }));
    expect(res.status).toBe(401);
    expect(res.retriedAfterRefresh).toBe(false);
    expect(res.notes.join(' ')).toContain(said);
    expect(engine.calls.map((c) => c.forceRefresh)).toEqual([false]);
  });

  it('sends the token in a custom header without prefix, and refreshes on its 401', async () => {
    const engine = fakeEngine({ placement: { headerPrefix: '', tokenHeaderName: 'X-Api-Token' } });
    const runner = createRequestRunner({ engine });
    const res = await runner.send(
      spec({
        url: `${api.origin}/custom-protected`,
        credentialId: 'cred-1',
        headers: [{ name: 'X-Api-Token', value: 'typed' }],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.retriedAfterRefresh).toBe(true);
    expect(res.notes.join(' ')).toContain('X-Api-Token header from the table was replaced');
    expect(api.seen.at(-1)?.authorization).toBeUndefined();
  });

  it('sends the token as a query parameter with the RFC 6750 §2.3 warning, and never shows it', async () => {
    const engine = fakeEngine({ placement: { headerPrefix: 'Bearer', tokenPlacement: 'query' } });
    const runner = createRequestRunner({ engine });
    const res = await runner.send(
      spec({ url: `${api.origin}/query-protected?page=2`, credentialId: 'cred-1' }),
    );
    expect(res.status).toBe(200);
    expect(res.retriedAfterRefresh).toBe(true);
    expect(res.notes.join(' ')).toContain('RFC 6750 §2.3');
    expect(res.url).toBe(`${api.origin}/query-protected?page=2&access_token=%E2%80%A6`);
    expect(JSON.stringify(res)).not.toContain('fresh-token');
  });

  it('keeps a custom-header or query token from another origin after a redirect', async () => {
    const header = await createRequestRunner({
      engine: fakeEngine({ placement: { headerPrefix: '', tokenHeaderName: 'X-Api-Token' } }),
    }).send(spec({ url: `${api.origin}/custom-to-other`, credentialId: 'cred-1' }));
    expect(JSON.parse(header.body)).toEqual({ token: null, query: '' });
    expect(header.notes.join(' ')).toContain('X-Api-Token header was not sent');

    const query = await createRequestRunner({
      engine: fakeEngine({ placement: { headerPrefix: '', tokenPlacement: 'query' } }),
    }).send(spec({ url: `${api.origin}/query-to-other?a=1`, credentialId: 'cred-1' }));
    expect(JSON.parse(query.body)).toEqual({ token: null, query: '?a=1' });
    expect(query.notes.join(' ')).toContain('taken out of the URL');
  });

  it('retries only once: a second 401 is shown as it is', async () => {
    api.validToken = 'never-this';
    try {
      const runner = createRequestRunner({ engine: fakeEngine() });
      const before = api.seen.length;
      const res = await runner.send(
        spec({ url: `${api.origin}/protected`, credentialId: 'cred-1' }),
      );
      expect(res.status).toBe(401);
      expect(res.retriedAfterRefresh).toBe(true);
      expect(api.seen.length - before).toBe(2);
    } finally {
      api.validToken = 'fresh-token';
    }
  });

  it('shows the original 401 with the reason when the refresh fails', async () => {
    const runner = createRequestRunner({ engine: fakeEngine({ refreshFails: true }) });
    const res = await runner.send(spec({ url: `${api.origin}/protected`, credentialId: 'cred-1' }));
    expect(res.status).toBe(401);
    expect(res.retriedAfterRefresh).toBe(false);
    expect(res.body).toContain('invalid_token');
    expect(res.notes.join(' ')).toMatch(/refreshing the token failed: .*Authorize/);
  });

  it('reports a failed retry as the network failure it is, not as a failed refresh', async () => {
    const engine = fakeEngine();
    const runner = createRequestRunner({ engine });
    const error = await rejection(
      runner.send(spec({ url: `${api.origin}/401-then-drop`, credentialId: 'cred-1' })),
    );
    expect(error.code).toBe('request_failed');
    expect(error.message).toContain(new URL(api.origin).host);
    expect(engine.calls.map((c) => c.forceRefresh)).toEqual([false, true]);
  });

  it('does not retry a 401 for a request without a credential', async () => {
    const engine = fakeEngine();
    const runner = createRequestRunner({ engine });
    const res = await runner.send(spec({ url: `${api.origin}/protected` }));
    expect(res.status).toBe(401);
    expect(engine.calls).toHaveLength(0);
    expect(api.seen.at(-1)?.authorization).toBeUndefined();
  });

  it('drops the Authorization header on a cross-origin redirect, keeps it on a same-origin one', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const cross = await runner.send(
      spec({ url: `${api.origin}/to-other`, credentialId: 'cred-1' }),
    );
    expect(cross.status).toBe(200);
    expect(cross.url).toBe(`${other.origin}/echo`);
    expect(other.seen.at(-1)).toMatchObject({ path: '/echo', authorization: undefined });
    expect(api.seen.at(-1)).toMatchObject({
      path: '/to-other',
      authorization: 'Bearer stale-token',
    });
    expect(cross.notes.join(' ')).toContain('Authorization header was not sent');

    const typed = await runner.send(
      spec({
        url: `${api.origin}/to-other`,
        headers: [{ name: 'Authorization', value: 'Basic dXNlcjpwdw==' }],
      }),
    );
    expect(typed.status).toBe(200);
    expect(other.seen.at(-1)?.authorization).toBeUndefined();

    api.validToken = 'stale-token';
    const same = await runner.send(spec({ url: `${api.origin}/to-self`, credentialId: 'cred-1' }));
    api.validToken = 'fresh-token';
    expect(same.status).toBe(200);
    expect(api.seen.at(-1)).toMatchObject({
      path: '/protected',
      authorization: 'Bearer stale-token',
    });
  });

  it('does not refresh for a 401 from another origin, which never saw the token (RFC 6750 §3.1)', async () => {
    const engine = fakeEngine();
    const runner = createRequestRunner({ engine });
    const res = await runner.send(
      spec({ url: `${api.origin}/to-other-protected`, credentialId: 'cred-1' }),
    );
    expect(res.status).toBe(401);
    expect(res.retriedAfterRefresh).toBe(false);
    expect(engine.calls).toEqual([{ id: 'cred-1', forceRefresh: false }]);
    expect(other.seen.at(-1)).toMatchObject({ path: '/protected', authorization: undefined });
    expect(res.notes.join(' ')).toContain('Authorization header was not sent');
  });

  it('turns a POST into a GET without body on 303 See Other', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const res = await runner.send(
      spec({
        method: 'POST',
        url: `${api.origin}/see-other`,
        body: { kind: 'raw', text: 'hello' },
      }),
    );
    expect(JSON.parse(res.body)).toMatchObject({ method: 'GET', body: '', contentType: null });
  });

  it('times out with a clear error', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const started = Date.now();
    const error = await rejection(
      runner.send(spec({ url: `${api.origin}/slow`, timeoutMs: 1000 })),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 1 s/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cancels an in-flight request by its id', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const s = spec({ url: `${api.origin}/slow` });
    const pending = rejection(runner.send(s));
    await new Promise((r) => setTimeout(r, 100));
    expect(runner.cancel(s.requestId)).toBe(true);
    expect((await pending).code).toBe('request_cancelled');
    expect(runner.cancel(s.requestId)).toBe(false);
  });

  it('caps the body shown but reports the full size', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const res = await runner.send(spec({ url: `${api.origin}/big` }));
    expect(res.bodyTruncated).toBe(true);
    expect(res.body.length).toBe(2 * 1024 * 1024);
    expect(res.sizeBytes).toBe(3 * 1024 * 1024);
    expect(res.notes.join(' ')).toContain('Showing the first 2 MB');

    const small = createRequestRunner({ engine: fakeEngine(), maxShownBytes: 15 });
    const cut = await small.send(spec({ url: `${api.origin}/utf8` }));
    // 15 bytes end in the middle of a two-byte character: only whole characters are shown.
    expect(cut.body).toBe('é'.repeat(7));
    expect(cut.sizeBytes).toBe(20);
  });

  it('rejects invalid JSON before sending, without quoting the body', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const before = api.seen.length;
    const error = await rejection(
      runner.send(
        spec({
          method: 'POST',
          url: `${api.origin}/echo`,
          body: { kind: 'json', text: '{"secret": "hunter2",\n }' },
        }),
      ),
    );
    expect(error.code).toBe('validation');
    expect(error.fields?.body).toMatch(/not valid JSON/);
    expect(error.message).not.toContain('hunter2');
    expect(api.seen.length).toBe(before);
  });

  it('rejects a body on GET, a bad URL and a bad header name with field messages', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    expect(
      (
        await rejection(
          runner.send(spec({ url: `${api.origin}/echo`, body: { kind: 'raw', text: 'x' } })),
        )
      ).fields?.body,
    ).toMatch(/GET/);
    expect((await rejection(runner.send(spec({ url: 'not a url' })))).fields?.url).toMatch(
      /not a valid URL/,
    );
    expect((await rejection(runner.send(spec({ url: 'ftp://127.0.0.1/x' })))).fields?.url).toMatch(
      /ftp:/,
    );
    expect(
      (await rejection(runner.send(spec({ url: `http://me:pw@127.0.0.1:1/x` })))).fields?.url,
    ).toMatch(/user name or password/);
    const bad = await rejection(
      runner.send(spec({ url: `${api.origin}/echo`, headers: [{ name: 'Bad Name', value: 'x' }] })),
    );
    expect(bad.fields?.headers).toMatch(/not a valid header name/);
  });

  it('refuses to send a token over plain http to a remote host', async () => {
    const engine = fakeEngine();
    const runner = createRequestRunner({ engine });
    const error = await rejection(
      runner.send(spec({ url: 'http://api.example.com/v1', credentialId: 'cred-1' })),
    );
    expect(error.code).toBe('insecure_url');
    expect(engine.calls).toHaveLength(0);
  });

  it('reports a refused connection as request_failed naming the host', async () => {
    const runner = createRequestRunner({ engine: fakeEngine() });
    const closed = await startApiServer();
    await closed.close();
    const error = await rejection(runner.send(spec({ url: `${closed.origin}/echo` })));
    expect(error.code).toBe('request_failed');
    expect(error.message).toContain(new URL(closed.origin).host);
    expect(error.message).toMatch(/connection refused/);
  });
});
