// One call that opens everything persistent in a data folder, for the app and for browser mode:
//   <dataDir>/credentials/<id>.json        one configuration each, no secrets
//   <dataDir>/secrets/oauth-desk/<slot>.json  one ciphertext each (client secret, password, tokens), 0600
//   <dataDir>/vault.key     only with the key file cipher (browser mode, tests), 0600
// The folders are created owner-only (0700). `secrets.json` and `config.json` of earlier
// versions are moved into that layout first (migrate-whole-files.ts). Anything found damaged is
// moved aside and reported in `warnings`; nothing here ever throws away user data to get started.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE_NAME, openKeyFileCipher } from './aes-gcm-key-file-cipher';
import {
  CREDENTIALS_DIR_NAME,
  openRecordConfigRepository,
  type ConfigStoreView,
} from './config-records';
import { createCredentialSecrets, type VaultCredentialSecrets } from './credential-secrets';
import type { FsPort } from './fs-port';
import type { Cipher } from './ports';
import { moveLegacyConfigs, moveLegacySecrets, readLegacySecrets } from './migrate-whole-files';
import { SECRETS_DIR_NAME, SecretVault } from './secret-vault';
import { reconcileStores, type Recovery } from './store-recovery';
import { countEntries } from './secrets-file';

/** Builds the cipher once the vault file is read: a key file cipher must know whether ciphertext exists. */
export type CipherFactory = (context: { dataDir: string; hasStoredSecrets: boolean }) => Cipher;

/** The key file cipher of browser mode and tests: `<dataDir>/vault.key`. */
export const keyFileCipher: CipherFactory = ({ dataDir, hasStoredSecrets }) =>
  openKeyFileCipher({ keyPath: join(dataDir, KEY_FILE_NAME), hasStoredSecrets });

export interface OpenDataStoresOptions {
  dataDir: string;
  cipher: Cipher | CipherFactory;
  /** node:fs unless a test injects faults (short writes, ENOSPC). */
  fs?: FsPort;
}

export interface DataStores {
  configs: ConfigStoreView;
  secrets: VaultCredentialSecrets;
  vault: SecretVault;
  cipher: Cipher;
  dataDir: string;
  /** Files moved aside, migrations done, what cannot be read: show these to the user. */
  warnings: string[];
  /** What the start-up check of the two stores repaired or flagged. */
  recovery: Recovery;
}

export function ensureDataDir(dataDir: string): void {
  // mkdir returns the first folder it created; only folders we made are tightened (a user may
  // point the data folder into a place whose permissions are theirs to decide).
  const created = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (created !== undefined && process.platform !== 'win32') chmodSync(dataDir, 0o700);
}

export async function openDataStores(options: OpenDataStoresOptions): Promise<DataStores> {
  const { dataDir } = options;
  ensureDataDir(dataDir);
  const warnings: string[] = [];
  const fsOption = options.fs ? { fs: options.fs } : {};

  const vaultDir = join(dataDir, SECRETS_DIR_NAME);
  const credentialsDir = join(dataDir, CREDENTIALS_DIR_NAME);
  const hadRecords = existsSync(credentialsDir);
  const legacy = readLegacySecrets(dataDir, options.fs);
  if (legacy) warnings.push(...legacy.warnings);
  const legacyCount = legacy ? countEntries(legacy.document) : 0;
  const cipher =
    typeof options.cipher === 'function'
      ? options.cipher({
          dataDir,
          hasStoredSecrets: legacyCount > 0 || SecretVault.holdsAny(vaultDir),
        })
      : options.cipher;
  const readOnlyVault = (reason: string) =>
    new SecretVault({
      dir: vaultDir,
      cipher,
      readOnlyReason: reason,
      fallback: legacy?.document.entries ?? {},
      ...fsOption,
    });
  let vault = new SecretVault({ dir: vaultDir, cipher, ...fsOption });
  if (legacy?.readOnlyReason) vault = readOnlyVault(legacy.readOnlyReason);
  else if (legacy) {
    try {
      warnings.push(...moveLegacySecrets(dataDir, legacy, vault, options.fs));
    } catch (error) {
      const reason =
        `Stored secrets could not be moved into one file each: ${(error as Error).message} ` +
        'They are read from secrets.json, read-only, until OAuth Desk is restarted with free space.';
      warnings.push(reason);
      vault = readOnlyVault(reason);
    }
  }
  const mismatch = vault.cipherMismatch();
  if (mismatch) warnings.push(mismatch);
  if (!cipher.isAvailable()) {
    warnings.push(
      `Secrets cannot be saved or read: ${cipher.unavailableReason() ?? 'encryption is not available.'}`,
    );
  }
  // Nothing is decrypted at start: a value that cannot be read is reported on its credential
  // when it is first used.
  const secrets = createCredentialSecrets(vault);

  const records = openRecordConfigRepository({ dir: credentialsDir, ...fsOption });
  const moved = await moveLegacyConfigs({ dataDir, records, secrets, ...fsOption });
  warnings.push(...moved.warnings);
  let configs: ConfigStoreView = records;
  let recordsWhole = true;
  if (moved.stillInCharge) configs = moved.stillInCharge;
  else {
    const loaded = await records.load();
    warnings.push(...loaded.warnings);
    recordsWhole = loaded.whole;
  }
  // Only a configuration store read whole says which ids exist: secrets with no configuration
  // and no configuration store at all (config lost, not deleted) are never taken for orphans.
  const configsKnown = moved.existed || hadRecords || vault.size === 0;
  const recovery = await reconcileStores({
    configs,
    vault,
    configFileWhole: configsKnown && moved.whole && recordsWhole,
  });
  warnings.push(...recovery.warnings);

  return { configs, secrets, vault, cipher, dataDir, warnings, recovery };
}
