// The credential form's model: its values, which fields each grant uses, and how the values
// become a `CredentialInputDraft`. Validation reuses the shared schema, so the form says what
// the main process would say.
import {
  DEFAULT_HEADER_PREFIX,
  DEFAULT_REDIRECT_URI,
  credentialInputSchema,
  checkGrantFields,
  type AuthorizeIn,
  type ClientAuthMethod,
  type ClientSecretUpdate,
  type CredentialFields,
  type CredentialInputDraft,
  type GrantType,
  type PkceMethod,
  type ProviderId,
  type SlackToken,
} from '../../../../shared/credential';
import {
  clientAuthOf,
  type ClientKeyAlg,
  type GeneratedClientKey,
} from '../../../../shared/client-auth';
import { grantOf } from '../../../../shared/grant-types';
import {
  TOKEN_PLACEMENT_FIELDS,
  type GrantFieldKey,
} from '../../../../shared/grants/grant-descriptor';
import { validationError } from '../../../../shared/ipc-contract';
import type { TokenPlacementKind, TokenToSend } from '../../../../shared/token-placement';
import type { CredentialSummary } from '../../../../shared/status';
import { STAGES_FOR_GRANT, type RequestExtra } from '../../../../shared/request-extras';
import { secretStateOf, secretUpdate, willHave, type SecretState } from './secret-state';
import { emptyTlsValues, tlsFields, tlsValuesFromConfig, type TlsFormValues } from './tls-values';
import {
  emptyExtensionValues,
  extensionInput,
  extensionValuesFrom,
  pastesActorToken,
  takesSubjectFromCredential,
  type ExtensionValues,
} from './extension-values';

export { pastesActorToken, takesSubjectFromCredential };

/** What the user types. Secrets are never filled from main: only what the user enters now. */
export interface FormValues extends ExtensionValues {
  name: string;
  group: string;
  provider: ProviderId;
  grantType: GrantType;
  clientId: string;
  clientAuth: ClientAuthMethod;
  /** private_key_jwt only: '' is "by key type". */
  clientKeyAlg: ClientKeyAlg | '';
  clientKeyId: string;
  /** private_key_jwt: a key made in main for this form; saved with it (the key stays in main). */
  generatedClientKey: GeneratedClientKey | null;
  pkce: PkceMethod;
  authorizationUrl: string;
  tokenUrl: string;
  deviceAuthorizationUrl: string;
  revocationUrl: string;
  introspectionUrl: string;
  userinfoUrl: string;
  pushedAuthorizationUrl: string;
  /** RFC 9126: Discover found that the server only takes pushed authorization requests. */
  requirePar: boolean;
  /** Push the authorization request (RFC 9126) though the server does not require it. */
  usePar: boolean;
  /** RFC 9449: DPoP-bound tokens. */
  dpop: boolean;
  issuer: string;
  /** RFC 9207: Discover found that the issuer sends iss in every sign-in response. */
  requireIss: boolean;
  redirectUri: string;
  scopes: string;
  audience: string;
  resource: string;
  /** Extra parameters and headers per stage of the flow (shared/request-extras.ts). */
  requestExtras: RequestExtra[];
  headerPrefix: string;
  /** How API calls carry the token (see shared/token-placement.ts). */
  sendToken: TokenToSend;
  tokenPlacement: TokenPlacementKind;
  tokenHeaderName: string;
  tokenQueryParam: string;
  username: string;
  authorizeIn: AuthorizeIn;
  /** Slack only: keep the bot or the user token. */
  slackToken: SlackToken;
  /** Send scope with refresh requests (Microsoft requires it). */
  scopeOnRefresh: boolean;
  /** RFC 8705 client certificate parts and the CA bundle (tls-values.ts). */
  tls: TlsFormValues;
  clientSecret: string;
  password: string;
  /** RFC 8693: a pasted actor token; write-only like the other secrets. */
  actorToken: string;
}

