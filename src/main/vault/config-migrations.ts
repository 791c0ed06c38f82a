// Schema versions of the configuration file, and the step from each older one.
//
// v0 (the first releases): `{ credentials: [ { id, name, grantType, clientId, clientSecret?,
//   password?, scopes: string[], authUrl?, ... } ] }` — secrets inline in plain text, scopes as an
//   array, the authorization endpoint called `authUrl`, no schemaVersion.
// v1: `{ schemaVersion: 1, credentials: { [id]: CredentialConfig } }` — no secret in the file.
// Any record, whole-file or per-credential, from before per-stage extras holds `extraAuthParams`
// and `extraTokenParams`; parseStoredConfig folds them into `requestExtras` (see request-extras.ts).
// Record files (config-records.ts), `{ schemaVersion, credential }`: from v4 the configuration has
// `environments` (shared/environment.ts). An older record is read as one environment, "Default",
// overriding nothing; its token slot is the credential id, where the tokens already are, so no
// token moves and none is lost (`storedEnvironments`). From v5 it has `accounts` (shared/accounts.ts):
// an older record is read with one account per environment, the first, whose slot is where that
// environment's tokens already are (`storedAccounts`).
import { createHash } from 'node:crypto';
import { credentialFieldsSchema, type CredentialConfig } from '../../shared/credential';
import { defaultEnvironment, environmentListSchema } from '../../shared/environment';
import { foldLegacyExtras } from '../../shared/request-extras';
import { accountListSchema, firstAccount } from '../../shared/accounts';

export const CONFIG_SCHEMA_VERSION = 1;

export interface LegacySecret {
  id: string;
  field: 'clientSecret' | 'password';
  value: string;
}

