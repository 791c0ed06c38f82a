// The token endpoint on its worst days, for every grant that calls it. For each fault: a typed,
// readable AppError; the cached access token and stored refresh token untouched unless the error
// means they are dead (invalid_grant on refresh); the status says what happened; and the next
// attempt against a healthy server works. Prints the matrix as a table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../src/shared/errors';
import type { FaultMode } from '../support/fault-server';
import { allSecrets, startFaultHarness, type FaultHarness } from '../support/engine-harness';

type Grant = 'client_credentials' | 'password' | 'refresh' | 'code_exchange';
type Fault =
  | Exclude<
      FaultMode,
      | 'ok'
      | 'slow_down'
      | 'authorization_pending'
      | 'access_denied'
      | 'expired_token'
      | 'huge_expires_in'
      | 'echo_body_500'
      | 'invalid_client_quoting_secret'
    >
  | 'refused';

const GRANTS: Grant[] = ['client_credentials', 'password', 'refresh', 'code_exchange'];
const FAULTS: Record<Fault, ErrorCode> = {
  status_500: 'non_json_response',
  html_502: 'non_json_response',
  timeout: 'timeout',
  refused: 'token_url_unreachable',
  // A body that starts as JSON but does not parse is a broken token response, not an HTML page.
  malformed_json: 'invalid_token_response',
  no_access_token: 'invalid_token_response',
  wrong_token_type: 'invalid_token_response',
  invalid_client: 'invalid_client',
  invalid_grant: 'invalid_grant',
};

const results = new Map<string, boolean>();
const harnesses = new Map<Grant, FaultHarness>();
const HOUR = 3_600_000;

