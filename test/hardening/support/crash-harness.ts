// Drives the storage crash suite: start the writer, SIGKILL it at a random moment (sometimes even
// while it is still opening the stores), then load the data folder the way the app does and check
// that it holds whole records no older than the last write the writer saw return.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { VAULT_SERVICE } from '../../../src/main/vault/credential-secrets';
import { filesUnder } from '../../support/vault-records';
import {
  configIteration,
  extraIteration,
  extraSecret,
  isExtra,
  ROTATING_IDS,
  secretIteration,
  tokensIteration,
} from './crash-records';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
/**
 * What may be in the data folder once it has been opened: the key file and one record (and its
 * previous version) per credential and per secret. No temp file survives a load.
 */
const EXPECTED_FILE = /^(vault\.key|(credentials|secrets\/oauth-desk)\/[^/]+\.json(\.last-good)?)$/;

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Acks {
  /** kind:id -> last iteration reported committed. */
  last: Map<string, number>;
  /** Extra credentials whose create returned, and whose delete returned. */
  created: Set<string>;
  deleted: Set<string>;
}

export interface CrashStats {
  rounds: number;
  killedBeforeReady: number;
  writesAcknowledged: number;
  /** Rounds where the loaded state was newer than the last acknowledgement (the in-flight write won). */
  inFlightCommitted: number;
  createsAcknowledged: number;
  deletesAcknowledged: number;
  /** Secrets a kill left without a configuration, erased at the next start. */
  orphansRemoved: number;
}

async function runWriterUntilKilled(
  dataDir: string,
  random: () => number,
  env: Record<string, string>,
): Promise<{ lines: string[]; beforeReady: boolean }> {
  // The harness's own test (a non-atomic writer) tears one write, somewhere in the first few
  // iterations, and is killed inside it rather than after a number of acknowledged writes.
  const tearAt = env.CRASH_WRITER_TEAR === '1' ? 5 + Math.floor(random() * 36) : undefined;
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, ...(tearAt ? { CRASH_TEAR_AT: String(tearAt) } : {}) },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const beforeReady = random() < 0.15;
  if (beforeReady) {
    // Somewhere inside start-up: module loading, key file creation, first reads.
    await new Promise((r) => setTimeout(r, random() * 400));
  } else {
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (out.includes('ready') || tearing(out)) resolve(true);
        else if (child.exitCode !== null) resolve(false);
        else return;
        clearInterval(timer);
      }, 2);
    });
    if (!ready) throw new Error(`crash writer exited early: ${err.slice(0, 2000)}`);
    // The kill point is counted in acknowledged writes, not milliseconds, so a loaded machine
    // kills as deep into the work as a fast one; then a random part of one write's duration (as
    // measured on this run) passes, so the kill lands anywhere inside the next write.
    const target = tearAt === undefined ? 1 + Math.floor(random() * 8) : Infinity;
    const startedAt = performance.now();
    const reached = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (acknowledgedLines(out) >= target || tearing(out)) resolve(true);
        else if (child.exitCode !== null) resolve(false);
        else return;
        clearInterval(timer);
      }, 1);
    });
    if (!reached) throw new Error(`crash writer exited early: ${err.slice(0, 2000)}`);
    const perWrite = (performance.now() - startedAt) / target;
    await new Promise((r) => setTimeout(r, random() * perWrite));
  }
  child.kill('SIGKILL');
  await exited;
  if (child.signalCode !== 'SIGKILL' && !beforeReady)
    throw new Error(`crash writer ended on its own: ${err.slice(0, 2000)}`);
  return { lines: out.split('\n').filter(Boolean), beforeReady };
}

/** The non-atomic writer of the harness's own test stopped inside a torn write: kill it there. */
function tearing(out: string): boolean {
  return out.split('\n').includes('tearing');
}

/** Lines after `ready` that report a committed write. */
function acknowledgedLines(out: string): number {
  return out.split('\n').filter((line) => {
    const [kind, id, value] = line.split(' ');
    return kind !== 'ready' && Boolean(id) && Boolean(value);
  }).length;
}