export interface MigrationResult {
  /** Valid v1 records by id. */
  credentials: Record<string, CredentialConfig>;
  /** Records that could not be understood, kept as they were (minus secrets) so nothing is lost. */
  invalid: Record<string, unknown>;
  /** Inline secrets to move into the vault before the migrated file is written. */
  secrets: LegacySecret[];
  warnings: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export type StoredShape = 'empty' | 'v0' | 'v1' | 'newer';

/**
 * Decides by shape as well as by number: v1 writes `credentials` before `schemaVersion`, so a crash
 * between the two leaves a v1 map without a version, which is still v1.
 */
export function detectShape(schemaVersion: unknown, credentials: unknown): StoredShape {
  if (typeof schemaVersion === 'number' && schemaVersion > CONFIG_SCHEMA_VERSION) return 'newer';
  if (Array.isArray(credentials)) return 'v0';
  if (credentials === undefined) return schemaVersion === undefined ? 'empty' : 'v1';
  return 'v1';
}

/**
 * Validates one stored record; returns a reason when it is not a usable configuration, and notes
 * on what was set aside to keep it usable.
 */
export function parseStoredConfig(
  id: string,
  stored: unknown,
): { config: CredentialConfig; notes: string[] } | { problem: string } {
  if (!isRecord(stored)) return { problem: 'not an object' };
  // Records written before per-stage extras keep two lists (`extraAuthParams`, `extraTokenParams`);
  // they become today's `requestExtras` here, with rows that never took effect set aside.
  const { value, dropped } = foldLegacyExtras(stored);
  const fields = credentialFieldsSchema.safeParse(value);
  if (!fields.success)
    return { problem: fields.error.issues.map((issue) => issue.message).join('; ') };
  const environments = environmentListSchema.safeParse(storedEnvironments(value));
  if (!environments.success)
    return {
      problem: `environments: ${environments.error.issues.map((issue) => issue.message).join('; ')}`,
    };
  const accounts = accountListSchema.safeParse(storedAccounts(value, environments.data));
  if (!accounts.success)
    return {
      problem: `accounts: ${accounts.error.issues.map((issue) => issue.message).join('; ')}`,
    };
  const createdAt = typeof value.createdAt === 'number' ? value.createdAt : 0;
  const updatedAt = typeof value.updatedAt === 'number' ? value.updatedAt : createdAt;
  const notes = dropped.length
    ? [
        `The credential "${fields.data.name}" had extra parameters that OAuth Desk sets itself (${[...new Set(dropped)].join(', ')}); ` +
          'they never took effect and are no longer used. Saving the credential removes them from its file.',
      ]
    : [];
  // Added to zod's own output object, not spread into a new literal: on Node 20's V8 a spread
  // followed by more properties gives every object a hidden class of its own (10,000 held
  // configurations: 20,000 maps, about 5 MB of heap, and a runtime call per record at open).
  // held-config-shape.test.ts.
  const config: CredentialConfig = Object.assign(fields.data, {
    environments: environments.data,
    accounts: accounts.data,
    id,
    createdAt,
    updatedAt,
  });
  return { config, notes };
}

/**
 * v2 -> v3 (and every older shape, whose configurations are v2's): a configuration without
 * environments gets one that overrides nothing. Pure; the file is rewritten at the next save.
 */
export function storedEnvironments(stored: Record<string, unknown>): unknown {
  return stored.environments !== undefined ? stored.environments : [defaultEnvironment()];
}

/**
 * v4 -> v5 (and every older shape, once it has environments): a configuration without accounts
 * gets one per environment, the "first", marked default. Its vault slot is the environment's
 * (accounts.ts `accountSlotId`), where the tokens already are, so no token moves. Pure.
 */
export function storedAccounts(
  stored: Record<string, unknown>,
  environments: readonly { id: string }[],
): unknown {
  if (stored.accounts !== undefined) return stored.accounts;
  return environments.map((env) => firstAccount(env.id));
}

/** A stable id for a legacy record without one, so that re-running an interrupted migration agrees. */
function legacyId(index: number, record: Record<string, unknown>): string {
  const seed = `${index}:${typeof record.name === 'string' ? record.name : ''}`;
  return `legacy-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${name} (${n})`;
  return candidate;
}

/** v0 -> v1. Pure: the caller moves `secrets` into the vault, then writes `credentials`. */
export function migrateV0(legacy: unknown[], now: number): MigrationResult {
  const result: MigrationResult = { credentials: {}, invalid: {}, secrets: [], warnings: [] };
  const takenNames = new Set<string>();
  legacy.forEach((entry, index) => {
    if (!isRecord(entry)) {
      result.warnings.push(
        `Configuration #${index + 1} in the old file was not a record and was skipped.`,
      );
      return;
    }
    const { clientSecret, password, scopes, authUrl, ...rest } = entry;
    const id =
      typeof rest.id === 'string' && rest.id.trim() !== '' ? rest.id : legacyId(index, entry);
    for (const [field, value] of [
      ['clientSecret', clientSecret],
      ['password', password],
    ] as const) {
      if (typeof value === 'string' && value !== '') result.secrets.push({ id, field, value });
    }
    const candidate: Record<string, unknown> = {
      ...rest,
      // RFC 6749 §3.3: scope is one space-delimited string.
      scopes: Array.isArray(scopes)
        ? scopes.filter((s) => typeof s === 'string').join(' ')
        : scopes,
      authorizationUrl: rest.authorizationUrl ?? authUrl,
      // v0 had no timestamps; one millisecond apart keeps the order the user had.
      createdAt: typeof rest.createdAt === 'number' ? rest.createdAt : now + index,
      updatedAt: typeof rest.updatedAt === 'number' ? rest.updatedAt : now + index,
    };
    const parsed = parseStoredConfig(id, candidate);
    if ('problem' in parsed) {
      result.invalid[id] = { ...candidate, id };
      result.warnings.push(
        `The configuration "${String(rest.name ?? id)}" from the old file is not valid (${parsed.problem}). ` +
          'It was kept in the file but is not shown; its secrets were moved into the vault.',
      );
      return;
    }
    result.warnings.push(...parsed.notes);
    const name = uniqueName(parsed.config.name, takenNames);
    if (name !== parsed.config.name) {
      result.warnings.push(
        `Two configurations were named "${parsed.config.name}"; the second is now "${name}".`,
      );
    }
    takenNames.add(name.toLowerCase());
    result.credentials[id] = { ...parsed.config, name };
  });
  return result;
}
