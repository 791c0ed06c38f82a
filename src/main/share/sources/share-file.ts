// Reads OAuth Desk's own share files. The version is checked before anything else, so a file
// from a newer OAuth Desk is refused with that reason rather than a list of unknown fields.
import { describeIssues } from '../../common/schema-issues';
import { foldLegacyExtras } from '../../../shared/request-extras';
import { SHARE_FORMAT, SHARE_VERSION, shareFileSchema } from '../../../shared/share';
import {
  parseJsonFile,
  unreadable,
  type ImportCandidate,
  type SourceFile,
  type SourceRead,
} from './candidate';

export function isShareFile(document: unknown): boolean {
  return (
    typeof document === 'object' &&
    document !== null &&
    (document as { format?: unknown }).format === SHARE_FORMAT
  );
}

export function readShareFile(
  file: SourceFile,
  document: unknown = parseJsonFile(file),
): SourceRead {
  const version = (document as { version?: unknown }).version;
  if (typeof version === 'number' && version > SHARE_VERSION) {
    throw unreadable(
      file.name,
      `was written by a newer OAuth Desk (file format version ${version}); this version reads versions up to ${SHARE_VERSION}. Update OAuth Desk to import it. Nothing was imported.`,
    );
  }
  const notes: string[] = [];
  const parsed = shareFileSchema.safeParse(withLegacyExtrasFolded(document, notes));
  if (!parsed.success) {
    const problems = describeIssues(parsed.error);
    throw unreadable(
      file.name,
      `is damaged or not an OAuth Desk export (${problems}). Nothing was imported.`,
    );
  }
  const candidates: ImportCandidate[] = parsed.data.credentials.map((entry) => ({
    origin: file.name,
    fields: { ...entry.configuration },
    secrets: {},
    secretMarkers: [
      ...(entry.hasClientSecret ? (['clientSecret'] as const) : []),
      ...(entry.hasPassword ? (['password'] as const) : []),
    ],
    notes: [],
    ...(entry.environments ? { environments: entry.environments } : {}),
    environmentSecretMarkers: entry.environmentsWithClientSecret.filter((id) =>
      entry.environments?.some((env) => env.id === id),
    ),
  }));
  const count = candidates.length;
  return {
    description: `OAuth Desk export ${file.name} with ${count} credential${count === 1 ? '' : 's'}`,
    candidates,
    variables: {},
    warnings: notes,
  };
}

/**
 * Version 1 files hold `extraAuthParams` and `extraTokenParams`; they become `requestExtras` before
 * the file is checked (the schema would otherwise drop them unseen). Rows the flow sets itself never
 * took effect and are left out, named in a note.
 */
function withLegacyExtrasFolded(document: unknown, notes: string[]): unknown {
  const credentials = (document as { credentials?: unknown }).credentials;
  if (!Array.isArray(credentials)) return document;
  return {
    ...(document as Record<string, unknown>),
    credentials: credentials.map((entry: unknown) => {
      const configuration = (entry as { configuration?: unknown } | null)?.configuration;
      if (typeof configuration !== 'object' || configuration === null) return entry;
      const { value, dropped } = foldLegacyExtras(configuration as Record<string, unknown>);
      if (dropped.length) {
        notes.push(
          `Extra parameters that OAuth Desk sets itself (${[...new Set(dropped)].join(', ')}) were left out: they never took effect.`,
        );
      }
      return { ...(entry as Record<string, unknown>), configuration: value };
    }),
  };
}