/** Loads the folder and checks every invariant; throws with a description of the first violation. */
async function verify(
  dataDir: string,
  acks: Acks,
  roundMaxAck: number,
  round: number,
  orphansRemoved: { count: number },
): Promise<boolean> {
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const fail: (what: string) => never = (what) => {
    throw new Error(`round ${round}: ${what}`);
  };
  if (stores.warnings.length > 0)
    fail(`loading reported problems after a kill: ${stores.warnings.join(' | ')}`);
  let newer = false;
  // A loaded value is either the last acknowledged one or the write that was in flight, which is newer than any acknowledgement.
  const check = (kind: string, id: string, loaded: number | null | undefined) => {
    const acked = acks.last.get(`${kind}:${id}`);
    if (loaded === null) fail(`${kind} of ${id} is a torn record`);
    if (loaded === undefined) {
      if (acked !== undefined)
        fail(`${kind} of ${id} is missing, although iteration ${acked} was committed`);
      return;
    }
    if (acked !== undefined && loaded < acked)
      fail(`${kind} of ${id} went back from ${acked} to ${loaded}`);
    if (loaded !== acked) {
      if (loaded < roundMaxAck)
        fail(`${kind} of ${id} holds ${loaded}, which was never the last write`);
      newer = true;
      acks.last.set(`${kind}:${id}`, loaded);
    }
  };
  const configs = await stores.configs.list();
  for (const id of ROTATING_IDS) {
    const config = configs.find((c) => c.id === id);
    check('config', id, config ? configIteration(config) : undefined);
    if (!config) {
      // Killed after its first secret was written but before its configuration: that secret
      // was an orphan, and the start erased it.
      acks.last.delete(`secret:${id}`);
      acks.last.delete(`tokens:${id}`);
    }
    const secret = await stores.secrets.getClientSecret(id);
    check('secret', id, secret === undefined ? undefined : secretIteration(id, secret));
    const tokens = await stores.secrets.getTokens(id);
    check('tokens', id, tokens === undefined ? undefined : tokensIteration(id, tokens));
  }
  // The two stores agree: every visible credential has the secret its grant needs, and no secret
  // is left without its credential (a kill between the writes leaves only such orphans, erased now).
  if (stores.recovery.missingSecrets.length > 0)
    fail(`configurations without their secret: ${stores.recovery.missingSecrets.join(', ')}`);
  const ids = new Set(configs.map((c) => c.id));
  for (const config of configs.filter(isExtra)) {
    if (acks.deleted.has(config.id))
      fail(`${config.id} is back although its deletion was committed`);
    const secret = await stores.secrets.getClientSecret(config.id);
    if (secret !== extraSecret(extraIteration(config)))
      fail(`${config.id} is visible without its own client secret`);
  }
  // The writer deletes the oldest extra first; a kill may land after that delete committed but
  // before it was reported, so only that one credential may be gone unreported.
  const alive = [...acks.created].filter((id) => !acks.deleted.has(id));
  const missing = alive.filter((id) => !ids.has(id));
  if (missing.length > 1 || (missing.length === 1 && missing[0] !== alive[0])) {
    fail(`${missing.join(', ')} missing although the creation was committed`);
  }
  for (const id of missing) acks.deleted.add(id);
  const orphans = stores.vault
    .accounts(VAULT_SERVICE)
    .filter((account) => !ids.has(account.slice(0, account.lastIndexOf(':'))));
  if (orphans.length > 0)
    fail(`secrets without a configuration after start: ${orphans.join(', ')}`);
  orphansRemoved.count += stores.recovery.orphansRemoved.length;
  const stray = filesUnder(dataDir).filter((name) => !EXPECTED_FILE.test(name));
  if (stray.length > 0) fail(`files left behind after loading: ${stray.join(', ')}`);
  return newer;
}

/** Runs `rounds` kill-and-reload rounds against one data folder. */
export async function runCrashRounds(
  dataDir: string,
  rounds: number,
  seed: number,
  env: Record<string, string> = {},
): Promise<CrashStats> {
  const random = seededRandom(seed);
  const acks: Acks = { last: new Map(), created: new Set(), deleted: new Set() };
  const stats: CrashStats = {
    rounds: 0,
    killedBeforeReady: 0,
    writesAcknowledged: 0,
    inFlightCommitted: 0,
    createsAcknowledged: 0,
    deletesAcknowledged: 0,
    orphansRemoved: 0,
  };
  const orphans = { count: 0 };
  for (let round = 1; round <= rounds; round += 1) {
    const { lines, beforeReady } = await runWriterUntilKilled(dataDir, random, env);
    let roundMaxAck = 0;
    for (const line of lines) {
      const [kind, id, value] = line.split(' ');
      if (kind === 'ready' || !id || !value) continue;
      const iteration = Number(value);
      roundMaxAck = Math.max(roundMaxAck, iteration);
      stats.writesAcknowledged += 1;
      if (kind === 'deleted') {
        acks.deleted.add(id);
        stats.deletesAcknowledged += 1;
      } else if (kind === 'created') {
        acks.created.add(id);
        stats.createsAcknowledged += 1;
      } else if (kind === 'config' || kind === 'secret' || kind === 'tokens')
        acks.last.set(`${kind}:${id}`, iteration);
    }
    if (beforeReady) stats.killedBeforeReady += 1;
    if (await verify(dataDir, acks, roundMaxAck, round, orphans)) stats.inFlightCommitted += 1;
    stats.orphansRemoved = orphans.count;
    stats.rounds += 1;
  }
  return stats;
}
