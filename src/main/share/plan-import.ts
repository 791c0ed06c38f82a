// Decides, without writing anything, what an import would do: each candidate's configuration
// checked by the credential schema (the same rules as the form), its name checked against the
// stored credentials, the secrets it brings and the ones it will ask for. The preview the user
// sees and the plan that is applied come from this one function, so they cannot disagree.
import {
  checkGrantFields,
  credentialNameKey,
  credentialFieldsSchema,
  type CredentialConfig,
  type CredentialFields,
} from '../../shared/credential';
import {
  SECRET_KINDS,
  type ImportPreview,
  type ImportPreviewItem,
  type ImportSource,
  type SecretKind,
} from '../../shared/share';
import type { CredentialEnvironment } from '../../shared/environment';
import { requiredMissing } from './awaiting-secrets';
import { canonicalJson } from './canonical-json';
import { resolveCandidate } from './resolve-variables';
import type { ImportCandidate, SourceRead } from './sources/candidate';

export interface PlannedItem {
  preview: ImportPreviewItem;
  /** Present when the configuration is valid. */
  fields?: CredentialFields;
  secrets: ImportCandidate['secrets'];
  /** Secrets to flag after import: the source had them, the file does not give them. */
  markers: SecretKind[];
  /** The credential's environments from the file; absent: one Default environment. */
  environments?: CredentialEnvironment[];
  /** Ids of the environments to flag for a client secret of their own. */
  environmentMarkers: string[];
}

export interface ImportPlan {
  preview: ImportPreview;
  items: PlannedItem[];
}

const MAX_NAME = 120;
const SECRET_PROBLEM_KEYS = new Set(['clientSecret', 'password', 'actorToken', 'pkce']);

function problemsOf(fields: Record<string, unknown>): {
  parsed?: CredentialFields;
  problems: Record<string, string>;
} {
  const result = credentialFieldsSchema.safeParse(fields);
  if (!result.success) {
    const problems: Record<string, string> = {};
    for (const issue of result.error.issues)
      problems[String(issue.path[0] ?? 'configuration')] ??= issue.message;
    return { problems };
  }
  // Secrets are asked for after import, so only the field rules of the grant apply here.
  const grantProblems = checkGrantFields(result.data, { hasClientSecret: true, hasPassword: true });
  const problems = Object.fromEntries(
    Object.entries(grantProblems).filter(([key]) => !SECRET_PROBLEM_KEYS.has(key)),
  );
  return Object.keys(problems).length > 0 ? { problems } : { parsed: result.data, problems };
}

function uniqueName(wanted: string, taken: Set<string>): string {
  const base = wanted.trim().slice(0, MAX_NAME) || 'Imported credential';
  let name = base;
  for (let n = 2; taken.has(credentialNameKey(name)); n += 1) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
  }
  taken.add(credentialNameKey(name));
  return name;
}

/** Same settings found in several places (a request repeating its folder's auth): imported once. */
function sameSettingsKey(candidate: ImportCandidate): string {
  const { name: _name, ...rest } = candidate.fields;
  return canonicalJson({ fields: rest, secrets: candidate.secrets });
}

/** What the preview says of the environments a file brings (the Default one alone says nothing). */
function environmentNotes(
  candidate: ImportCandidate,
  markers: string[],
  replacing: boolean,
): string[] {
  const list = candidate.environments ?? [];
  if (list.length <= 1) return [];
  const names = list.map((env) => env.name).join(', ');
  const notes = [`Environments: ${names}.`];
  const own = list.filter((env) => markers.includes(env.id)).map((env) => env.name);
  if (own.length)
    notes.push(
      `${own.join(', ')} had a client secret of ${own.length === 1 ? 'its' : 'their'} own: asked for under Waiting for secrets.`,
    );
  if (replacing)
    notes.push('Replacing keeps the stored credential’s environments: import as new to get these.');
  return notes;
}

export function planImport(
  source: ImportSource,
  read: SourceRead,
  existing: CredentialConfig[],
  userVariables: Record<string, string>,
): ImportPlan {
  const templated = source !== 'oauth-desk';
  const variables = { ...read.variables, ...userVariables };
  const existingByName = new Map(existing.map((c) => [credentialNameKey(c.name), c]));
  const namesInImport = new Set<string>();
  const seen = new Map<string, PlannedItem>();
  const items: PlannedItem[] = [];

  read.candidates.forEach((original, index) => {
    const { candidate, unresolved } = templated
      ? resolveCandidate(original, variables)
      : { candidate: original, unresolved: [] };
    const dedupeKey = sameSettingsKey(candidate);
    // Only other tools repeat one auth block across requests; an OAuth Desk file lists distinct credentials.
    const twin = templated ? seen.get(dedupeKey) : undefined;
    if (twin) {
      twin.preview.notes.push(`Same settings also at ${candidate.origin}: imported once.`);
      return;
    }
    const notes = [...candidate.notes];
    const requestedName =
      typeof candidate.fields.name === 'string' ? candidate.fields.name : candidate.origin;
    const name = uniqueName(requestedName, namesInImport);
    if (name !== requestedName.trim())
      notes.push(`Renamed to “${name}”: another credential in this import has the same name.`);
    const { parsed, problems } = problemsOf({ ...candidate.fields, name });

    const secretsFound = SECRET_KINDS.filter((kind) => candidate.secrets[kind] !== undefined);
    const presence = {
      hasClientSecret: secretsFound.includes('clientSecret'),
      hasPassword: secretsFound.includes('password'),
    };
    const markers = candidate.secretMarkers.filter((kind) => !secretsFound.includes(kind));
    const needed = new Set<SecretKind>([
      ...markers,
      ...(parsed
        ? requiredMissing({ ...parsed, id: '', createdAt: 0, updatedAt: 0 }, presence)
        : []),
    ]);
    const clash = existingByName.get(credentialNameKey(name));
    const environmentMarkers = candidate.environmentSecretMarkers ?? [];
    notes.push(...environmentNotes(candidate, environmentMarkers, Boolean(clash)));
    const item: PlannedItem = {
      preview: {
        key: String(index),
        name,
        origin: candidate.origin,
        grantType:
          typeof candidate.fields.grantType === 'string' ? candidate.fields.grantType : 'unknown',
        status: clash ? 'conflict' : 'create',
        ...(clash ? { existingId: clash.id } : {}),
        secretsFound,
        secretsNeeded: SECRET_KINDS.filter((kind) => needed.has(kind)),
        unresolvedVariables: unresolved,
        problems,
        notes,
      },
      ...(parsed ? { fields: parsed } : {}),
      secrets: candidate.secrets,
      markers,
      ...(candidate.environments ? { environments: candidate.environments } : {}),
      environmentMarkers,
    };
    seen.set(dedupeKey, item);
    items.push(item);
  });

  const unresolvedVariables = [
    ...new Set(items.flatMap((item) => item.preview.unresolvedVariables)),
  ].sort();
  return {
    preview: {
      source,
      description: read.description,
      items: items.map((i) => i.preview),
      unresolvedVariables,
      warnings: read.warnings,
    },
    items,
  };
}