export type { SecretName, SecretState } from './secret-state';
export { secretStateOf, secretUpdate };

/** The fields a grant can use; every one of them is a form value (checked below). */
export type FieldKey = GrantFieldKey;
const _everyGrantFieldIsAValue: Record<GrantFieldKey, unknown> = {} as Pick<FormValues, FieldKey>;
void _everyGrantFieldIsAValue;

export { TOKEN_PLACEMENT_FIELDS };
export type TokenPlacementField = (typeof TOKEN_PLACEMENT_FIELDS)[number];

export function isTokenPlacementField(field: string): field is TokenPlacementField {
  return (TOKEN_PLACEMENT_FIELDS as readonly string[]).includes(field);
}

/** The form's main section for a grant, in reading order (the grant's descriptor decides). */
export function mainFieldsOf(grant: GrantType): readonly FieldKey[] {
  return grantOf(grant).fields;
}

/** The "Advanced" section for a grant. */
export function advancedFieldsOf(grant: GrantType): readonly FieldKey[] {
  return grantOf(grant).advanced;
}

export function fieldsFor(grant: GrantType): Set<FieldKey> {
  return new Set([...mainFieldsOf(grant), ...advancedFieldsOf(grant)]);
}

export function emptyValues(): FormValues {
  return {
    name: '',
    group: '',
    provider: 'custom',
    grantType: 'authorization_code',
    clientId: '',
    clientAuth: 'basic',
    clientKeyAlg: '',
    clientKeyId: '',
    generatedClientKey: null,
    pkce: 'S256',
    authorizationUrl: '',
    tokenUrl: '',
    deviceAuthorizationUrl: '',
    revocationUrl: '',
    introspectionUrl: '',
    userinfoUrl: '',
    pushedAuthorizationUrl: '',
    requirePar: false,
    usePar: false,
    dpop: false,
    issuer: '',
    requireIss: false,
    redirectUri: DEFAULT_REDIRECT_URI,
    scopes: '',
    audience: '',
    resource: '',
    requestExtras: [],
    headerPrefix: DEFAULT_HEADER_PREFIX,
    sendToken: 'access_token',
    tokenPlacement: 'header',
    tokenHeaderName: '',
    tokenQueryParam: '',
    username: '',
    authorizeIn: 'embedded',
    slackToken: 'bot',
    scopeOnRefresh: false,
    tls: emptyTlsValues(),
    ...emptyExtensionValues(),
    clientSecret: '',
    password: '',
    actorToken: '',
  };
}

/** Edit mode: the stored configuration, with both secret inputs blank. */
export function valuesFromSummary(summary: CredentialSummary): FormValues {
  const c = summary.config;
  return {
    ...emptyValues(),
    name: c.name,
    group: c.group ?? '',
    provider: c.provider,
    grantType: c.grantType,
    clientId: c.clientId,
    clientAuth: c.clientAuth,
    clientKeyAlg: c.clientKeyAlg ?? '',
    clientKeyId: c.clientKeyId ?? '',
    pkce: c.pkce,
    authorizationUrl: c.authorizationUrl ?? '',
    tokenUrl: c.tokenUrl ?? '',
    deviceAuthorizationUrl: c.deviceAuthorizationUrl ?? '',
    revocationUrl: c.revocationUrl ?? '',
    introspectionUrl: c.introspectionUrl ?? '',
    userinfoUrl: c.userinfoUrl ?? '',
    pushedAuthorizationUrl: c.pushedAuthorizationUrl ?? '',
    requirePar: c.requirePar ?? false,
    usePar: c.usePar ?? false,
    dpop: c.dpop ?? false,
    issuer: c.issuer ?? '',
    requireIss: c.requireIss ?? false,
    redirectUri: c.redirectUri,
    scopes: c.scopes,
    audience: c.audience ?? '',
    resource: c.resource ?? '',
    requestExtras: c.requestExtras.map((row) => ({ ...row })),
    headerPrefix: c.headerPrefix,
    sendToken: c.sendToken ?? 'access_token',
    tokenPlacement: c.tokenPlacement ?? 'header',
    tokenHeaderName: c.tokenHeaderName ?? '',
    tokenQueryParam: c.tokenQueryParam ?? '',
    username: c.username ?? '',
    authorizeIn: c.authorizeIn,
    slackToken: c.slackToken ?? 'bot',
    scopeOnRefresh: c.scopeOnRefresh ?? false,
    tls: tlsValuesFromConfig(c),
    ...extensionValuesFrom(c),
  };
}

