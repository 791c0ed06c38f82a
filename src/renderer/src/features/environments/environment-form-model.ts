// The environment editor's values and how they become what environments:save takes. Blank
// fields are left unset, so they inherit the credential's; the same schema main checks with
// names what is wrong before anything is sent.
import type { CredentialConfig } from '../../../../shared/credential';
import {
  DEFAULT_ENVIRONMENT_ID,
  environmentSchema,
  type EnvironmentDraft,
} from '../../../../shared/environment';
import type {
  CredentialEnvironment,
  EnvironmentColor,
  EnvironmentVariable,
} from '../../../../shared/environment-types';
import type { RequestExtra } from '../../../../shared/request-extras';

/** The fields an environment can set for itself, in the order the editor shows them. */
export const OVERRIDE_FIELDS = [
  { key: 'issuer', label: 'Issuer' },
  { key: 'authorizationUrl', label: 'Authorization URL' },
  { key: 'tokenUrl', label: 'Token URL' },
  { key: 'deviceAuthorizationUrl', label: 'Device authorization URL' },
  { key: 'revocationUrl', label: 'Revocation URL' },
  { key: 'clientId', label: 'Client ID' },
  { key: 'audience', label: 'Audience' },
  { key: 'resource', label: 'Resource' },
  { key: 'scopes', label: 'Scopes' },
] as const;
export type OverrideKey = (typeof OVERRIDE_FIELDS)[number]['key'];

export interface EnvironmentFormValues {
  /** Unset for a new environment: main gives it an id. */
  id?: string;
  name: string;
  color: EnvironmentColor;
  production: boolean;
  overrides: Record<OverrideKey, string>;
  /** Set: these extra parameters and headers replace the credential's; unset: inherited. */
  overrideExtras: boolean;
  requestExtras: RequestExtra[];
  variables: EnvironmentVariable[];
}

/** The environment every credential starts with is the credential's own fields: it overrides nothing. */
export const isOwnEnvironment = (values: Pick<EnvironmentFormValues, 'id'>) =>
  values.id === DEFAULT_ENVIRONMENT_ID;

export function valuesOf(
  env: CredentialEnvironment | undefined,
  base: CredentialConfig,
): EnvironmentFormValues {
  const overrides = Object.fromEntries(
    OVERRIDE_FIELDS.map(({ key }) => [key, env?.[key] ?? '']),
  ) as Record<OverrideKey, string>;
  return {
    ...(env ? { id: env.id } : {}),
    name: env?.name ?? '',
    color: env?.color ?? 'blue',
    production: env?.production ?? false,
    overrides,
    overrideExtras: env?.requestExtras !== undefined,
    requestExtras: env?.requestExtras ?? base.requestExtras,
    variables: env?.variables ?? [],
  };
}

/** What the credential gives a field this environment leaves blank: shown as its placeholder. */
export function inheritedValue(base: CredentialConfig, key: OverrideKey): string {
  return base[key] ?? '';
}

export function toDraft(values: EnvironmentFormValues): EnvironmentDraft {
  const overrides: Partial<Record<OverrideKey, string>> = {};
  if (!isOwnEnvironment(values)) {
    for (const { key } of OVERRIDE_FIELDS) {
      const value = values.overrides[key].trim();
      if (value !== '') overrides[key] = value;
    }
  }
  return {
    ...(values.id ? { id: values.id } : {}),
    name: values.name.trim(),
    color: values.color,
    production: values.production,
    ...overrides,
    ...(values.overrideExtras && !isOwnEnvironment(values)
      ? { requestExtras: values.requestExtras }
      : {}),
    // A row left entirely empty is not a variable.
    variables: values.variables.filter((row) => row.name.trim() !== '' || row.value !== ''),
  };
}

/**
 * Field -> message, as main would answer (one message per field, the first found). `others` are
 * the credential's other environments: two of the same name would be one switcher choice.
 */
export function validateEnvironment(
  values: EnvironmentFormValues,
  others: readonly CredentialEnvironment[],
): Record<string, string> {
  const draft = toDraft(values);
  const errors: Record<string, string> = {};
  const parsed = environmentSchema.safeParse({ ...draft, id: draft.id ?? 'new-environment' });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  }
  const name = draft.name.toLowerCase();
  if (!errors.name && others.some((env) => env.id !== draft.id && env.name.toLowerCase() === name))
    errors.name = `This credential already has an environment called "${draft.name}": choose another name.`;
  return errors;
}
