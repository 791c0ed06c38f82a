// Provider behaviour a standards-following server cannot show, through the engine: GitHub-style
// form-encoded token responses, no expires_in, HTML error pages, slow and missing endpoints.
import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../../support/engine-harness';
import {
  githubStyleToken,
  htmlErrorPage,
  randomToken,
  slowEndpoint,
  startQuirkServer,
  tokenWithoutExpiry,
  type QuirkHandler,
} from '../../support/quirk-server';
import { credentialFieldsSchema } from '../../../src/shared/credential';

/** A client-credentials credential pointed at one quirky token endpoint. */
async function against(
  handler: QuirkHandler,
  options: { requestTimeoutMs?: number; tokenPath?: string } = {},
) {
  const quirk = await startQuirkServer(handler);
  const h = createEngineHarness(
    options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {},
  );
  const fields = credentialFieldsSchema.parse({
    name: 'quirky',
    grantType: 'client_credentials',
    clientId: 'quirk-client',
    tokenUrl: `${quirk.url}${options.tokenPath ?? '/token'}`,
    scopes: 'repo',
  });
  const { config } = await h.create(fields, { clientSecret: randomToken('secret') });
  return { quirk, h, id: config.id };
}

describe('provider quirks', () => {
  it('asks for JSON, which makes a GitHub-style endpoint answer in JSON', async () => {
    const accessToken = randomToken();
    const { quirk, h, id } = await against(githubStyleToken({ accessToken, scope: 'repo' }));
    try {
      const token = await h.engine.getAccessToken(id);
      expect(token.accessToken === accessToken).toBe(true);
      expect(quirk.requests[0]?.headers.accept).toContain('application/json');
    } finally {
      await quirk.stop();
    }
  });

  it('reads a form-encoded token response from a server that ignores Accept', async () => {
    const accessToken = randomToken();
    const { quirk, h, id } = await against(
      githubStyleToken({ accessToken, scope: 'repo' }, { alwaysForm: true }),
    );
    try {
      const token = await h.engine.getAccessToken(id);
      expect(token.accessToken === accessToken).toBe(true);
      // RFC 6749 §5.1: token_type is case-insensitive; GitHub says "bearer".
      expect(token.headerValue.startsWith('Bearer ')).toBe(true);
    } finally {
      await quirk.stop();
    }
  });

  it('keeps a token without expires_in for 300 seconds', async () => {
    const { quirk, h, id } = await against(tokenWithoutExpiry(randomToken()));
    try {
      const before = Date.now();
      await h.engine.getAccessToken(id);
      const { expiresAt } = (await h.engine.status(id)).status;
      expect(expiresAt).toBeGreaterThanOrEqual(before + 300_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    } finally {
      await quirk.stop();
    }
  });

  it('shows the status and a short excerpt of an HTML error page', async () => {
    const { quirk, h, id } = await against(htmlErrorPage(502, 'Bad Gateway'));
    try {
      const failure = await h.engine.getAccessToken(id).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'non_json_response', provider: { status: 502 } });
      expect((failure as { provider?: { bodyExcerpt?: string } }).provider?.bodyExcerpt).toContain(
        'Bad Gateway',
      );
      expect((failure as Error).message).toContain('502');
    } finally {
      await quirk.stop();
    }
  });

  it('gives up on a slow endpoint after the request timeout', async () => {
    const { quirk, h, id } = await against(slowEndpoint(5_000), { requestTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(h.engine.getAccessToken(id)).rejects.toMatchObject({ code: 'timeout' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await quirk.stop();
    }
  });

  it('says to check the token URL when it answers 404 or nothing listens there', async () => {
    const notFound: QuirkHandler = (_request, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    };
    const missing = await against(notFound, { tokenPath: '/oauth/tokn' });
    try {
      await expect(missing.h.engine.getAccessToken(missing.id)).rejects.toMatchObject({
        code: 'token_url_not_found',
      });
    } finally {
      await missing.quirk.stop();
    }
    const closed = await against(tokenWithoutExpiry(randomToken()));
    await closed.quirk.stop();
    const failure = await closed.h.engine.getAccessToken(closed.id).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'token_url_unreachable' });
    expect((failure as Error).message).toMatch(/token url/i);
  });
});
