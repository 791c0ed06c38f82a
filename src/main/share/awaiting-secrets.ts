// Which imported credentials still wait for a secret their source said they had (a share file's
// `hasClientSecret`). Secrets a grant requires are known from the configuration alone; these
// markers cover the rest (a confidential authorization-code client). A marker is dropped once
// the secret is stored, so clearing it later on purpose does not flag the credential again.
//   <dataDir>/awaiting-secrets.json  { "version": 1, "awaiting": { "<id>": ["clientSecret"] } }
import { join } from 'node:path';
import { checkGrantFields, type CredentialConfig } from '../../shared/credential';
import { SECRET_KINDS, type AwaitingSecret, type SecretKind } from '../../shared/share';
import { readJsonFile, writeJsonFileAtomic } from '../vault/atomic-file';

export const AWAITING_SECRETS_FILE = 'awaiting-secrets.json';

interface Presence {
  hasClientSecret: boolean;
  hasPassword: boolean;
}

const isKind = (value: unknown): value is SecretKind => SECRET_KINDS.includes(value as SecretKind);

function accept(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1
  );
}

/** The secrets a configuration needs and does not have, by the grant's rules alone. */
export function requiredMissing(config: CredentialConfig, presence: Presence): SecretKind[] {
  const problems = checkGrantFields(config, presence);
  const missing = new Set<SecretKind>();
  if (problems.clientSecret || problems.pkce) missing.add('clientSecret');
  if (problems.password) missing.add('password');
  return [...missing];
}

const has = (presence: Presence, kind: SecretKind) =>
  kind === 'clientSecret' ? presence.hasClientSecret : presence.hasPassword;

export interface AwaitingSecretsStore {
  /** Adds markers; written before the credentials they concern, so a failed write imports nothing. */
  mark(markers: Record<string, SecretKind[]>): void;
  /**
   * Every credential missing a secret, by marker or by grant rule, and every environment
   * (`<credential>~<environment id>`) marked for a client secret of its own that it does not
   * have yet; fulfilled markers are dropped.
   */
  list(
    credentials: Array<{ config: CredentialConfig } & Presence>,
    environments?: Array<{ id: string; name: string; hasClientSecret: boolean }>,
  ): AwaitingSecret[];
  warnings: string[];
}

export function openAwaitingSecrets(dataDir: string): AwaitingSecretsStore {
  const path = join(dataDir, AWAITING_SECRETS_FILE);
  const warnings: string[] = [];
  const read = readJsonFile(path, { describe: 'list of credentials waiting for a secret', accept });
  if (read.kind === 'quarantined') warnings.push(read.warning);
  const markers = new Map<string, SecretKind[]>();
  if (read.kind === 'ok') {
    const stored = (read.value as { awaiting?: unknown }).awaiting;
    if (stored && typeof stored === 'object') {
      for (const [id, kinds] of Object.entries(stored)) {
        if (Array.isArray(kinds)) markers.set(id, kinds.filter(isKind));
      }
    }
  }
  const persist = () =>
    writeJsonFileAtomic(path, { version: 1, awaiting: Object.fromEntries(markers) });

  return {
    warnings,
    mark(added) {
      const next = new Map(markers);
      for (const [id, kinds] of Object.entries(added)) {
        if (kinds.length > 0) next.set(id, [...new Set([...(next.get(id) ?? []), ...kinds])]);
      }
      const previous = new Map(markers);
      markers.clear();
      for (const [id, kinds] of next) markers.set(id, kinds);
      try {
        persist();
      } catch (error) {
        markers.clear();
        for (const [id, kinds] of previous) markers.set(id, kinds);
        throw error;
      }
    },
    list(credentials, environments = []) {
      // Markers of ids not listed are kept: an import writes them just before its credentials.
      let changed = false;
      const out: AwaitingSecret[] = [];
      // An environment waits only by marker: without one it inherits the credential's secret.
      for (const env of environments) {
        const marked = markers.get(env.id) ?? [];
        if (marked.length === 0) continue;
        if (env.hasClientSecret) {
          changed = true;
          markers.delete(env.id);
        } else out.push({ id: env.id, name: env.name, missing: ['clientSecret'] });
      }
      for (const credential of credentials) {
        const id = credential.config.id;
        const marked = markers.get(id) ?? [];
        const stillMarked = marked.filter((kind) => !has(credential, kind));
        if (stillMarked.length !== marked.length) {
          changed = true;
          if (stillMarked.length > 0) markers.set(id, stillMarked);
          else markers.delete(id);
        }
        const missing = [
          ...new Set([...stillMarked, ...requiredMissing(credential.config, credential)]),
        ];
        if (missing.length > 0)
          out.push({
            id,
            name: credential.config.name,
            missing: SECRET_KINDS.filter((k) => missing.includes(k)),
          });
      }
      // Pruning is housekeeping: a failed write only means the same pruning happens next time.
      if (changed) {
        try {
          persist();
        } catch {
          /* kept in memory; retried on the next change */
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
