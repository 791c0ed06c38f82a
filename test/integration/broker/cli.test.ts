// The `oauth-desk` CLI spawned for real against browser mode, a real oidc-provider and the
// protected API: tokens the API accepts, approval in the app (once, session, deny), the pause
// switch, forbid, exit codes and messages, and an audit that names every use and holds no token.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';
import { oidcFields } from '../../support/engine-harness';

let desk: BrokerDesk;
let ccId: string;
const NAME = 'Scripts API';

beforeAll(async () => {
  desk = await startBrokerDesk();
  ccId = (await desk.addClientCredentials(NAME)).config.id;
});
afterAll(async () => desk?.stop());

describe('oauth-desk token', () => {
  it('says the app is not running, with exit code 3, when no broker answers', async () => {
    const result = await desk.cli(['token', NAME], {
      env: { OAUTH_DESK_DATA_DIR: join(desk.dataDir, 'elsewhere') },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/OAuth Desk is not running.*Start the app/);
  });

  it('asks in the app on first use and prints a token the API accepts once allowed', async () => {
    const running = desk.cli(['token', NAME]);
    const prompt = await desk.nextPrompt();
    expect(prompt.credentialName).toBe(NAME);
    expect(prompt.client.name).toBe('oauth-desk token');
    expect(prompt.client.workingFolder).toBe(process.cwd());
    // On Linux the claimed pid is checked against /proc.
    if (process.platform === 'linux') expect(prompt.client.identity).toBe('checked');
    await desk.answer(prompt, 'once');
    const result = await running;
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token.length).toBeGreaterThan(20);
    const me = await fetch(`${desk.api.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('asks again after "once", and not again within the session after "this session"', async () => {
    // --timeout 0: a client that would need a prompt is denied at once, so nothing waits on the clock.
    const again = await desk.cli(['token', NAME, '--timeout', '0']);
    expect(again.code).toBe(4);
    const first = desk.cli(['header', NAME]);
    await desk.answer(await desk.nextPrompt(), 'session');
    const header = await first;
    expect(header.code).toBe(0);
    expect(header.stdout).toMatch(/^Authorization: Bearer \S+\n$/);
    const second = await desk.cli(['header', NAME, '--timeout', '0']);
    expect(second.code).toBe(0);
    const state = await desk.mode.services.handlers.getBrokerState(undefined);
    expect(state.approvals.filter((a) => a.credentialId === ccId).map((a) => a.scope)).toEqual([
      'session',
    ]);
  });

  it('a denied client gets nothing: exit 4, empty stdout, a message that says what to do', async () => {
    const running = desk.cli(['token', NAME, '--json'], { cwd: desk.dataDir });
    await desk.answer(await desk.nextPrompt(), 'deny');
    const result = await running;
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'denied', message: expect.stringMatching(/denied.*Allow/) },
    });
    expect(result.stdout).not.toMatch(/eyJ/);
  });

  it("the broker state's revision grows with every change: the prompt shown, then gone", async () => {
    const revision = async () =>
      (await desk.mode.services.handlers.getBrokerState(undefined)).revision;
    const before = await revision();
    const running = desk.cli(['token', NAME], { cwd: desk.dataDir });
    const prompt = await desk.nextPrompt();
    const shown = await revision();
    await desk.answer(prompt, 'deny');
    expect((await running).code).toBe(4);
    expect(shown).toBeGreaterThan(before);
    expect(await revision()).toBeGreaterThan(shown);
  });
});

describe('policy, pause and the other commands', () => {
  let allowedId: string;
  const ALLOWED = 'Allowed scripts';
  beforeAll(async () => {
    allowedId = (await desk.addClientCredentials(ALLOWED)).config.id;
    await desk.setPolicy(allowedId, {
      access: 'allow',
      allowedOrigins: [new URL(desk.api.url).origin],
    });
  });

  it('"allow scripts without asking" needs no prompt; exec passes the token in an environment variable', async () => {
    const script = `fetch(process.argv[1] + '/me', { headers: { authorization: 'Bearer ' + process.env.API_TOKEN } }).then((r) => { console.log('status', r.status); process.exit(r.status === 200 ? 0 : 9); })`;
    const result = await desk.cli([
      'exec',
      ALLOWED,
      '--var',
      'API_TOKEN',
      '--timeout',
      '0',
      '--',
      process.execPath,
      '-e',
      script,
      desk.api.url,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('status 200');
    expect(result.code).toBe(0);
  });

  it("exec passes the command's own exit code through", async () => {
    const result = await desk.cli([
      'exec',
      ALLOWED,
      '--timeout',
      '0',
      '--',
      process.execPath,
      '-e',
      'process.exit(process.env.OAUTH_DESK_TOKEN ? 17 : 1)',
    ]);
    expect(result.code).toBe(17);
  });

  it('curl adds the header without putting the token on the command line', async () => {
    const result = await desk.cli([
      'curl',
      ALLOWED,
      '--timeout',
      '0',
      '--',
      '-s',
      `${desk.api.url}/me`,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      clientId: desk.oidc.clients.clientCredentialsBasic.clientId,
    });
  });

  it("header and curl follow the credential's token placement: its header name and prefix, and no header for a query token", async () => {
    const custom = await desk.addClientCredentials('Custom header API', {
      tokenPlacement: 'header',
      tokenHeaderName: 'X-Api-Token',
      headerPrefix: '',
    });
    const inQuery = await desk.addClientCredentials('Query token API', {
      tokenPlacement: 'query',
      tokenQueryParam: 'key',
    });
    for (const credential of [custom, inQuery]) {
      await desk.setPolicy(credential.config.id, { access: 'allow' });
    }
    const token = (await desk.cli(['token', 'Custom header API', '--timeout', '0'])).stdout.trim();
    const header = await desk.cli(['header', 'Custom header API', '--timeout', '0']);
    expect(header.code).toBe(0);
    expect(header.stdout).toBe(`X-Api-Token: ${token}\n`);
    const json = await desk.cli(['header', 'Custom header API', '--json', '--timeout', '0']);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'X-Api-Token', value: token });

    for (const command of [['header'], ['curl']]) {
      const refused = await desk.cli([
        ...command,
        'Query token API',
        '--timeout',
        '0',
        ...(command[0] === 'curl' ? ['--', '-s', `${desk.api.url}/me`] : []),
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(
        'sends its token as the query parameter key, not in a header',
      );
    }
  });

  it('list and status say what the broker knows, in --json too, with no token in them', async () => {
    const token = (await desk.cli(['token', ALLOWED, '--timeout', '0'])).stdout.trim();
    const list = await desk.cli(['list', '--json']);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.stdout) as Array<{
      name: string;
      access: string;
      state: string;
    }>;
    expect(parsed.find((c) => c.name === ALLOWED)).toMatchObject({
      access: 'allow',
      state: 'connected',
    });
    const status = await desk.cli(['status', ALLOWED]);
    expect(status.stdout).toMatch(
      /Allowed scripts: connected, token expires .*broker access: allow; allowed API origins: http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(list.stdout.includes(token) || status.stdout.includes(token)).toBe(false);
  });

  it('a cached token is reused; --min-valid beyond what is left renews it first', async () => {
    await desk.cli(['token', ALLOWED, '--timeout', '0']);
    const before = desk.oidc.tokenRequests().length;
    expect((await desk.cli(['token', ALLOWED, '--timeout', '0'])).code).toBe(0);
    expect(desk.oidc.tokenRequests().length).toBe(before);
    // The provider issues one-hour tokens: two hours cannot be had, and the CLI says so.
    const tooLong = await desk.cli(['token', ALLOWED, '--min-valid', '7200', '--timeout', '0']);
    expect(desk.oidc.tokenRequests().length).toBe(before + 1);
    expect(tooLong.code).toBe(6);
    expect(tooLong.stderr).toMatch(/valid for only \d+ s; ask for less \(--min-valid \d+\)/);
    expect(tooLong.stdout).toBe('');
  });

  it('forbid: the credential is not available to scripts (exit 4)', async () => {
    const id = (await desk.addClientCredentials('Forbidden one')).config.id;
    await desk.setPolicy(id, { access: 'forbid' });
    const result = await desk.cli(['token', 'Forbidden one', '--timeout', '0']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/not available to scripts.*Forbid/);
  });

  it('a credential that does not hand out raw tokens refuses `token` but says what to use instead', async () => {
    const id = (await desk.addClientCredentials('Calls only')).config.id;
    await desk.setPolicy(id, { access: 'allow', handOutTokens: false });
    const result = await desk.cli(['token', 'Calls only', '--timeout', '0']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/does not hand out raw tokens.*oauth-desk curl/);
  });

  it('a credential that needs an interactive sign-in: the caller waits up to --timeout, then exit 5 says to Authorize', async () => {
    const summary = await desk.mode.services.handlers.createCredential({
      fields: oidcFields(desk.oidc, 'nativePkce', { name: 'Signed-in API' }),
      clientSecret: { kind: 'keep' },
      password: { kind: 'keep' },
    });
    await desk.setPolicy(summary.config.id, { access: 'allow' });
    const result = await desk.cli(['token', 'Signed-in API', '--timeout', '1']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /"Signed-in API" needs you to sign in: click Authorize on it in OAuth Desk/,
    );
    const audit = await desk.mode.services.handlers.listBrokerAudit({
      credentialId: summary.config.id,
    });
    expect(audit[0]).toMatchObject({ outcome: 'failed', detail: 'needs_sign_in' });
  });

  it('an unknown name exits 7 and points at `oauth-desk list`; bad arguments exit 2', async () => {
    const missing = await desk.cli(['token', 'No such credential']);
    expect(missing.code).toBe(7);
    expect(missing.stderr).toMatch(/No credential named "No such credential".*oauth-desk list/);
    const usage = await desk.cli(['token']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Name the credential/);
    const badNumber = await desk.cli(['token', ALLOWED, '--min-valid', 'soon']);
    expect(badNumber.code).toBe(2);
  });

  it('a paused broker answers "paused" to everyone, even allowed credentials, and resumes', async () => {
    await desk.mode.services.handlers.setBrokerPaused({ paused: true });
    try {
      const result = await desk.cli(['token', ALLOWED, '--json']);
      expect(result.code).toBe(4);
      expect(JSON.parse(result.stdout).error.code).toBe('paused');
      expect((await desk.cli(['list'])).code).toBe(4);
    } finally {
      await desk.mode.services.handlers.setBrokerPaused({ paused: false });
    }
    expect((await desk.cli(['token', ALLOWED, '--timeout', '0'])).code).toBe(0);
  });

  it('the audit names every use per credential and never holds a token', async () => {
    const token = (await desk.cli(['token', ALLOWED, '--timeout', '0'])).stdout.trim();
    const audit = await desk.mode.services.handlers.listBrokerAudit({ credentialId: allowedId });
    expect(audit.length).toBeGreaterThan(3);
    expect(audit.every((e) => e.credentialId === allowedId)).toBe(true);
    expect(audit[0]).toMatchObject({
      clientName: 'oauth-desk token',
      operation: 'token',
      outcome: 'allowed',
    });
    expect(audit.some((e) => e.outcome === 'paused')).toBe(true);
    await desk.mode.services.broker.close().catch(() => undefined);
    const file = await readFile(join(desk.dataDir, 'broker-audit.jsonl'), 'utf8');
    expect(file.includes(token)).toBe(false);
    expect(JSON.stringify(audit).includes(token)).toBe(false);
  });
});
