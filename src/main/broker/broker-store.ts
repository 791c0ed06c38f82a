// What the broker keeps on disk, in the data folder: its settings (pause switch, per-credential
// policies, "always" approvals), the saved API tools, and the bounded audit log. None holds a
// token. Settings and tools are written at once (a change the user made must not be lost); audit
// entries go to an append-only journal in batches off the request path (audit-journal.ts). A
// file that cannot be read is moved aside and reported, never silently replaced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  apiToolInputSchema,
  type ApiTool,
  type BrokerApproval,
  type BrokerAuditEntry,
  type BrokerClientInfo,
  type BrokerPolicy,
} from '../../shared/broker';
import { ENVIRONMENT_COLORS, type EnvironmentMarker } from '../../shared/environment-types';
import { describeIssues } from '../common/schema-issues';
import {
  readJsonFile,
  removeStaleTempFiles,
  writeJsonFileAtomic,
  PRIVATE_FILE_MODE,
} from '../vault/atomic-file';
import { openAuditJournal } from './audit-journal';

export const BROKER_SETTINGS_FILE = 'broker-settings.json';
/** The whole-file audit of earlier versions: moved into the journal at the first start. */
export const BROKER_AUDIT_FILE = 'broker-audit.json';
export const BROKER_AUDIT_JOURNAL = 'broker-audit.jsonl';
export const API_TOOLS_FILE = 'api-tools.json';
/** Audit entries kept, newest first: enough for weeks of scripts, small enough to load at once. */
export const DEFAULT_AUDIT_CAP = 2000;

export interface BrokerSettings {
  paused: boolean;
  policies: Record<string, BrokerPolicy>;
  /** Only `always` approvals outlive the app; session and hour approvals stay in memory. */
  approvals: BrokerApproval[];
}

const clientInfoSchema = z.object({
  name: z.string(),
  pid: z.number().int().nullable(),
  parentPid: z.number().int().nullable(),
  parentExecutable: z.string().nullable(),
  parentCommand: z.string().nullable(),
  workingFolder: z.string().nullable(),
  identity: z.enum(['claimed', 'checked']),
}) satisfies z.ZodType<BrokerClientInfo>;

const environmentMarkerSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  color: z.enum(ENVIRONMENT_COLORS),
  production: z.boolean(),
}) satisfies z.ZodType<EnvironmentMarker>;

/** An "always" approval as the access gate wrote it; it decides who gets a token unasked. */
const approvalSchema = z.object({
  id: z.string().min(1),
  credentialId: z.string().min(1),
  credentialName: z.string(),
  clientKey: z.string().min(1),
  client: clientInfoSchema,
  scope: z.enum(['session', 'hour', 'always']),
  // Approvals written before environments existed have none: they cover the test environments.
  environment: environmentMarkerSchema.optional(),
  grantedAt: z.number(),
  expiresAt: z.number().nullable(),
});

const settingsFileSchema = z.object({
  version: z.literal(1),
  paused: z.boolean(),
  // Each policy is checked where it is used (access-gate.ts): an invalid one reads as the default.
  policies: z.record(z.string(), z.unknown()),
  approvals: z.array(approvalSchema),
});

/** The schema's parse, typed as the app's approval (an absent environment stays absent). */
const toApprovals = (approvals: z.infer<typeof approvalSchema>[]): BrokerApproval[] =>
  approvals.map(({ environment, ...rest }) => ({
    ...rest,
    ...(environment ? { environment } : {}),
  }));

/** A saved tool as api-tools.ts wrote it: the input rules of the form, and its id and times. */
const toolsFileSchema = z.object({
  version: z.literal(1),
  tools: z.array(
    apiToolInputSchema.extend({
      id: z.string().min(1),
      createdAt: z.number(),
      updatedAt: z.number(),
    }) satisfies z.ZodType<ApiTool>,
  ),
});

