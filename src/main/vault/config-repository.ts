// Non-secret configurations over a `KeyValueStore` (a JSON file store). The file holds
// `schemaVersion` and `credentials: { [id]: CredentialConfig }`; every save is one atomic write
// of the `credentials` map. Records are validated when loaded; a record that fails is kept in the
// file untouched (never dropped) and reported.
import {
  credentialNameKey,
  type CredentialConfig,
  type SecretUpdate,
} from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { ConfigRepository } from '../oauth/ports';
import {
  CONFIG_SCHEMA_VERSION,
  detectShape,
  migrateV0,
  parseStoredConfig,
} from './config-migrations';
import type { KeyValueStore } from './ports';

const KEY_VERSION = 'schemaVersion';
const KEY_CREDENTIALS = 'credentials';

/** What a migration needs of the vault: to move inline secrets out of the config file. */
export interface MigrationSecrets {
  updateClientSecret(id: string, update: SecretUpdate): Promise<void>;
  updatePassword(id: string, update: SecretUpdate): Promise<void>;
}

/** Names compare without case, surrounding spaces or Unicode form: "API", " api" and "Api" clash. */
export function nameKey(name: string): string {
  return credentialNameKey(name);
}

export class StoreConfigRepository implements ConfigRepository {
  readonly #store: KeyValueStore;
  #configs: Map<string, CredentialConfig>;
  readonly #invalid: Record<string, unknown>;
  readonly #readOnlyReason: string | null;

  constructor(
    store: KeyValueStore,
    configs: Record<string, CredentialConfig>,
    invalid: Record<string, unknown>,
    readOnlyReason: string | null,
  ) {
    this.#store = store;
    this.#configs = new Map(Object.entries(configs));
    this.#invalid = invalid;
    this.#readOnlyReason = readOnlyReason;
  }

