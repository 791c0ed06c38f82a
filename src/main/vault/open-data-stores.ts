// One call that opens everything persistent in a data folder, for the app and for browser mode:
//   <dataDir>/config.json   configurations, no secrets
//   <dataDir>/secrets.json  the vault: versioned ciphertext only, 0600
//   <dataDir>/vault.key     only with the key file cipher (browser mode, tests), 0600
// The folder is created owner-only (0700). Anything found damaged is moved aside and reported in
// `warnings`; nothing here ever throws away user data to get started.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE_NAME, openKeyFileCipher } from './aes-gcm-key-file-cipher';
import { openConfigRepository, type StoreConfigRepository } from './config-repository';
import { createCredentialSecrets, type VaultCredentialSecrets } from './credential-secrets';
import type { FsPort } from './fs-port';
import type { Cipher } from './ports';
import { openJsonFileStore } from './json-file-store';
import { SecretVault } from './secret-vault';
import { reconcileStores, type Recovery } from './store-recovery';
import { countEntries, loadSecretsFile, SECRETS_FILE_NAME } from './secrets-file';

export const CONFIG_NAME = 'config';

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
  configs: StoreConfigRepository;
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

  const secretsPath = join(dataDir, SECRETS_FILE_NAME);
  const loaded = loadSecretsFile(secretsPath, options.fs);
  warnings.push(...loaded.warnings);
  const cipher =
    typeof options.cipher === 'function'
      ? options.cipher({ dataDir, hasStoredSecrets: countEntries(loaded.document) > 0 })
      : options.cipher;
  const vault = new SecretVault({
    filePath: secretsPath,
    cipher,
    document: loaded.document,
    readOnlyReason: loaded.readOnlyReason,
    ...(options.fs ? { fs: options.fs } : {}),
  });
  const mismatch = vault.cipherMismatch();
  if (mismatch) warnings.push(mismatch);
  if (!cipher.isAvailable()) {
    warnings.push(
      `Secrets cannot be saved or read: ${cipher.unavailableReason() ?? 'encryption is not available.'}`,
    );
  } else {
    // Values from before slot binding are re-sealed once; otherwise nothing is decrypted at
    // start: a value that cannot be read is reported on its credential when it is first used.
    try {
      vault.migrateLegacyValues();
    } catch (error) {
      // The v1 values stay readable; the next start tries again.
      warnings.push(
        `Stored secrets could not be upgraded to the slot-bound format yet: ${(error as Error).message}`,
      );
    }
  }
  const secrets = createCredentialSecrets(vault);

  const conf = openJsonFileStore({
    dir: dataDir,
    name: CONFIG_NAME,
    describe: 'configuration file',
    ...(options.fs ? { fs: options.fs } : {}),
  });
  warnings.push(...conf.warnings);
  const opened = await openConfigRepository({ store: conf.store, secrets });
  warnings.push(...opened.warnings);
  const recovery = await reconcileStores({
    configs: opened.repository,
    vault,
    configFileWhole: conf.loaded === 'ok' || (conf.loaded === 'missing' && vault.size === 0),
  });
  warnings.push(...recovery.warnings);

  return { configs: opened.repository, secrets, vault, cipher, dataDir, warnings, recovery };
}