/** What is wrong with a file for its schema, or null when nothing is. */
const problemFor =
  (schema: z.ZodType) =>
  (value: unknown): string | null => {
    const parsed = schema.safeParse(value);
    return parsed.success ? null : describeIssues(parsed.error);
  };

export interface BrokerStore {
  settings(): BrokerSettings;
  saveSettings(settings: BrokerSettings): void;
  tools(): ApiTool[];
  saveTools(tools: ApiTool[]): void;
  audit(): BrokerAuditEntry[];
  appendAudit(entry: BrokerAuditEntry): void;
  /** Resolves once every audit entry so far is on disk. */
  flush(): Promise<void>;
  /** Flushes the audit and closes its file. */
  close(): Promise<void>;
  warnings: string[];
}

/** Resolves once the audit journal is read: every entry on disk comes before the first new one. */
export async function openBrokerStore(options: {
  dataDir: string;
  auditCap?: number;
  writeDelayMs?: number;
}): Promise<BrokerStore> {
  const warnings: string[] = [];
  const settingsPath = join(options.dataDir, BROKER_SETTINGS_FILE);
  const toolsPath = join(options.dataDir, API_TOOLS_FILE);
  const cap = options.auditCap ?? DEFAULT_AUDIT_CAP;

  /**
   * A file that does not parse, or that its schema refuses, is moved aside and its last good
   * version brought back when there is one (readJsonFile); either way the warning says so, and
   * what was wrong in the file moved aside, so the user can repair it.
   */
  const load = <T>(
    path: string,
    describe: string,
    problemOf: (value: unknown) => string | null,
    fallback: T,
    pick: (value: unknown) => T,
  ): T => {
    removeStaleTempFiles(path);
    const read = readJsonFile(path, { describe, accept: (value) => problemOf(value) === null });
    if (read.kind === 'quarantined' || read.kind === 'restored') {
      const problem = problemIn(read.movedTo, problemOf);
      warnings.push(problem ? `${read.warning} What was wrong in it: ${problem}.` : read.warning);
    }
    return read.kind === 'ok' || read.kind === 'restored' ? pick(read.value) : fallback;
  };

  let settings: BrokerSettings = load(
    settingsPath,
    'broker settings file',
    problemFor(settingsFileSchema),
    { paused: false, policies: {}, approvals: [] },
    (v) => {
      const file = settingsFileSchema.parse(v);
      return {
        paused: file.paused,
        policies: file.policies as Record<string, BrokerPolicy>,
        approvals: toApprovals(file.approvals),
      };
    },
  );
  let tools: ApiTool[] = load(
    toolsPath,
    'saved API tools file',
    problemFor(toolsFileSchema),
    [],
    (v) => toolsFileSchema.parse(v).tools,
  );
  const audit = await openAuditJournal({
    path: join(options.dataDir, BROKER_AUDIT_JOURNAL),
    legacyPath: join(options.dataDir, BROKER_AUDIT_FILE),
    cap,
    warnings,
    ...(options.writeDelayMs !== undefined ? { writeDelayMs: options.writeDelayMs } : {}),
  });

  return {
    warnings,
    settings: () => structuredClone(settings),
    saveSettings(next) {
      writeJsonFileAtomic(settingsPath, { version: 1, ...next }, { mode: PRIVATE_FILE_MODE });
      settings = structuredClone(next);
    },
    tools: () => structuredClone(tools),
    saveTools(next) {
      writeJsonFileAtomic(toolsPath, { version: 1, tools: next }, { mode: PRIVATE_FILE_MODE });
      tools = structuredClone(next);
    },
    audit: () => audit.entries(),
    appendAudit: (entry) => audit.append(entry),
    flush: () => audit.flush(),
    close: () => audit.close(),
  };
}

/** What is wrong in a file that was moved aside, read again from where it went. */
function problemIn(movedTo: string, problemOf: (value: unknown) => string | null): string | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(movedTo, 'utf8'));
  } catch {
    return 'it is not valid JSON (cut off or overwritten)';
  }
  return problemOf(value);
}
