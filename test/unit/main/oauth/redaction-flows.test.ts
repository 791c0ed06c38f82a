// Runs the engine's flows with debug logging captured and checks that no secret, token, code or
// verifier shows up in the log, in any error, or in anything sent to the renderer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toErrorInfo } from '../../../../src/shared/errors';
import { createEngineHarness, type EngineHarness } from '../../../support/engine-harness';
import { scriptedAuthorizer } from '../../../support/scripted-authorizers';
import { json, send } from './support/fake-server';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';

let provider: MiniProvider;
let h: EngineHarness;
const outputs: unknown[] = [];

beforeEach(async () => {
  provider = await startMiniProvider();
  h = createEngineHarness({
    clock: 'frozen',
    authorizer: scriptedAuthorizer((url, redirect) => provider.approve(url, redirect)),
  });
  outputs.length = 0;
});
afterEach(() => provider.close());

const capture = async <T>(promise: Promise<T>): Promise<T | undefined> => {
  try {
    const value = await promise;
    outputs.push(value);
    return value;
  } catch (error) {
    outputs.push(toErrorInfo(error));
    return undefined;
  }
};

describe('no secret reaches logs, errors or the renderer', () => {
  it('across client credentials, password, authorization code, refresh, revoke and failures', async () => {
    const clientSecret = 'cs-Very$ecret-1234';
    const password = 'pw-Hunter2-alice';
    const cc = await h.create(
      {
        name: 'CC',
        grantType: 'client_credentials',
        clientId: 'cc',
        tokenUrl: `${provider.url}/token`,
      },
      { clientSecret },
    );
    const pw = await h.create(
      {
        name: 'PW',
        grantType: 'password',
        clientId: 'pw',
        tokenUrl: `${provider.url}/token`,
        username: 'alice',
      },
      { clientSecret, password },
    );
    const code = await h.create(
      {
        name: 'Code',
        grantType: 'authorization_code',
        clientId: 'native',
        authorizationUrl: `${provider.url}/authorize`,
        tokenUrl: `${provider.url}/token`,
        revocationUrl: `${provider.url}/revoke`,
        scopes: 'openid offline_access',
      },
      { clientSecret },
    );

    await capture(h.engine.getAccessToken(cc.config.id).then(() => h.engine.status(cc.config.id)));
    await capture(
      h.engine.getAccessToken(pw.config.id).then(() => h.engine.tokenDetails(pw.config.id)),
    );
    await capture(h.engine.authorize(code.config.id));
    await capture(h.engine.test(code.config.id));
    await capture(h.engine.refresh(code.config.id));

    // Failures: a refresh the provider rejects, and an HTML page that echoes the request body.
    provider.settings.refreshFailure = 'invalid_grant';
    await capture(h.engine.refresh(code.config.id));
    provider.server.handle((req, res) =>
      send(res, 500, 'text/html', `<pre>${req.body}\n${req.headers.authorization ?? ''}</pre>`),
    );
    await capture(h.engine.getAccessToken(cc.config.id, { forceRefresh: true }));
    await capture(h.engine.getAccessToken(pw.config.id, { forceRefresh: true }));
    provider.server.handle((req, res) =>
      json(res, 400, {
        error: 'invalid_request',
        error_description: `bad password ${req.form.get('password')}`,
      }),
    );
    await capture(h.engine.getAccessToken(pw.config.id, { forceRefresh: true }));
    provider.server.handle((req, res) => json(res, 503, { error: 'temporarily_unavailable' }));
    await capture(h.engine.revoke(pw.config.id));
    await capture(h.engine.list());

    const verifiers = provider
      .tokenRequests('authorization_code')
      .map((r) => r.form.get('code_verifier')!);
    const codes = provider.tokenRequests('authorization_code').map((r) => r.form.get('code')!);
    const secrets = [clientSecret, password, ...provider.issued, ...verifiers, ...codes];
    expect(secrets.length).toBeGreaterThan(8);
    expect(h.log.entries.length).toBeGreaterThan(10);

    const haystacks = {
      log: h.log.text(),
      outputs: JSON.stringify(outputs),
      events: JSON.stringify(h.changed),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) {
        expect(text.includes(secret), `${where} contains a secret`).toBe(false);
        expect(
          text.includes(encodeURIComponent(secret)),
          `${where} contains an encoded secret`,
        ).toBe(false);
      }
    }
    // The failures were reported, just without the values.
    expect(haystacks.outputs).toContain('non_json_response');
    expect(haystacks.outputs).toContain('HTTP 500');
  });
});
