// From the whole-file layout (one `secrets.json` and one `config.json`, each rewritten on every
// write) to one record file per secret and per credential. Runs at open, before anything reads
// the stores. Secrets move first, then configurations (the order every write keeps: no visible
// credential may lack its secret). Each old file is removed only after all of its records were
// written durably; a crash in between leaves the old file, and the next start copies it again
// (the copy is idempotent). A move that cannot finish (disk full) leaves the old file in charge,
// read-only, and says so.
import { join } from 'node:path';
import { fsyncDirectory, LAST_GOOD_SUFFIX, removeStaleTempFiles } from './atomic-file';
import {
  openConfigRepository,
  StoreConfigRepository,
  type MigrationSecrets,
} from './config-repository';
import type { RecordConfigRepository } from './config-records';
import { nodeFs, type FsPort } from './fs-port';
import { openJsonFileStore } from './json-file-store';
import { type SecretVault } from './secret-vault';
import { loadSecretsFile, SECRETS_FILE_NAME, type LoadedSecrets } from './secrets-file';

export const LEGACY_CONFIG_NAME = 'config';

/** Step 1, before the vault exists: what `secrets.json` holds, if it is there. */
export function readLegacySecrets(dataDir: string, fs?: FsPort): LoadedSecrets | null {
  const path = join(dataDir, SECRETS_FILE_NAME);
  // Temp files of a killed writer of the old layout were never the committed state.
  removeStaleTempFiles(path, fs);
  try {
    (fs ?? nodeFs).statSync(path);
  } catch {
    return null;
  }
  return loadSecretsFile(path, fs);
}

/** Step 2: copies every legacy value into the vault's folder, then removes `secrets.json`. */
export function moveLegacySecrets(
  dataDir: string,
  legacy: LoadedSecrets,
  vault: SecretVault,
  fs?: FsPort,
): string[] {
  const warnings: string[] = [];
  for (const [service, accounts] of Object.entries(legacy.document.entries)) {
    for (const [account, stored] of Object.entries(accounts))
      vault.importStored(service, account, stored, legacy.document.cipher);
  }
  let resealFailed: unknown;
  for (const [service, accounts] of Object.entries(legacy.document.entries)) {
    for (const account of Object.keys(accounts)) {
      try {
        vault.resealLegacy(service, account);
      } catch (error) {
        // The v1 value stays readable in its file; the next write of that slot seals it as v2.
        resealFailed ??= error;
      }
    }
  }
  if (resealFailed)
    warnings.push(
      `Stored secrets could not all be upgraded to the slot-bound format yet: ${(resealFailed as Error).message}`,
    );
  removeOldFile(join(dataDir, SECRETS_FILE_NAME), fs);
  return warnings;
}

export interface LegacyConfigResult {
  /** Set when `config.json` stays in charge (newer, unknown shape, blocked, or the move failed). */
  stillInCharge: StoreConfigRepository | null;
  warnings: string[];
  /** Whether `config.json` was read whole (an orphan check may trust it). */
  whole: boolean;
  existed: boolean;
}

/** Step 3: copies every configuration of `config.json` into its own record, then removes it. */
export async function moveLegacyConfigs(options: {
  dataDir: string;
  records: RecordConfigRepository;
  secrets: MigrationSecrets;
  fs?: FsPort;
}): Promise<LegacyConfigResult> {
  const path = join(options.dataDir, `${LEGACY_CONFIG_NAME}.json`);
  const fs = options.fs ?? nodeFs;
  removeStaleTempFiles(path, fs);
  try {
    fs.statSync(path);
  } catch {
    return { stillInCharge: null, warnings: [], whole: true, existed: false };
  }
  const conf = openJsonFileStore({
    dir: options.dataDir,
    name: LEGACY_CONFIG_NAME,
    describe: 'configuration file',
    ...(options.fs ? { fs: options.fs } : {}),
  });
  const warnings = [...conf.warnings];
  const whole = conf.loaded === 'ok';
  const opened = await openConfigRepository({ store: conf.store, secrets: options.secrets });
  warnings.push(...opened.warnings);
  // Not ours to change (newer format, unknown shape, secrets that could not move): it stays.
  if (opened.repository.readOnlyReason)
    return { stillInCharge: opened.repository, warnings, whole, existed: true };
  const stored = conf.store.get('credentials');
  const entries =
    typeof stored === 'object' && stored !== null ? Object.entries(stored as object) : [];
  try {
    for (const [id, value] of entries) options.records.importRecord(id, value);
  } catch (error) {
    const reason =
      `The configurations could not be moved into one file each: ${(error as Error).message} ` +
      `${path} is used as it is, read-only, until OAuth Desk is restarted with free space.`;
    warnings.push(reason);
    const configs = Object.fromEntries((await opened.repository.list()).map((c) => [c.id, c]));
    return {
      stillInCharge: new StoreConfigRepository(conf.store, configs, {}, reason),
      warnings,
      whole,
      existed: true,
    };
  }
  removeOldFile(path, options.fs);
  return { stillInCharge: null, warnings, whole, existed: true };
}

/** Removes a migrated file and its previous version; then flushes the folder. */
function removeOldFile(path: string, fs: FsPort = nodeFs): void {
  for (const name of [`${path}${LAST_GOOD_SUFFIX}`, path]) {
    try {
      fs.unlinkSync(name);
    } catch {
      // Already gone.
    }
  }
  fsyncDirectory(join(path, '..'), fs);
}
