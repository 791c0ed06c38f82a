// The broker end to end: browser mode (the app's real services) over a temporary data folder,
// a real oidc-provider and the protected API, and the real `oauth-desk` CLI spawned as its own
// process. The app's side of an approval is answered through the same IPC handlers the Broker
// tab calls.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_BROKER_POLICY,
  type ApprovalDecision,
  type BrokerPolicy,
  type BrokerPrompt,
} from '../../src/shared/broker';
import type { CredentialFieldsInput } from '../../src/shared/credential';
import type { CredentialSummary } from '../../src/shared/status';
import { startBrowserMode, type BrowserMode } from '../../src/main/browser-mode/browser-mode';
import { createLogger, type LogEntry } from '../../src/main/common/logger';
import { oidcFields } from './engine-harness';
import { startOidcServer, type OidcServer, type OidcServerOptions } from './oidc-server';
import { startProtectedApi, type ProtectedApi } from './protected-api';

export const CLI = resolve(process.cwd(), 'src/cli/oauth-desk.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface BrokerDesk {
  oidc: OidcServer;
  api: ProtectedApi;
  mode: BrowserMode;
  dataDir: string;
  logs: LogEntry[];
  /** Environment that points the CLI at this desk's data folder. */
  env: NodeJS.ProcessEnv;
  addClientCredentials(
    name: string,
    overrides?: Partial<CredentialFieldsInput>,
  ): Promise<CredentialSummary>;
  setPolicy(credentialId: string, policy: Partial<BrokerPolicy>): Promise<void>;
  /** Waits for the next prompt the app shows (polls the app's state, as the Broker tab is told). */
  nextPrompt(timeoutMs?: number): Promise<BrokerPrompt>;
  answer(prompt: BrokerPrompt, decision: ApprovalDecision): Promise<void>;
  cli(
    args: string[],
    options?: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string },
  ): Promise<CliResult>;
  stop(): Promise<void>;
}

export async function startBrokerDesk(
  options: { oidc?: OidcServerOptions } = {},
): Promise<BrokerDesk> {
  const oidc = await startOidcServer(options.oidc);
  const api = await startProtectedApi({ issuer: oidc.issuer, audience: oidc.resource });
  const dataDir = await mkdtemp(join(tmpdir(), 'od-broker-'));
  const logs: LogEntry[] = [];
  const mode = await startBrowserMode({
    dataDir,
    logger: createLogger({ sink: (entry) => logs.push(entry), level: 'debug' }),
  });
  const handlers = mode.services.handlers;
  const env: NodeJS.ProcessEnv = { ...process.env, OAUTH_DESK_DATA_DIR: dataDir };
  delete env.OAUTH_DESK_SOCKET;
  const seen = new Set<string>();

  return {
    oidc,
    api,
    mode,
    dataDir,
    logs,
    env,
    async addClientCredentials(name, overrides = {}) {
      const secret = oidc.clients.clientCredentialsBasic.clientSecret!;
      return handlers.createCredential({
        fields: oidcFields(oidc, 'clientCredentialsBasic', {
          name,
          resource: oidc.resource,
          ...overrides,
        }),
        clientSecret: { kind: 'set', value: secret },
        password: { kind: 'keep' },
      });
    },
    async setPolicy(credentialId, policy) {
      const current = (await handlers.getBrokerState(undefined)).policies[credentialId];
      await handlers.setBrokerPolicy({
        credentialId,
        policy: { ...DEFAULT_BROKER_POLICY, ...current, ...policy },
      });
    },
    async nextPrompt(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const prompt = (await handlers.getBrokerState(undefined)).prompts.find(
          (p) => !seen.has(p.id),
        );
        if (prompt) {
          seen.add(prompt.id);
          return prompt;
        }
        if (Date.now() > deadline) throw new Error('no approval prompt appeared');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async answer(prompt, decision) {
      const { answered } = await handlers.answerBrokerPrompt({ promptId: prompt.id, decision });
      if (!answered) throw new Error('the prompt was already closed');
    },
    cli: (args, o = {}) =>
      runCli(args, {
        env: { ...env, ...o.env },
        ...(o.input !== undefined ? { input: o.input } : {}),
        ...(o.cwd ? { cwd: o.cwd } : {}),
      }),
    async stop() {
      await mode.close();
      await api.stop();
      await oidc.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function runCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string; cwd?: string },
): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env,
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
