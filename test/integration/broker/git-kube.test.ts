// git and kubectl through the CLI: a real `git clone` over smart HTTP with `oauth-desk
// git-credential` as its credential helper, against a server that accepts only a token the
// protected API accepts; and `oauth-desk kube`'s ExecCredential checked against the
// client.authentication.k8s.io/v1 schema.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLI, startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server';

let desk: BrokerDesk;
let git: GitHttpServer;
let work: string;
let credentialId: string;
const NAME = 'Git host';

/** Async: the broker and the git server run in this process, so git must not block it. */
function runGit(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...desk.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', HOME: work },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

beforeAll(async () => {
  desk = await startBrokerDesk();
  work = mkdtempSync(join(tmpdir(), 'od-git-'));
  const root = join(work, 'repos');
  const seed = join(work, 'seed');
  for (const args of [
    ['init', '-q', '--bare', '--initial-branch=main', join(root, 'project.git')],
    ['init', '-q', seed],
  ])
    expect(spawnSync('git', args, { encoding: 'utf8' }).status).toBe(0);
  for (const args of [
    [
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.test',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'first commit',
    ],
    ['push', '-q', join(root, 'project.git'), 'HEAD:refs/heads/main'],
  ])
    expect(spawnSync('git', args, { cwd: seed, encoding: 'utf8' }).status).toBe(0);
  git = await startGitHttpServer({
    projectRoot: root,
    checkToken: async (token) =>
      (await fetch(`${desk.api.url}/me`, { headers: { authorization: `Bearer ${token}` } }))
        .status === 200,
  });
  credentialId = (await desk.addClientCredentials(NAME)).config.id;
}, 60_000);
afterAll(async () => {
  await git?.stop();
  await desk?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('oauth-desk git-credential', () => {
  const helper = () => `!'${process.execPath}' '${CLI}' git-credential --timeout 0`;

  it("gives git no token for a host that is not among the credential's allowed origins", async () => {
    await desk.setPolicy(credentialId, { access: 'allow', allowedOrigins: [] });
    const clone = await runGit(
      ['-c', `credential.helper=${helper()}`, 'clone', '-q', `${git.url}/project.git`, 'refused'],
      work,
    );
    expect(clone.status).not.toBe(0);
    expect(clone.stderr).toMatch(
      /No credential lists http:\/\/127\.0\.0\.1:\d+ among its allowed API origins/,
    );
    expect(git.attempts.filter((a) => a.accepted)).toHaveLength(0);
  });

  it('clones with the live token as the x-access-token password once the origin is allowed', async () => {
    await desk.setPolicy(credentialId, { access: 'allow', allowedOrigins: [git.origin] });
    const clone = await runGit(
      ['-c', `credential.helper=${helper()}`, 'clone', '-q', `${git.url}/project.git`, 'cloned'],
      work,
    );
    expect(clone.stderr).toBe('');
    expect(clone.status).toBe(0);
    const log = spawnSync('git', ['log', '--format=%s'], {
      cwd: join(work, 'cloned'),
      encoding: 'utf8',
    });
    expect(log.stdout.trim()).toBe('first commit');
    expect(git.attempts.filter((a) => a.accepted).map((a) => a.username)).toContain(
      'x-access-token',
    );
    // git keeps nothing: the token is not in the clone's config.
    expect(readFileSync(join(work, 'cloned', '.git', 'config'), 'utf8')).not.toMatch(
      /x-access-token|password/,
    );
  });

  it('answers the raw protocol: username, password and password_expiry_utc; store and erase do nothing', async () => {
    const get = await desk.cli(['git-credential', '--credential', NAME, 'get'], {
      input: `protocol=http\nhost=${new URL(git.url).host}\n\n`,
    });
    expect(get.code).toBe(0);
    const fields = Object.fromEntries(
      get.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(fields.username).toBe('x-access-token');
    expect(fields.password!.length).toBeGreaterThan(20);
    expect(Number(fields.password_expiry_utc) * 1000).toBeGreaterThan(Date.now());
    for (const action of ['store', 'erase']) {
      const result = await desk.cli(['git-credential', action], {
        input: `protocol=http\nhost=x\nusername=u\npassword=p\n\n`,
      });
      expect(result).toMatchObject({ code: 0, stdout: '' });
    }
  });
});

/** client.authentication.k8s.io/v1 ExecCredential (k8s.io/client-go/pkg/apis/clientauthentication/v1, types.go). */
const execCredentialV1 = z
  .object({
    apiVersion: z.literal('client.authentication.k8s.io/v1'),
    kind: z.literal('ExecCredential'),
    spec: z
      .object({ interactive: z.boolean().optional(), cluster: z.unknown().optional() })
      .strict()
      .optional(),
    status: z
      .object({
        // metav1.Time serializes as RFC 3339 in UTC, seconds precision.
        expirationTimestamp: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
          .optional(),
        token: z.string().min(1).optional(),
        clientCertificateData: z.string().optional(),
        clientKeyData: z.string().optional(),
      })
      .strict(),
  })
  .strict();

describe('oauth-desk kube', () => {
  it('prints a v1 ExecCredential with the token and when it expires', async () => {
    await desk.setPolicy(credentialId, { access: 'allow' });
    const result = await desk.cli(['kube', NAME, '--timeout', '0']);
    expect(result.code).toBe(0);
    const credential = execCredentialV1.parse(JSON.parse(result.stdout));
    expect(Date.parse(credential.status.expirationTimestamp!)).toBeGreaterThan(Date.now());
    const me = await fetch(`${desk.api.url}/me`, {
      headers: { authorization: `Bearer ${credential.status.token}` },
    });
    expect(me.status).toBe(200);
  });
});
