// The token broker from a script's side, all against browser mode, oidc-provider and the
// protected API in this process:
// - `oauth-desk token <name>` on a cached token, wall time ÷ a bare `node -e 0` start (goal ≤ 1.3);
// - 100 `oauth-desk token` processes at once on a cold cache: token requests made (goal 1);
// - an MCP `call_api` (SDK client over stdio) ÷ the same call through the request tester (goal ≤ 1.2).
// Each ratio pairs its samples in alternating order so that both sides see the same machine load.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, startBrokerDesk } from '../test/support/broker-desk';
import { goalRow, infoRow, type Benchmark, type Row } from './runner';

const NAME = 'Bench broker';

function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; code: number | null }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ ms: performance.now() - t0, code }));
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const brokerCli: Benchmark = {
  name: 'broker-cli',
  async run({ rounds, quick }) {
    const desk = await startBrokerDesk();
    const rows: Row[] = [];
    try {
      const id = (await desk.addClientCredentials(NAME)).config.id;
      await desk.setPolicy(id, { access: 'allow', allowedOrigins: [new URL(desk.api.url).origin] });
      const tokenArgs = [CLI, 'token', NAME, '--timeout', '0'];
      if ((await timeProcess(tokenArgs, desk.env)).code !== 0)
        throw new Error('oauth-desk token failed');

      const perRound = quick ? 5 : 15;
      const startRatios: number[] = [];
      const cliMs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const cli: number[] = [];
        const bare: number[] = [];
        for (let i = 0; i < perRound; i++) {
          bare.push((await timeProcess(['-e', '0'], desk.env)).ms);
          const run = await timeProcess(tokenArgs, desk.env);
          if (run.code !== 0) throw new Error('oauth-desk token failed');
          cli.push(run.ms);
        }
        startRatios.push(median(cli) / median(bare));
        cliMs.push(median(cli));
      }
      rows.push(
        goalRow(
          {
            benchmark: 'broker-cli',
            metric: 'oauth-desk token (cached) ÷ node -e 0, wall time',
            unit: 'ratio',
          },
          startRatios,
          '<=',
          1.3,
        ),
        infoRow(
          { benchmark: 'broker-cli', metric: 'oauth-desk token (cached), wall time', unit: 'ms' },
          cliMs,
        ),
      );

      const coldRequests: number[] = [];
      for (let round = 0; round < Math.min(rounds, 3); round++) {
        await desk.mode.services.handlers.invalidateToken({ id });
        const before = desk.oidc.tokenRequests().length;
        const runs = await Promise.all(
          Array.from({ length: 100 }, () => timeProcess(tokenArgs, desk.env)),
        );
        if (runs.some((r) => r.code !== 0)) throw new Error('a concurrent oauth-desk token failed');
        coldRequests.push(desk.oidc.tokenRequests().length - before);
      }
      rows.push(
        goalRow(
          {
            benchmark: 'broker-cli',
            metric: '100 concurrent oauth-desk token, cold cache: token requests',
            unit: 'requests',
          },
          coldRequests,
          '<=',
          1,
        ),
      );

      const env = Object.fromEntries(
        Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      const client = new Client({ name: 'bench-agent', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [CLI, 'mcp', '--timeout', '0'],
          env,
          stderr: 'ignore',
        }),
      );
      try {
        const url = `${desk.api.url}/me`;
        const viaMcp = async () => {
          const t0 = performance.now();
          const result = await client.callTool({
            name: 'call_api',
            arguments: { credential: NAME, url },
          });
          if (result.isError) throw new Error('call_api failed');
          return performance.now() - t0;
        };
        const viaTester = async () => {
          const t0 = performance.now();
          const response = await desk.mode.services.handlers.sendRequest({
            requestId: `bench-${Math.random()}`,
            method: 'GET',
            url,
            query: [],
            headers: [],
            body: { kind: 'none' },
            credentialId: id,
            timeoutMs: 30_000,
          });
          if (response.status !== 200) throw new Error('tester call failed');
          return performance.now() - t0;
        };
        await viaMcp();
        await viaTester();
        const ratios: number[] = [];
        for (let round = 0; round < rounds; round++) {
          const mcp: number[] = [];
          const tester: number[] = [];
          for (let i = 0; i < (quick ? 20 : 60); i++) {
            mcp.push(await viaMcp());
            tester.push(await viaTester());
          }
          ratios.push(median(mcp) / median(tester));
        }
        rows.push(
          goalRow(
            {
              benchmark: 'broker-cli',
              metric: 'MCP call_api ÷ request tester call',
              unit: 'ratio',
            },
            ratios,
            '<=',
            1.2,
          ),
        );
      } finally {
        await client.close();
      }
      return rows;
    } finally {
      await desk.stop();
    }
  },
};
