// Authorization code (PKCE, state, iss, error callbacks), implicit and the authorization URL.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { parseCallback } from '../../../../src/main/oauth/callback';
import { buildAuthorizationUrl } from '../../../../src/main/oauth/grants/authorization-code';
import { createEngineHarness } from '../../../support/engine-harness';
import { hangingAuthorizer, scriptedAuthorizer } from '../../../support/scripted-authorizers';
import { json, startFakeServer } from './support/fake-server';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';

let provider: MiniProvider;
beforeEach(async () => {
  provider = await startMiniProvider();
});
afterEach(() => provider.close());

const codeFields = (overrides: Record<string, unknown> = {}) => ({
  name: 'Code',
  grantType: 'authorization_code' as const,
  clientId: 'native',
  authorizationUrl: `${provider.url}/authorize?access_type=offline&prompt=consent`,
  tokenUrl: `${provider.url}/token`,
  scopes: 'openid offline_access',
  ...overrides,
});

async function authorizeWith(
  respond: (url: URL, redirect: string) => string,
  overrides: Record<string, unknown> = {},
  secret?: string,
) {
  const authorizer = scriptedAuthorizer(respond);
  const h = createEngineHarness({ clock: 'frozen', authorizer });
  const { config } = await h.create(codeFields(overrides), secret ? { clientSecret: secret } : {});
  const result = await h.engine.authorize(config.id).then(
    (summary) => ({ summary, error: undefined }),
    (error: unknown) => ({
      summary: undefined,
      error: error as { code: string; message: string; provider?: { errorDescription?: string } },
    }),
  );
  return { h, id: config.id, authorizer, ...result };
}

