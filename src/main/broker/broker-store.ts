// What the broker keeps on disk, in the data folder: its settings (pause switch, per-credential
// policies, "always" approvals), the saved API tools, and the bounded audit log. None holds a
// token. Settings and tools are written at once (a change the user made must not be lost); audit
// entries go to an append-only journal in batches off the request path (audit-journal.ts). A
// file that cannot be read is moved aside and reported, never silently replaced.
import { join } from 'node:path';
import { z } from 'zod';
import type { ApiTool, BrokerApproval, BrokerAuditEntry, BrokerPolicy } from '../../shared/broker';
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

const settingsFileSchema = z.object({
  version: z.literal(1),
  paused: z.boolean(),
  policies: z.record(z.string(), z.unknown()),
  approvals: z.array(z.unknown()),
});

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

  const load = <T>(
    path: string,
    describe: string,
    accept: (value: unknown) => boolean,
    fallback: T,
    pick: (value: unknown) => T,
  ): T => {
    removeStaleTempFiles(path);
    const read = readJsonFile(path, { describe, accept });
    if (read.kind === 'quarantined') warnings.push(read.warning);
    return read.kind === 'ok' ? pick(read.value) : fallback;
  };

  let settings: BrokerSettings = load(
    settingsPath,
    'broker settings file',
    (v) => settingsFileSchema.safeParse(v).success,
    { paused: false, policies: {}, approvals: [] },
    (v) => {
      const file = settingsFileSchema.parse(v);
      return {
        paused: file.paused,
        policies: file.policies as Record<string, BrokerPolicy>,
        approvals: file.approvals as BrokerApproval[],
      };
    },
  );
  let tools: ApiTool[] = load(
    toolsPath,
    'saved API tools file',
    (v) => isVersioned(v, 'tools'),
    [],
    (v) => (v as { tools: ApiTool[] }).tools,
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

function isVersioned(value: unknown, listKey: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>).version === 1 &&
    Array.isArray((value as Record<string, unknown>)[listKey])
  );
}
