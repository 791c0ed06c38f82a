// Brings the two stores back into agreement at start. Writes are ordered so that a crash between
// them leaves at worst a secret without a configuration (secrets go in before a create's
// configuration and out after a delete's): such orphans are erased here. A configuration missing
// a secret its grant needs cannot come from a crash, but from a hand-edited or restored file; it is
// reported here and flagged on the credential (see missingSecretError), never used.
import { checkGrantFields } from '../../shared/credential';
import type { ConfigStoreView } from './config-records';
import { accountFor, VAULT_SERVICE } from './credential-secrets';
import type { SecretVault } from './secret-vault';
import { TARGET_SEPARATOR } from '../../shared/environment';

export interface Recovery {
  /** Vault accounts erased because no configuration owns them. */
  orphansRemoved: string[];
  /** Ids of configurations whose grant needs a secret the vault lacks. */
  missingSecrets: string[];
  warnings: string[];
}

/**
 * `<id>:<field>` -> id (ids never contain the field separator at their end); an environment's
 * slot `<id>~<environment>:<field>` belongs to its credential.
 */
const isOwned = (account: string, owned: Set<string>) => {
  const slot = account.slice(0, account.lastIndexOf(':'));
  const at = slot.indexOf(TARGET_SEPARATOR);
  return owned.has(slot) || (at >= 0 && owned.has(slot.slice(0, at)));
};

export async function reconcileStores(options: {
  configs: ConfigStoreView;
  vault: SecretVault;
  /** Only a configuration file read whole says which ids exist; otherwise nothing is erased. */
  configFileWhole: boolean;
}): Promise<Recovery> {
  const { configs, vault } = options;
  const recovery: Recovery = { orphansRemoved: [], missingSecrets: [], warnings: [] };
  const owned = configs.storedIds();
  const orphans = vault.accounts(VAULT_SERVICE).filter((account) => !isOwned(account, owned));
  // A damaged, restored, unknown or newer configuration file may not list every credential:
  // erasing "orphans" then could destroy secrets of credentials the user still has.
  if (
    orphans.length > 0 &&
    options.configFileWhole &&
    !configs.readOnlyReason &&
    !vault.readOnlyReason
  ) {
    try {
      vault.deletePasswords(VAULT_SERVICE, orphans);
      recovery.orphansRemoved = orphans;
    } catch (error) {
      // A full disk at start must not keep the app from opening: nothing visible uses them.
      recovery.warnings.push(
        `Secrets of ${orphans.length} deleted or unfinished credential(s) could not be erased yet: ${(error as Error).message} The next start tries again.`,
      );
    }
  }
  // Shared, not copied: only read here.
  for (const config of configs.sorted()) {
    const presence = {
      hasClientSecret: vault.has(VAULT_SERVICE, accountFor(config.id, 'client-secret')),
      hasPassword: vault.has(VAULT_SERVICE, accountFor(config.id, 'password')),
    };
    const problems = checkGrantFields(config, presence);
    if (problems.clientSecret || problems.password || problems.pkce)
      recovery.missingSecrets.push(config.id);
  }
  if (recovery.missingSecrets.length > 0) {
    recovery.warnings.push(
      `${recovery.missingSecrets.length} credential(s) lack a secret their grant needs; they are marked "secret missing" and ` +
        'are not used until you edit them and enter it again.',
    );
  }
  return recovery;
}