describe('authorization code with PKCE', () => {
  it('S256 by default: the provider verifies the verifier against the challenge', async () => {
    const { summary, authorizer } = await authorizeWith((url, redirect) =>
      provider.approve(url, redirect),
    );
    expect(summary?.status).toMatchObject({ state: 'connected', hasRefreshToken: true });
    const url = authorizer.urls[0]!;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const verifier = provider.tokenRequests('authorization_code')[0]!.form.get('code_verifier')!;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      url.searchParams.get('code_challenge'),
    );
    expect(authorizer.closed).toBe(1);
  });

  it('keeps the authorization URL own query, adds extra params, and uses ≥128-bit state', async () => {
    const { authorizer } = await authorizeWith((url, redirect) => provider.approve(url, redirect), {
      requestExtras: [{ stage: 'authorization', in: 'query', name: 'login_hint', value: 'a@b.c' }],
      audience: 'https://api.example',
    });
    const p = authorizer.urls[0]!.searchParams;
    expect(p.get('access_type')).toBe('offline');
    expect(p.get('prompt')).toBe('consent');
    expect(p.get('login_hint')).toBe('a@b.c');
    expect(p.get('audience')).toBe('https://api.example');
    expect(p.get('response_type')).toBe('code');
    expect(p.get('redirect_uri')).toBe('oauthdesk://callback');
    expect(Buffer.from(p.get('state')!, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('plain PKCE sends the verifier as the challenge; off sends none for a confidential client', async () => {
    const plain = await authorizeWith((url, redirect) => provider.approve(url, redirect), {
      pkce: 'plain',
    });
    expect(plain.summary?.status.state).toBe('connected');
    expect(plain.authorizer.urls[0]!.searchParams.get('code_challenge_method')).toBe('plain');
    const off = await authorizeWith(
      (url, redirect) => provider.approve(url, redirect),
      { pkce: 'off' },
      'confidential-secret',
    );
    expect(off.summary?.status.state).toBe('connected');
    expect(off.authorizer.urls[0]!.searchParams.has('code_challenge')).toBe(false);
    expect(provider.tokenRequests('authorization_code').at(-1)!.form.has('code_verifier')).toBe(
      false,
    );
  });

  it('user-supplied extra params cannot override state or PKCE', () => {
    // The schema refuses these names now; a configuration stored before that rule may have them.
    const config = {
      ...credentialFieldsSchema.parse(codeFields()),
      requestExtras: [
        { stage: 'authorization' as const, in: 'query' as const, name: 'state', value: 'attacker' },
        {
          stage: 'authorization' as const,
          in: 'query' as const,
          name: 'code_challenge',
          value: 'x',
        },
      ],
      id: 'c',
      createdAt: 0,
      updatedAt: 0,
    };
    const url = new URL(
      buildAuthorizationUrl(config, {
        redirectUri: 'oauthdesk://callback',
        state: 'ours',
        responseType: 'code',
        codeChallenge: 'real',
      }),
    );
    expect(url.searchParams.getAll('state')).toEqual(['ours']);
    expect(url.searchParams.getAll('code_challenge')).toEqual(['real']);
  });
});

describe('callback checks (fail closed)', () => {
  const withState = (url: URL, redirect: string, mutate: (cb: URL) => void) => {
    const cb = new URL(provider.approve(url, redirect));
    mutate(cb);
    return cb.href;
  };

  it('rejects a callback without state, and exchanges no code', async () => {
    const { error } = await authorizeWith((url, r) =>
      withState(url, r, (cb) => cb.searchParams.delete('state')),
    );
    expect(error?.code).toBe('state_mismatch');
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('rejects a callback with a different state', async () => {
    const { error, h, id } = await authorizeWith((url, r) =>
      withState(url, r, (cb) => cb.searchParams.set('state', 'forged')),
    );
    expect(error?.code).toBe('state_mismatch');
    expect(provider.tokenRequests()).toHaveLength(0);
    expect((await h.engine.get(id)).status.lastError?.code).toBe('state_mismatch');
  });

  it('rejects look-alike redirect URIs', async () => {
    for (const lookAlike of [
      'oauthdesk://callbackx',
      'oauthdesk://callback.evil/',
      'oauthdesk://evil/callback',
      'https://callback/',
    ]) {
      const { error } = await authorizeWith((url, r) =>
        withState(url, r, () => undefined).replace(/^oauthdesk:\/\/callback\/?/, lookAlike),
      );
      expect(error?.code, lookAlike).toBe('callback_mismatch');
    }
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('rejects an iss that is not the configured issuer (RFC 9207)', async () => {
    const issuer = provider.url;
    const { error } = await authorizeWith(
      (url, r) => withState(url, r, (cb) => cb.searchParams.set('iss', 'https://evil.example')),
      { issuer },
    );
    expect(error?.code).toBe('issuer_mismatch');
    const ok = await authorizeWith(
      (url, r) => withState(url, r, (cb) => cb.searchParams.set('iss', issuer)),
      {
        issuer,
        name: 'Code 2',
      },
    );
    expect(ok.summary?.status.state).toBe('connected');
  });

  it('requires iss when the configuration keeps the promise Discover found (RFC 9207), without asking the metadata at sign-in', async () => {
    let metadataRequests = 0;
    const meta = await startFakeServer((_req, res) => {
      metadataRequests += 1;
      json(res, 200, { issuer: meta.url, authorization_response_iss_parameter_supported: true });
    });
    try {
      const missing = await authorizeWith((url, r) => provider.approve(url, r), {
        issuer: meta.url,
        requireIss: true,
      });
      expect(missing.error?.code).toBe('issuer_mismatch');
      expect(missing.error?.message).toMatch(/no iss parameter/);
      expect(provider.tokenRequests()).toHaveLength(0);
      // The same issuer without the promise kept: iss is compared when present, never awaited.
      const compared = await authorizeWith((url, r) => provider.approve(url, r), {
        issuer: meta.url,
        name: 'Code 3',
      });
      expect(compared.summary?.status.state).toBe('connected');
      expect(metadataRequests).toBe(0);
    } finally {
      await meta.close();
    }
  });

  it('a sign-in does not wait for an issuer whose metadata never answers', async () => {
    // Before the promise was kept with the configuration, this metadata held the sign-in for the
    // whole request timeout and then failed open.
    const silent = await startFakeServer(() => undefined);
    try {
      const { summary } = await authorizeWith((url, r) => provider.approve(url, r), {
        issuer: silent.url,
      });
      expect(summary?.status.state).toBe('connected');
      expect(silent.requests).toHaveLength(0);
    } finally {
      await silent.close();
    }
  });

  it('error=access_denied becomes a typed error carrying error_description', async () => {
    const { error } = await authorizeWith((url, r) => {
      const cb = new URL(r);
      cb.searchParams.set('error', 'access_denied');
      cb.searchParams.set('error_description', 'The user said no');
      cb.searchParams.set('state', url.searchParams.get('state')!);
      return cb.href;
    });
    expect(error?.code).toBe('access_denied');
    expect(error?.provider?.errorDescription).toBe('The user said no');
    expect(error?.message).toContain('The user said no');
  });

  it('a redirect_uri complaint names the URI to register', () => {
    let caught: { code: string; message: string } | null = null;
    try {
      parseCallback(
        'oauthdesk://callback?state=s&error=invalid_request&error_description=redirect_uri+not+registered',
        {
          redirectUri: 'oauthdesk://callback',
          state: 's',
          responseMode: 'query',
        },
      );
    } catch (e) {
      caught = e as { code: string; message: string };
    }
    expect(caught?.code).toBe('redirect_uri_mismatch');
    expect(caught?.message).toContain('Register oauthdesk://callback at the provider exactly');
  });
});

describe('cancel and timeout', () => {
  it('cancelAuthorization ends a pending flow with authorization_cancelled', async () => {
    const h = createEngineHarness({ clock: 'frozen', authorizer: hangingAuthorizer() });
    const { config } = await h.create(codeFields());
    const pending = h.engine.authorize(config.id);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.engine.cancelAuthorization(config.id)).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'authorization_cancelled' });
    expect(h.engine.cancelAuthorization(config.id)).toBe(false);
    // Cancelling is not an error state.
    expect((await h.engine.get(config.id)).status).toMatchObject({
      state: 'not_connected',
      lastError: null,
    });
  });

  it('times out after authorizationTimeoutMs, the one authorization timer, in the one wording', async () => {
    const h = createEngineHarness({
      clock: 'frozen',
      authorizer: hangingAuthorizer(),
      authorizationTimeoutMs: 100,
    });
    const { config } = await h.create(codeFields());
    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({
      code: 'authorization_timeout',
      message: 'Sign-in did not finish within 1 minute. Click Authorize to try again.',
    });
  });
});

describe('implicit (legacy)', () => {
  const implicitFields = {
    name: 'Implicit',
    grantType: 'implicit' as const,
    clientId: 'spa',
    authorizationUrl: `https://auth.example/authorize`,
    scopes: 'read',
  };

  it('takes the token from the fragment after checking state', async () => {
    const authorizer = scriptedAuthorizer(
      (url, r) =>
        `${r}#access_token=implicit-at-1&token_type=bearer&expires_in=120&state=${url.searchParams.get('state')}`,
    );
    const h = createEngineHarness({ clock: 'frozen', authorizer });
    const { config } = await h.create(implicitFields);
    const summary = await h.engine.authorize(config.id);
    expect(authorizer.urls[0]!.searchParams.get('response_type')).toBe('token');
    expect(summary.status).toMatchObject({
      state: 'connected',
      expiresAt: h.clock.now() + 120_000,
      scope: 'read',
    });
    expect((await h.engine.getAccessToken(config.id)).accessToken).toBe('implicit-at-1');
  });

  it('rejects a fragment with another state', async () => {
    const h = createEngineHarness({
      clock: 'frozen',
      authorizer: scriptedAuthorizer(
        (_url, r) => `${r}#access_token=stolen-at&token_type=bearer&state=other`,
      ),
    });
    const { config } = await h.create(implicitFields);
    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(await h.secrets.getTokens(config.id)).toBeUndefined();
  });
});
