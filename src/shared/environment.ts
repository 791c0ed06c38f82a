// Environments of a credential: QA, Staging, Production of one API. Each names the fields that
// differ there (endpoints, client, audience, scopes, extra parameters); a field it leaves unset is
// the credential's. Tokens are kept per environment (see `vaultSlotId`), so switching never hands
// out a token another environment issued. Secrets (an environment's own client secret) stay in
// the vault; nothing here holds one.
import { z } from 'zod';
import {
  ENVIRONMENT_COLORS,
  type CredentialEnvironment,
  type EnvironmentVariable,
} from './environment-types';
import { optionalEndpoint } from './credential';
import { requestExtrasSchema } from './request-extras';

export {
  ENVIRONMENT_COLORS,
  type CredentialEnvironment,
  type EnvironmentColor,
  type EnvironmentMarker,
  type EnvironmentVariable,
} from './environment-types';
// How an environment is chosen and what it resolves to: free of zod, so the renderer's first
// screen (the switcher, the markers) uses the same decisions without loading the schemas.
export * from './environment-resolve';

/** An environment id is part of a vault slot name: plain characters only. */
const ENVIRONMENT_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** `{{name}}` in the tester: letters, digits, `_`, `-` and `.`, starting with a letter or `_`. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/u;

const unsetWhenBlank = (schema: z.ZodType<string>) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    schema.optional(),
  );

/** Set replaces the credential's list; unset inherits it. */
const extrasOverride = z.preprocess(
  (v) => (v === null ? undefined : v),
  requestExtrasSchema.optional(),
);

export const environmentVariableSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      VARIABLE_NAME,
      'Variable name must start with a letter or _ and hold only letters, digits, _, - and . (as in {{baseUrl}})',
    ),
  value: z.string().max(4096),
});

export const environmentSchema = z.object({
  id: z.string().regex(ENVIRONMENT_ID, 'Environment id must be 1-40 letters, digits, _ or -'),
  name: z
    .string()
    .trim()
    .min(1, 'Environment name is required')
    .max(40, 'Environment name must be at most 40 characters')
    .refine(
      (value) => !INVISIBLE_OR_CONTROL.test(value),
      'Environment name must not contain control, bidirectional-override or zero-width characters',
    ),
  color: z.enum(ENVIRONMENT_COLORS).default('grey'),
  /** Marked wherever it is active, so nobody sends a test request to it unaware. */
  production: z.boolean().default(false),
  authorizationUrl: optionalEndpoint('Authorization URL'),
  tokenUrl: optionalEndpoint('Token URL'),
  deviceAuthorizationUrl: optionalEndpoint('Device authorization URL'),
  revocationUrl: optionalEndpoint('Revocation URL'),
  /** The issuer Discover reads (`/.well-known/...`) and callbacks' `iss` is checked against. */
  issuer: unsetWhenBlank(z.string().trim().max(2048)),
  clientId: unsetWhenBlank(z.string().trim().max(512)),
  audience: unsetWhenBlank(z.string().trim().max(2048)),
  resource: unsetWhenBlank(z.string().trim().max(2048)),
  scopes: unsetWhenBlank(z.string().trim().max(4096)),
  requestExtras: extrasOverride,
  /** `{{name}}` values for the request tester's URL and headers. Not secrets: shown and exported. */
  variables: z
    .array(environmentVariableSchema)
    .max(50)
    .default([])
    .superRefine((variables, ctx) => {
      const seen = new Set<string>();
      for (const { name } of variables) {
        if (seen.has(name))
          ctx.addIssue({ code: 'custom', message: `Variable "${name}" is defined twice` });
        seen.add(name);
      }
    }),
});
// The schema and the plain type (environment-types.ts) must describe the same thing.
type Parsed = z.infer<typeof environmentSchema>;
const _schemaMatchesType = (parsed: Parsed): CredentialEnvironment => parsed;
const _typeMatchesSchema = (plain: CredentialEnvironment): Parsed => plain;
const _variableMatches = (v: z.infer<typeof environmentVariableSchema>): EnvironmentVariable => v;
export type CredentialEnvironmentInput = z.input<typeof environmentSchema>;
/** An environment as the form sends it: without `id` it is a new one. */
export type EnvironmentDraft = Omit<CredentialEnvironmentInput, 'id'> & { id?: string };

export const environmentListSchema = z
  .array(environmentSchema)
  .min(1)
  .max(20, 'A credential can have at most 20 environments')
  .superRefine((list, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const env of list) {
      const key = env.name.toLowerCase();
      if (ids.has(env.id) || names.has(key))
        ctx.addIssue({ code: 'custom', message: `Environment "${env.name}" appears twice` });
      ids.add(env.id);
      names.add(key);
    }
  });
