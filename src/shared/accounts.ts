// Accounts of a credential: the users signed in to one environment of it, each with its own
// tokens (vault slot) and its own sign-in session partition. Ids, never names, go into slots and
// engine targets (`<credential>~<environment>~<account>`), so a `~` in a name cannot make one
// ambiguous. An environment that lists no account has one, the "first": it keeps the slot and the
// session partition the environment had before accounts existed, so no token ever moves. The
// plain functions are in account-resolve.ts; this file adds the schemas.
import { z } from 'zod';
import { ACCOUNT_NAME_SOURCES, type CredentialAccount } from './account-types';
import { MAX_ACCOUNTS_PER_ENVIRONMENT } from './account-resolve';
import { TARGET_SEPARATOR } from './environment-resolve';

export {
  ACCOUNT_NAME_SOURCES,
  type AccountMarker,
  type AccountNameSource,
  type CredentialAccount,
} from './account-types';
export * from './account-resolve';

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,40}$/;

const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/u;

export const accountNameSchema = z
  .string()
  .trim()
  .max(200, 'Account name must be at most 200 characters')
  .refine(
    (value) => !INVISIBLE_OR_CONTROL.test(value),
    'Account name must not contain control, bidirectional-override or zero-width characters',
  );

export const accountIdSchema = z
  .string()
  .regex(ACCOUNT_ID, 'Account id must be 1-40 letters, digits, _ or -');

export const accountSchema = z.object({
  id: accountIdSchema,
  environment: z.string().regex(ACCOUNT_ID),
  name: accountNameSchema,
  nameSource: z.enum(ACCOUNT_NAME_SOURCES),
  subject: z.string().max(255).optional(),
  username: z.string().trim().max(512).optional(),
  default: z.boolean(),
});
type Parsed = z.infer<typeof accountSchema>;
const _schemaMatchesType = (parsed: Parsed): CredentialAccount => parsed;
const _typeMatchesSchema = (plain: CredentialAccount): Parsed => plain;

export const accountListSchema = z.array(accountSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  const defaults = new Map<string, number>();
  const perEnvironment = new Map<string, number>();
  for (const account of list) {
    const key = `${account.environment}${TARGET_SEPARATOR}${account.id}`;
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', message: `Account "${account.id}" appears twice` });
    seen.add(key);
    perEnvironment.set(account.environment, (perEnvironment.get(account.environment) ?? 0) + 1);
    if (account.default)
      defaults.set(account.environment, (defaults.get(account.environment) ?? 0) + 1);
  }
  for (const [environment, count] of perEnvironment) {
    if (count > MAX_ACCOUNTS_PER_ENVIRONMENT)
      ctx.addIssue({
        code: 'custom',
        message: `An environment can have at most ${MAX_ACCOUNTS_PER_ENVIRONMENT} accounts ("${environment}" has ${count})`,
      });
  }
  for (const [environment, count] of defaults) {
    if (count > 1)
      ctx.addIssue({
        code: 'custom',
        message: `The environment "${environment}" has ${count} default accounts; it can have one`,
      });
  }
});
