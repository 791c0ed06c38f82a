// Reads and edits the vault's record files the way damage or tampering on disk would: one file
// per secret, `<dataDir>/secrets/<service>/<account>.json` = `{ schemaVersion, cipher, value }`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { VAULT_SERVICE } from '../../src/main/vault/credential-secrets';
import { fileNameForKey } from '../../src/main/vault/record-folder';
import { SECRETS_DIR_NAME } from '../../src/main/vault/secret-vault';

export function secretRecordPath(dataDir: string, account: string, service = VAULT_SERVICE) {
  return join(
    dataDir,
    SECRETS_DIR_NAME,
    fileNameForKey(service).slice(0, -'.json'.length),
    fileNameForKey(account),
  );
}

export function readStoredValue(dataDir: string, account: string, service = VAULT_SERVICE) {
  const record = JSON.parse(readFileSync(secretRecordPath(dataDir, account, service), 'utf8')) as {
    value: unknown;
  };
  return record.value;
}

export function writeStoredValue(
  dataDir: string,
  account: string,
  value: unknown,
  service = VAULT_SERVICE,
): void {
  const path = secretRecordPath(dataDir, account, service);
  let record: Record<string, unknown> = { schemaVersion: 2 };
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // A slot with no file yet: a new one, as a hand-made copy would be.
  }
  writeFileSync(path, JSON.stringify({ ...record, value }));
}

/** Every file under the data folder, as paths relative to it, sorted. */
export function filesUnder(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else found.push(relative(dataDir, join(dir, entry.name)));
    }
  };
  walk(dataDir);
  return found.sort();
}

/** The bytes of every file of the vault folder, for "nothing was written" checks. */
export function vaultSnapshot(dataDir: string): string {
  return filesUnder(dataDir)
    .filter((path) => path.startsWith(`${SECRETS_DIR_NAME}/`))
    .map((path) => `${path}=${readFileSync(join(dataDir, path), 'utf8')}`)
    .join('\n');
}
