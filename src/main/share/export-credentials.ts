// Builds share files from stored configurations. The mapping is generic: every field of the
// configuration schema is exported as it is, so a field added to the schema later comes along
// without a change here; only identity and timestamps stay behind (they belong to this machine).
// Secrets are not in the configuration at all (they live in the vault); as a second line of
// defence any key whose name says it holds a secret is dropped too.
import type { CredentialConfig } from '../../shared/credential';
import { SHARE_FORMAT, SHARE_VERSION, type ExportedFile } from '../../shared/share';
import { canonicalJson } from './canonical-json';
import { environmentsOf, type CredentialEnvironment } from '../../shared/environment';

/** What a share file must never carry, by field name (tokenUrl and username are fine). */
const SECRET_FIELD =
  /(secret|password|passphrase|private_?key|access_?token|refresh_?token|id_?token|assertion)$/i;
/**
 * Identity, timestamps and the signed-in accounts (who signed in here: names, emails, subjects,
 * extra usernames) belong to this machine; environments travel beside the configuration.
 */
const LOCAL_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'environments', 'accounts']);

export interface ExportEntry {
  config: CredentialConfig;
  hasClientSecret: boolean;
  hasPassword: boolean;
  /** Ids of the environments with a client secret of their own in the vault. */
  environmentsWithClientSecret?: string[];
}

export function shareableConfiguration(config: CredentialConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (LOCAL_FIELDS.has(key) || SECRET_FIELD.test(key) || value === undefined) continue;
    out[key] = value;
  }
  return out;
}

/** An environment as stored holds no secret; the same name rule drops one all the same. */
function shareableEnvironment(env: CredentialEnvironment): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(env).filter(([key, value]) => !SECRET_FIELD.test(key) && value !== undefined),
  );
}

export function shareFileText(entries: ExportEntry[]): string {
  return canonicalJson({
    format: SHARE_FORMAT,
    version: SHARE_VERSION,
    credentials: [...entries]
      .sort((a, b) => a.config.name.localeCompare(b.config.name))
      .map((entry) => ({
        configuration: shareableConfiguration(entry.config),
        hasClientSecret: entry.hasClientSecret,
        hasPassword: entry.hasPassword,
        environments: environmentsOf(entry.config).map(shareableEnvironment),
        environmentsWithClientSecret: entry.environmentsWithClientSecret ?? [],
      })),
  });
}

/** A file name safe on every file system: "Payments API (staging)" -> "payments-api-staging". */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'credential';
}

export function exportFiles(
  entries: ExportEntry[],
  layout: 'bundle' | 'per_credential',
): ExportedFile[] {
  if (layout === 'bundle')
    return [{ fileName: 'oauth-desk-credentials.json', text: shareFileText(entries) }];
  const used = new Set<string>();
  return entries.map((entry) => {
    const base = fileSlug(entry.config.name);
    let fileName = `${base}.oauth-desk.json`;
    for (let n = 2; used.has(fileName); n += 1) fileName = `${base}-${n}.oauth-desk.json`;
    used.add(fileName);
    return { fileName, text: shareFileText([entry]) };
  });
}