beforeAll(async () => {
  for (const grant of GRANTS) {
    // Password grant without refresh tokens, so a forced refresh runs the password grant itself.
    harnesses.set(
      grant,
      await startFaultHarness({
        server: { issueRefreshToken: grant !== 'password' },
        requestTimeoutMs: 1_500,
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all([...harnesses.values()].map((h) => h.close()));
  const faults = Object.keys(FAULTS) as Fault[];
  const lines = [`| fault | ${GRANTS.join(' | ')} |`, `|---|${GRANTS.map(() => '---').join('|')}|`];
  for (const fault of faults) {
    lines.push(
      `| ${fault} | ${GRANTS.map((g) => (results.get(`${g}/${fault}`) ? 'pass' : 'FAIL')).join(' | ')} |`,
    );
  }
  for (const [name] of DEVICE_CASES)
    lines.push(`| device: ${name} | ${results.get(`device/${name}`) ? 'pass' : 'FAIL'} | | | |`);
  const passed = [...results.values()].filter(Boolean).length;
  const total = faults.length * GRANTS.length + DEVICE_CASES.length;
  console.log(`Token-endpoint fault matrix: ${passed}/${total} cases passed\n${lines.join('\n')}`);
});

/** Brings a fresh credential to "has a token" (and for refresh: "access token expired"). */
async function seed(h: FaultHarness, grant: Grant): Promise<string> {
  h.server.setMode('ok');
  h.refuseConnections = false;
  if (grant === 'client_credentials' || grant === 'password') {
    const id = await h.addCredential(grant);
    await h.engine.getAccessToken(id);
    return id;
  }
  const id = await h.addCredential('authorization_code');
  await h.engine.authorize(id);
  if (grant === 'refresh') h.clock.advance(2 * HOUR);
  return id;
}

function operation(h: FaultHarness, grant: Grant, id: string): Promise<unknown> {
  if (grant === 'refresh') return h.engine.getAccessToken(id);
  if (grant === 'code_exchange') return h.engine.authorize(id);
  return h.engine.refresh(id);
}

describe('token-endpoint fault matrix', () => {
  for (const grant of GRANTS) {
    for (const [fault, code] of Object.entries(FAULTS) as Array<[Fault, ErrorCode]>) {
      it(`${grant} × ${fault} → ${code}`, async () => {
        const h = harnesses.get(grant)!;
        const id = await seed(h, grant);
        const before = await h.secrets.getTokens(id);
        expect(before?.accessToken).toBeTruthy();
        const hits = h.server.hits.length;

        if (fault === 'refused') h.refuseConnections = true;
        else h.server.setMode(fault);
        const error = await operation(h, grant, id).then(
          () => null,
          (e: unknown) => e,
        );
        h.refuseConnections = false;
        h.server.setMode('ok');

        // A typed, readable error that names what to check and leaks nothing.
        expect(error).toBeInstanceOf(AppError);
        const appError = error as AppError;
        expect(appError.code).toBe(code);
        expect(appError.message.length).toBeGreaterThan(30);
        expect(appError.message).toMatch(/check|authorize|try again/i);
        const shown = JSON.stringify(appError.toInfo());
        for (const secret of allSecrets(h)) expect(shown).not.toContain(secret);
        // One request to the token endpoint: no retry storm, nothing sent when the port is closed.
        expect(h.server.hits.length - hits).toBe(fault === 'refused' ? 0 : 1);

        const after = await h.secrets.getTokens(id);
        const status = (await h.engine.status(id)).status;
        expect(status.lastError?.code).toBe(code);
        expect(status.lastError?.message).toBe(appError.message);
        if (grant === 'refresh' && fault === 'invalid_grant') {
          // The refresh token is dead: cleared, the user told to authorize; nothing else lost.
          expect(after?.refreshToken === undefined, 'the dead refresh token is still stored').toBe(
            true,
          );
          expect(after?.accessToken === before?.accessToken, 'the access token was lost').toBe(
            true,
          );
          expect(after?.scope).toBe(before?.scope);
          expect(status.state).toBe('needs_authorization');
          await expect(h.engine.getAccessToken(id)).rejects.toMatchObject({
            code: 'needs_authorization',
          });
        } else {
          // Compared as JSON without printing: a failure must not put token values in the test output.
          expect(
            JSON.stringify(after) === JSON.stringify(before),
            'stored tokens changed after a non-fatal error',
          ).toBe(true);
          expect(status.hasRefreshToken).toBe(Boolean(before?.refreshToken));
          expect(status.state).toBe(grant === 'refresh' ? 'error' : 'connected');
          // The next attempt against a healthy server works and clears the error.
          await operation(h, grant, id);
          const healed = await h.engine.status(id);
          expect(healed.status.state).toBe('connected');
          expect(healed.status.lastError).toBeNull();
        }
        results.set(`${grant}/${fault}`, true);
      });
    }
  }
});

/** RFC 8628 §3.5 polling answers: name, answers in order, expected outcome. */
const DEVICE_CASES: Array<[string, FaultMode[], ErrorCode | 'connected']> = [
  [
    'authorization_pending then slow_down then approval',
    ['authorization_pending', 'slow_down', 'ok'],
    'connected',
  ],
  ['access_denied', ['authorization_pending', 'access_denied'], 'access_denied'],
  ['expired_token', ['expired_token'], 'device_code_expired'],
  // RFC 8628 §3.5: a failing poll is not the end of the flow: back off (the interval doubles) and poll again.
  ['500 while polling then approval', ['status_500', 'ok'], 'connected'],
];

describe('device flow polling faults', () => {
  for (const [name, answers, outcome] of DEVICE_CASES) {
    it(`device × ${name} → ${outcome}`, async () => {
      const h = harnesses.get('client_credentials')!;
      h.server.setMode('ok');
      const id = await h.addCredential('device_code');
      const start = h.server.hits.length;
      h.server.queue(...answers);
      const result = await h.engine.authorize(id).then(
        (summary) => summary,
        (e: unknown) => e,
      );
      const polls = h.server.hits.slice(start);
      expect(polls.map((p) => p.grantType)).toEqual(
        answers.map(() => 'urn:ietf:params:oauth:grant-type:device_code'),
      );
      const status = (await h.engine.status(id)).status;
      if (outcome === 'connected') {
        expect(result).not.toBeInstanceOf(Error);
        expect(status.state).toBe('connected');
        const times = polls.map((p) => p.at);
        if (answers.includes('slow_down')) {
          // slow_down adds 5 s to the 1 s interval before the next poll (RFC 8628 §3.5).
          expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(5_900);
          expect(times[1]! - times[0]!).toBeLessThan(5_000);
        } else {
          // After the 500 the 1 s interval doubled.
          expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_900);
        }
      } else {
        expect(result).toBeInstanceOf(AppError);
        expect((result as AppError).code).toBe(outcome);
        expect((result as AppError).message).toMatch(/authorize|check/i);
        expect(status.lastError?.code).toBe(outcome);
        expect(status.hasAccessToken).toBe(false);
      }
      results.set(`device/${name}`, true);
    }, 20_000);
  }
});
