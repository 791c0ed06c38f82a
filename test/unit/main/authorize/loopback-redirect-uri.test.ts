// The loopback listener sends the redirect URI the user registered: host, explicit port and path
// are kept. Servers that match redirect URIs exactly (Duende IdentityServer's default validator,
// https://docs.duendesoftware.com/identityserver/reference/validators/redirect-uri-validator/;
// Spotify, which tells localhost from 127.0.0.1) refuse anything else. RFC 8252 §7.3, §8.3.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoopbackAuthorizer } from '../../../../src/main/authorize/loopback-authorizer';
import { authCodeConfig } from './config-fixture';

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A GET to host:port with the Host header a browser sends for `url`. */
function get(address: string, url: string): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: { host: target.host },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A port free right now on 127.0.0.1, picked at run time (never a fixed one). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ipv6Available(): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

async function signIn(redirectUri: string) {
  const authorizer = createLoopbackAuthorizer({ open: () => {} });
  const config = authCodeConfig({ redirectUri, authorizeIn: 'system_browser' });
  const session = await authorizer.begin({ credentialId: config.id, config });
  const waiting = session.waitForCallback(
    'https://login.example.com/authorize?state=st-42',
    new AbortController().signal,
  );
  return { session, waiting };
}

describe('the loopback redirect URI as configured', () => {
  it('listens on an explicit port and sends exactly the configured URI', async () => {
    const port = await freePort();
    const { session, waiting } = await signIn(`http://127.0.0.1:${port}/oauth/desk`);
    expect(session.redirectUri).toBe(`http://127.0.0.1:${port}/oauth/desk`);
    expect(await get('127.0.0.1', `${session.redirectUri}?code=c1&state=st-42`)).toBe(200);
    await expect(waiting).resolves.toBe(`http://127.0.0.1:${port}/oauth/desk?code=c1&state=st-42`);
  });

  it('a busy port gives a message naming it and what to do', async () => {
    const busy = createServer();
    open.push(busy);
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    const authorizer = createLoopbackAuthorizer({ open: () => {} });
    const config = authCodeConfig({
      redirectUri: `http://127.0.0.1:${port}/callback`,
      authorizeIn: 'system_browser',
    });
    await expect(authorizer.begin({ credentialId: config.id, config })).rejects.toMatchObject({
      code: 'network',
      message: expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`),
    });
  });

  it('sends localhost as localhost, and answers on IPv4 and IPv6', async () => {
    const port = await freePort();
    const { session, waiting } = await signIn(`http://localhost:${port}/callback`);
    expect(session.redirectUri).toBe(`http://localhost:${port}/callback`);
    if (await ipv6Available()) expect(await get('::1', `${session.redirectUri}?hello=1`)).toBe(400);
    expect(await get('127.0.0.1', `${session.redirectUri}?code=c2&state=st-42`)).toBe(200);
    await expect(waiting).resolves.toBe(`http://localhost:${port}/callback?code=c2&state=st-42`);
  });

  it('binds IPv6 for [::1]', async (context) => {
    if (!(await ipv6Available())) context.skip();
    const { session, waiting } = await signIn('http://[::1]/cb');
    expect(session.redirectUri).toMatch(/^http:\/\/\[::1\]:\d+\/cb$/);
    expect(await get('::1', `${session.redirectUri}?code=c3&state=st-42`)).toBe(200);
    await expect(waiting).resolves.toBe(`${session.redirectUri}?code=c3&state=st-42`);
  });

  it('refuses a redirect URI that is neither loopback nor the app scheme instead of rewriting it', async () => {
    const authorizer = createLoopbackAuthorizer({ open: () => {} });
    // Other private-use schemes cannot come back to the app and are refused by the schema already.
    for (const redirectUri of ['https://app.example.com/oauth/callback']) {
      const config = authCodeConfig({ redirectUri, authorizeIn: 'system_browser' });
      await expect(authorizer.begin({ credentialId: config.id, config })).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining(`not to ${redirectUri}`),
      });
    }
  });
});