/** The values as main expects them. Fields the chosen grant does not use are left out. */
export function toInput(values: FormValues, secrets: SecretState): CredentialInputDraft {
  const used = fieldsFor(values.grantType);
  const pick = <K extends FieldKey>(key: K): FormValues[K] | undefined =>
    used.has(key) ? values[key] : undefined;
  const signsWithKey =
    used.has('clientAuth') && clientAuthOf(values.clientAuth).material === 'private_key';
  const nonEmpty = (key: 'issuer'): string | undefined =>
    values[key].trim() === '' ? undefined : values[key];
  const fields: CredentialInputDraft['fields'] = {
    name: values.name,
    group: values.group,
    provider: values.provider,
    grantType: values.grantType,
    clientId: values.clientId,
    clientAuth: pick('clientAuth'),
    ...(signsWithKey
      ? {
          clientKeyAlg: values.clientKeyAlg === '' ? undefined : values.clientKeyAlg,
          clientKeyId: values.clientKeyId,
        }
      : {}),
    pkce: pick('pkce'),
    authorizationUrl: pick('authorizationUrl'),
    tokenUrl: pick('tokenUrl'),
    deviceAuthorizationUrl: pick('deviceAuthorizationUrl'),
    revocationUrl: pick('revocationUrl'),
    introspectionUrl: pick('introspectionUrl'),
    userinfoUrl: pick('userinfoUrl'),
    pushedAuthorizationUrl: pick('pushedAuthorizationUrl'),
    // Discovered for this server: kept while the grant signs in through the authorization endpoint.
    requirePar: used.has('pushedAuthorizationUrl') && values.requirePar ? true : undefined,
    usePar: pick('usePar') || undefined,
    dpop: pick('dpop') || undefined,
    issuer: nonEmpty('issuer'),
    // The promise belongs to the issuer it was discovered for: without an issuer it means nothing.
    requireIss: nonEmpty('issuer') !== undefined && values.requireIss ? true : undefined,
    redirectUri: pick('redirectUri'),
    scopes: values.scopes,
    audience: pick('audience'),
    resource: pick('resource'),
    // Rows of a stage the grant does not go through are kept in the form, not sent.
    requestExtras: (pick('requestExtras') ?? []).filter(
      (row) =>
        STAGES_FOR_GRANT[values.grantType].includes(row.stage) &&
        (row.name.trim() !== '' || row.value !== ''),
    ),
    headerPrefix: pick('headerPrefix'),
    // Unset stays unset, so a credential that keeps the defaults stores none of them.
    sendToken: pick('sendToken') === 'id_token' ? 'id_token' : undefined,
    tokenPlacement: pick('tokenPlacement') === 'query' ? 'query' : undefined,
    tokenHeaderName: pick('tokenHeaderName'),
    tokenQueryParam: pick('tokenQueryParam'),
    username: pick('username'),
    authorizeIn: pick('authorizeIn'),
    // Only Slack answers with two tokens; for everyone else the choice means nothing and is not sent.
    slackToken: values.provider === 'slack' ? pick('slackToken') : undefined,
    scopeOnRefresh: pick('scopeOnRefresh') || undefined,
    ...tlsFields(pick('clientAuth'), values.tls),
    ...extensionInput(values, used),
  };
  // A token exchange that takes its subject from a credential keeps no pasted token.
  const usesPassword = used.has('password') && !takesSubjectFromCredential(values);
  return {
    fields,
    // A secret the grant does not use is neither sent nor cleared: switching back keeps it.
    clientSecret: used.has('clientSecret')
      ? clientSecretUpdate(values, secrets.clientSecret, signsWithKey)
      : { kind: 'keep' },
    password: usesPassword ? secretUpdate(values.password, secrets.password) : { kind: 'keep' },
    // Main removes a stored actor token once the exchange no longer pastes one.
    actorToken: pastesActorToken(values)
      ? secretUpdate(values.actorToken, secretStateOf(secrets, 'actorToken'))
      : { kind: 'keep' },
  };
}

