// Sharing configurations: the OAuth Desk export file format, and the shapes of the import preview
// and result that cross IPC. The file never holds a secret: only markers (`hasClientSecret`) that
// say a secret exists and must be entered by whoever imports it.
import { z } from 'zod';
import { credentialFieldsSchema } from './credential';
import { environmentListSchema, environmentSchema } from './environment';

/** Written into every export; a reader refuses a file whose `format` is anything else. */
export const SHARE_FORMAT = 'oauth-desk.credentials';
/**
 * The version this build writes and the newest it reads. Raise it only for changes old readers would
 * misread. 2: extras per stage (`requestExtras`), which a version-1 reader would silently drop;
 * version 1's two extra lists are folded into them on import (share-file.ts). 3: a credential's
 * environments, which a version-2 reader would silently drop.
 */
export const SHARE_VERSION = 3;
/** The oldest version this build reads. */
export const OLDEST_SHARE_VERSION = 1;

/** The secrets a credential can have. Values never appear in a share file, a preview or a result. */
export const SECRET_KINDS = ['clientSecret', 'password'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
export const SECRET_LABELS: Record<SecretKind, string> = {
  clientSecret: 'client secret',
  password: 'password',
};

/** One credential in a share file: its configuration and which secrets it had (never their values). */
export const sharedCredentialSchema = z.object({
  configuration: credentialFieldsSchema,
  hasClientSecret: z.boolean().default(false),
  hasPassword: z.boolean().default(false),
  /**
   * Its environments as stored: overrides, colour, production flag, variables. Never a secret:
   * an environment's own client secret lives in the vault. Absent (files before version 3): one
   * Default environment.
   */
  environments: environmentListSchema.optional(),
  /** The ids of the environments that had a client secret of their own (never its value). */
  environmentsWithClientSecret: z.array(environmentSchema.shape.id).max(20).default([]),
});
export type SharedCredential = z.output<typeof sharedCredentialSchema>;

export const shareFileSchema = z.object({
  format: z.literal(SHARE_FORMAT),
  version: z.number().int().min(OLDEST_SHARE_VERSION).max(SHARE_VERSION),
  credentials: z.array(sharedCredentialSchema).max(1000),
});
export type ShareFile = z.output<typeof shareFileSchema>;

/** The JSON Schema of the file, generated from the same zod schema the importer checks with. */
export function shareFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(shareFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: `https://oauth-desk.invalid/schema/${SHARE_FORMAT}.v${SHARE_VERSION}.json`,
    title: 'OAuth Desk credential configurations',
    description:
      'Credential configurations exported by OAuth Desk. Holds no secret, token, private key or passphrase: ' +
      'hasClientSecret, hasPassword and environmentsWithClientSecret only say that the exporting user had one.',
  };
}

// ---- IPC shapes ----------------------------------------------------------------------------

const MAX_FILE_CHARS = 4 * 1024 * 1024;

export const exportRequestSchema = z.object({
  /** Credential ids; empty means every credential. */
  ids: z.array(z.string().min(1).max(128)).max(1000).default([]),
  /** One file with all of them, or one file per credential. */
  layout: z.enum(['bundle', 'per_credential']).default('bundle'),
});

export interface ExportedFile {
  fileName: string;
  text: string;
}

/** Files chosen by the user: a share file, a Postman collection and environment, an Insomnia export, Bruno files. */
export const importFilesSchema = z
  .array(
    z.object({
      /** The file's name or its path inside a chosen folder (Bruno collections). */
      name: z.string().min(1).max(1024),
      text: z
        .string()
        .max(MAX_FILE_CHARS, 'File is larger than 4 MB: that is not a configuration export'),
    }),
  )
  .min(1, 'Choose a file to import')
  .max(2000);

/** What the user decided for one imported credential. */
export const importResolutionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create') }),
  z.object({
    action: z.literal('rename'),
    name: z.string().trim().min(1, 'Name is required').max(120),
  }),
  z.object({ action: z.literal('replace') }),
  z.object({ action: z.literal('skip') }),
]);
export type ImportResolution = z.infer<typeof importResolutionSchema>;

export const importPreviewRequestSchema = z.object({
  files: importFilesSchema,
  /** Values the user typed for `{{variables}}` the files left unresolved. */
  variables: z.record(z.string().min(1).max(256), z.string().max(4096)).default({}),
});

export const importApplyRequestSchema = importPreviewRequestSchema.extend({
  /** Keyed by `ImportPreviewItem.key`. An item without one is created, or refused if its name is taken. */
  resolutions: z.record(z.string().max(16), importResolutionSchema).default({}),
});

export const provideSecretsRequestSchema = z.object({
  id: z.string().min(1).max(128),
  clientSecret: z.string().min(1).max(8192).optional(),
  password: z.string().min(1).max(8192).optional(),
});

export type ImportSource = 'oauth-desk' | 'postman' | 'insomnia' | 'bruno';
export const IMPORT_SOURCE_LABELS: Record<ImportSource, string> = {
  'oauth-desk': 'OAuth Desk export',
  postman: 'Postman collection',
  insomnia: 'Insomnia export',
  bruno: 'Bruno collection',
};

export interface ImportPreviewItem {
  /** Stable for the same files: pass it back with a resolution. */
  key: string;
  name: string;
  /** Where it came from: "Payments API › Admin folder › List users". */
  origin: string;
  grantType: string;
  /** `create` when the name is free; `conflict` when a credential of that name exists (choose rename, replace or skip). */
  status: 'create' | 'conflict';
  existingId?: string;
  /** Secrets found in the file, moved into the encrypted vault on import. */
  secretsFound: SecretKind[];
  /** Secrets the credential needs that the file does not give: asked for after import. */
  secretsNeeded: SecretKind[];
  /** `{{variables}}` still unresolved in this credential's fields. */
  unresolvedVariables: string[];
  /** field -> what is wrong; an item with problems cannot be imported until fixed (a variable filled) or skipped. */
  problems: Record<string, string>;
  /** What was left out and why (token placement, header parameters...). */
  notes: string[];
}

export interface ImportPreview {
  source: ImportSource;
  /** e.g. "Postman collection “Payments API” with environment “Staging”". */
  description: string;
  items: ImportPreviewItem[];
  /** Every unresolved variable across the items, for one form to fill them. */
  unresolvedVariables: string[];
  /** About the files as a whole (a file that was not understood, an environment that was ignored). */
  warnings: string[];
}

export interface ImportOutcomeItem {
  key: string;
  name: string;
  action: 'created' | 'replaced' | 'skipped';
  id?: string;
  secretsStored: SecretKind[];
  secretsNeeded: SecretKind[];
}

export interface ImportOutcome {
  items: ImportOutcomeItem[];
  message: string;
}

/** A credential that cannot work until the user enters a secret (after an import, typically). */
export interface AwaitingSecret {
  id: string;
  name: string;
  missing: SecretKind[];
}
