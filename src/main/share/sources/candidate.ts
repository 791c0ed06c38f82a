// What every importer produces: a credential as read from a file, before names are checked
// against the credentials already stored. Field values may still hold `{{variables}}`.
import { AppError } from '../../../shared/errors';
import type { CredentialEnvironment } from '../../../shared/environment';
import type { SecretKind } from '../../../shared/share';

export interface ImportCandidate {
  /** Where it came from, for the preview: "Payments API / Admin / List users". */
  origin: string;
  /** Configuration fields in the credential schema's terms (validated later, in one place). */
  fields: Record<string, unknown>;
  /** Secret values found in the file; they go into the vault, never into the configuration. */
  secrets: Partial<Record<SecretKind, string>>;
  /** Secrets the source says exist but does not include (a share file's `hasClientSecret`). */
  secretMarkers: SecretKind[];
  /** What could not be carried over, in words. */
  notes: string[];
  /** Its environments (an OAuth Desk export); absent: one Default environment. */
  environments?: CredentialEnvironment[];
  /** Ids of the environments whose own client secret the source had and does not give. */
  environmentSecretMarkers?: string[];
}

export interface SourceRead {
  description: string;
  candidates: ImportCandidate[];
  /** name -> value, from an environment or the collection's own variables. */
  variables: Record<string, string>;
  warnings: string[];
}

export interface SourceFile {
  name: string;
  text: string;
}

/** A file that cannot be read: the message names the file and the problem. Nothing is imported. */
export function unreadable(file: string, problem: string): AppError {
  return new AppError({
    code: 'validation',
    message: `${file}: ${problem}`,
    fields: { file: problem },
  });
}

/** Parses JSON, turning a syntax error into a message that names the file and where it broke. */
export function parseJsonFile(file: SourceFile): unknown {
  try {
    return JSON.parse(file.text);
  } catch (error) {
    // V8's message quotes the text around the error, which may be a secret: give only where it broke.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = position ? ` at ${lineAndColumn(file.text, Number(position[1]))}` : '';
    throw unreadable(
      file.name,
      `is not valid JSON (it breaks off or has a syntax error${where}). Export the file again; nothing was imported.`,
    );
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Non-empty trimmed text, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Drops undefined values so a missing field takes the schema's default. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** Joins the path of a nested item for names and origins. */
export function joinPath(parts: Array<string | undefined>): string {
  return parts
    .filter((p): p is string => Boolean(p && p.trim()))
    .map((p) => p.trim())
    .join(' / ');
}

/** Redirect URIs that belong to another tool's own web callback page: OAuth Desk cannot receive them. */
const OTHER_TOOL_CALLBACKS = [
  /^https:\/\/oauth\.pstmn\.io\//i,
  /^https:\/\/(www\.)?getpostman\.com\/oauth2\/callback/i,
];

/** Keeps the source's redirect URI unless it is another tool's hosted callback; says so when dropped. */
export function redirectFrom(value: string | undefined, notes: string[]): string | undefined {
  if (!value) return undefined;
  if (OTHER_TOOL_CALLBACKS.some((pattern) => pattern.test(value))) {
    notes.push(
      `Redirect URI ${value} is the other tool's own callback page; OAuth Desk uses oauthdesk://callback instead (register it at the provider).`,
    );
    return undefined;
  }
  return value;
}

/**
 * RFC 9700 §2.1.1: public clients use PKCE. A source that turned PKCE off for a client without a
 * secret gets S256, and the preview says so; with a secret, PKCE stays off as configured.
 */
export function pkceFor(
  grantType: string | undefined,
  requested: 'S256' | 'plain' | 'off',
  hasSecret: boolean,
  notes: string[],
) {
  if (grantType !== 'authorization_code') return undefined;
  if (requested === 'off' && !hasSecret) {
    notes.push(
      'PKCE (S256) turned on: the source had it off for a client without a client secret, which OAuth Desk allows only for confidential clients.',
    );
    return 'S256' as const;
  }
  return requested;
}