/** A key typed in wins; else a key generated for this form; else the stored one is kept or cleared. */
function clientSecretUpdate(
  values: Pick<FormValues, 'clientSecret' | 'generatedClientKey'>,
  state: { stored: boolean; clear: boolean },
  signsWithKey: boolean,
): ClientSecretUpdate {
  if (values.clientSecret === '' && signsWithKey && values.generatedClientKey)
    return { kind: 'generated', handle: values.generatedClientKey.handle };
  return secretUpdate(values.clientSecret, state);
}

/** field -> message; empty when main should accept the values. */
export function validateValues(values: FormValues, secrets: SecretState): Record<string, string> {
  const input = toInput(values, secrets);
  const parsed = credentialInputSchema.safeParse(input);
  const schemaProblems = parsed.success ? {} : (validationError(parsed.error).fields ?? {});
  // The grant rules only look at presence, so they can run on the raw values too: the user then
  // sees every missing field at once, not the grant's ones only after the rest is fixed.
  const blankToUndefined = Object.fromEntries(
    Object.entries(input.fields).map(([k, v]) => [
      k,
      typeof v === 'string' && v.trim() === '' ? undefined : v,
    ]),
  );
  const fields = parsed.success
    ? parsed.data.fields
    : ({ ...blankToUndefined, pkce: values.pkce } as CredentialFields);
  const grantProblems = checkGrantFields(fields, {
    hasClientSecret:
      willHave(values.clientSecret, secrets.clientSecret) ||
      input.clientSecret?.kind === 'generated',
    hasPassword: willHave(values.password, secrets.password),
    hasActorToken: willHave(values.actorToken, secretStateOf(secrets, 'actorToken')),
  });
  // Not shown, so not named: a subject taken from a credential needs no pasted token.
  if (takesSubjectFromCredential(values)) delete grantProblems.password;
  return { ...grantProblems, ...extrasProblems(schemaProblems) };
}

/** `requestExtras.3.name` -> `requestExtras`: the extras editor shows its problems as one. */
function extrasProblems(problems: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(problems)) {
    const field = key.startsWith('requestExtras.') ? 'requestExtras' : key;
    out[field] ??= message;
  }
  return out;
}

const TEXT_KEYS = [
  'name',
  'clientId',
  'authorizationUrl',
  'tokenUrl',
  'deviceAuthorizationUrl',
  'username',
  'assertionIssuer',
  'subjectCredential',
  'clientSecret',
  'password',
  'actorToken',
] as const;

/**
 * The fields the chosen grant cannot do without, found by asking the validator what it says when
 * each is blank: one owner for the rule, so the marks never disagree with the errors.
 */
export function requiredFields(values: FormValues, secrets: SecretState): Set<string> {
  const used = fieldsFor(values.grantType);
  const required = new Set<string>();
  for (const key of TEXT_KEYS) {
    if (key !== 'name' && key !== 'clientId' && !used.has(key)) continue;
    const blank = { ...values, [key]: '' };
    const blankSecrets =
      key === 'clientSecret' || key === 'password' || key === 'actorToken'
        ? { ...secrets, [key]: { stored: false, clear: false } }
        : secrets;
    if (/required/i.test(validateValues(blank, blankSecrets)[key] ?? '')) required.add(key);
  }
  return required;
}