  /** Every id the file holds, shown or not (records kept as invalid count too). */
  storedIds(): Set<string> {
    return new Set([...this.#configs.keys(), ...Object.keys(this.#invalid)]);
  }

  /** Set when the file is not ours to change (newer format, unknown shape, blocked migration). */
  get readOnlyReason(): string | null {
    return this.#readOnlyReason;
  }

  async list(): Promise<CredentialConfig[]> {
    return this.sorted().map((config) => structuredClone(config));
  }

  /** List order, shared (not copies): callers must not change them. */
  sorted(): readonly CredentialConfig[] {
    return [...this.#configs.values()].sort(
      (a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name),
    );
  }

  async get(id: string): Promise<CredentialConfig | undefined> {
    const config = this.#configs.get(id);
    return config ? structuredClone(config) : undefined;
  }

  async save(config: CredentialConfig): Promise<void> {
    const key = nameKey(config.name);
    const clash = [...this.#configs.values()].find(
      (c) => c.id !== config.id && nameKey(c.name) === key,
    );
    if (clash) {
      throw new AppError({
        code: 'conflict',
        message: `A credential named "${clash.name}" already exists (names are compared without case). Choose another name.`,
        fields: { name: 'This name is already used by another credential' },
      });
    }
    const next = new Map(this.#configs);
    next.set(config.id, structuredClone(config));
    this.#write(next);
  }

  async delete(id: string): Promise<void> {
    if (!this.#configs.has(id)) return;
    const next = new Map(this.#configs);
    next.delete(id);
    this.#write(next);
  }

  /** One write of the whole map; memory changes only after the write succeeded. */
  #write(next: Map<string, CredentialConfig>): void {
    if (this.#readOnlyReason)
      throw new AppError({ code: 'storage_failed', message: this.#readOnlyReason });
    this.#store.set(KEY_CREDENTIALS, { ...this.#invalid, ...Object.fromEntries(next) });
    this.#configs = next;
  }
}

export interface OpenConfigRepositoryOptions {
  store: KeyValueStore;
  secrets: MigrationSecrets;
  now?: () => number;
}

/** Loads (and if needed migrates) the configurations. Problems come back as `warnings`. */
export async function openConfigRepository(
  options: OpenConfigRepositoryOptions,
): Promise<{ repository: StoreConfigRepository; warnings: string[] }> {
  const { store, secrets } = options;
  const now = options.now ?? Date.now;
  const version = store.get(KEY_VERSION);
  const stored = store.get(KEY_CREDENTIALS);
  const shape = detectShape(version, stored);
  const warnings: string[] = [];

  // Parseable, but not a shape we know (credentials not a map or list, a version that is not a
  // number): treating it as empty would overwrite it on the next save. Keep it and say so.
  const unknownVersion = version !== undefined && typeof version !== 'number';
  const unknownCredentials =
    stored !== undefined && (typeof stored !== 'object' || stored === null);
  if (unknownVersion || unknownCredentials) {
    const reason =
      `The configuration file ${store.path} is not in a format OAuth Desk knows (damaged, or written by another program). ` +
      'It is left as it is and nothing will be saved to it: move it aside to start with an empty list, or restore it from a backup.';
    warnings.push(reason);
    return { repository: new StoreConfigRepository(store, {}, {}, reason), warnings };
  }

  if (shape === 'v0') {
    const migrated = migrateV0(stored as unknown[], now());
    warnings.push(...migrated.warnings);
    try {
      // Secrets first: if we crash before the config write, the old file still holds them and
      // the migration runs again (setting the same values). The reverse order could lose them.
      for (const secret of migrated.secrets) {
        const update: SecretUpdate = { kind: 'set', value: secret.value };
        if (secret.field === 'clientSecret') await secrets.updateClientSecret(secret.id, update);
        else await secrets.updatePassword(secret.id, update);
      }
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'the vault could not be written.';
      const blocked =
        `The configuration file ${store.path} is in an older format that keeps secrets in plain text, and they ` +
        `could not be moved into the vault: ${reason} It is left as it was; configurations can be viewed but not ` +
        'changed until this is fixed and OAuth Desk is restarted.';
      warnings.push(blocked);
      return {
        repository: new StoreConfigRepository(
          store,
          migrated.credentials,
          migrated.invalid,
          blocked,
        ),
        warnings,
      };
    }
    store.set(KEY_CREDENTIALS, { ...migrated.invalid, ...migrated.credentials });
    store.set(KEY_VERSION, CONFIG_SCHEMA_VERSION);
    if (migrated.secrets.length > 0) {
      warnings.push(
        `Moved ${migrated.secrets.length} secret(s) from the old configuration file into the encrypted vault. ` +
          'Backups of the old file still hold them in plain text: delete those backups.',
      );
    }
    return {
      repository: new StoreConfigRepository(store, migrated.credentials, migrated.invalid, null),
      warnings,
    };
  }

  const credentials: Record<string, CredentialConfig> = {};
  const invalid: Record<string, unknown> = {};
  const entries = typeof stored === 'object' && stored !== null ? Object.entries(stored) : [];
  for (const [id, value] of entries) {
    const parsed = parseStoredConfig(id, value);
    if ('config' in parsed) {
      credentials[id] = parsed.config;
      warnings.push(...parsed.notes);
    } else {
      invalid[id] = value;
      warnings.push(
        `The stored configuration "${id}" in ${store.path} is not valid (${parsed.problem}); it is kept in the file but not shown.`,
      );
    }
  }
  let readOnlyReason: string | null = null;
  if (shape === 'newer') {
    readOnlyReason =
      `The configuration file ${store.path} was written by a newer version of OAuth Desk (format ${String(version)}). ` +
      'Update OAuth Desk to change configurations; this version will not overwrite it.';
    warnings.push(readOnlyReason);
  } else if (version !== CONFIG_SCHEMA_VERSION) {
    store.set(KEY_VERSION, CONFIG_SCHEMA_VERSION);
  }
  return {
    repository: new StoreConfigRepository(store, credentials, invalid, readOnlyReason),
    warnings,
  };
}
