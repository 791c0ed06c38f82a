// The form's controls for the JWT bearer (RFC 7523) and token exchange (RFC 8693) grants: the
// assertion's claims with the Google service-account key file import, and where the subject and
// actor tokens come from. The key file is read here only to fill the form: its private key goes
// into the signing-key input and, on save, to main's vault like any typed secret.
import { useState } from 'react';
import {
  parseServiceAccountKey,
  serviceAccountFields,
} from '../../../../shared/google-service-account';
import {
  CREDENTIAL_TOKEN_TYPES,
  SUBJECT_TOKEN_SOURCES,
  TOKEN_TYPE_LABELS,
  TOKEN_TYPE_NAMES,
  TOKEN_TYPE_URNS,
  type SubjectTokenSource,
  type TokenTypeName,
} from '../../../../shared/token-exchange-types';
import { useAppStore } from '../../store/app-store';
import { Field } from '../../ui/field';
import type { ExtensionValues } from './extension-values';
import type { FormValues } from './form-model';

export type ExtensionField =
  | 'assertionIssuer'
  | 'assertionSubject'
  | 'assertionAudience'
  | 'assertionKeyId'
  | 'scopeAsClaim'
  | 'subjectTokenSource'
  | 'subjectCredential'
  | 'subjectTokenType'
  | 'actorTokenSource'
  | 'actorCredential'
  | 'actorTokenType'
  | 'requestedTokenType';

const EXTENSION_FIELDS: readonly string[] = [
  'assertionIssuer',
  'assertionSubject',
  'assertionAudience',
  'assertionKeyId',
  'scopeAsClaim',
  'subjectTokenSource',
  'subjectCredential',
  'subjectTokenType',
  'actorTokenSource',
  'actorCredential',
  'actorTokenType',
  'requestedTokenType',
] satisfies readonly ExtensionField[];

export function isExtensionField(field: string): field is ExtensionField {
  return EXTENSION_FIELDS.includes(field);
}

const TEXT = {
  assertionIssuer: {
    label: 'Issuer (iss)',
    hint: 'RFC 7523 §3: Google: the service account email; Salesforce: the connected app consumer key.',
  },
  assertionSubject: {
    label: 'Subject (sub)',
    hint: 'Optional. Google: the user to act for (domain-wide delegation); Salesforce: the username. Empty: the issuer.',
  },
  assertionAudience: {
    label: 'Audience (aud)',
    hint: 'Optional. Empty: the token URL. Salesforce: https://login.salesforce.com (or test.salesforce.com).',
  },
  assertionKeyId: {
    label: 'Key ID (kid)',
    hint: 'Optional: named in the assertion header. A Google key file fills its private_key_id.',
  },
} as const;

const SOURCE_LABELS = {
  credential: 'Another credential (fetched fresh when needed)',
  pasted: 'Pasted token',
};

interface ExtensionFieldProps {
  field: ExtensionField;
  values: FormValues;
  error?: string | undefined;
  required?: boolean;
  onChange: (patch: Partial<FormValues>) => void;
  onBlur: () => void;
}

const typeOption = (name: TokenTypeName) => (
  <option key={name} value={name}>
    {TOKEN_TYPE_LABELS[name]} ({TOKEN_TYPE_URNS[name].split(':').at(-1)})
  </option>
);

export function GrantExtensionField(props: ExtensionFieldProps) {
  const { field, values, error, required = false, onChange, onBlur } = props;
  const credentials = useAppStore((s) => s.credentials);
  // Every credential is listed; one that leads back to this one is refused when used (a loop).
  const others = Object.values(credentials).sort((a, b) =>
    a.config.name.localeCompare(b.config.name),
  );
  const credentialSelect = (
    key: 'subjectCredential' | 'actorCredential',
    label: string,
    hint: string,
  ) => (
    <Field label={label} error={error} hint={hint} required={required}>
      {(c) => (
        <select
          {...c}
          value={values[key]}
          onBlur={onBlur}
          onChange={(e) => onChange({ [key]: e.target.value })}
        >
          <option value="">
            {key === 'actorCredential' ? 'None (no actor token)' : 'Choose a credential'}
          </option>
          {others.map((o) => (
            <option key={o.config.id} value={o.config.id}>
              {o.config.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  /** Where a token exchange's subject or actor token comes from: a credential, or pasted. */
  const sourceSelect = (
    key: 'subjectTokenSource' | 'actorTokenSource',
    label: string,
    hint: string,
  ) => (
    <Field label={label} error={error} hint={hint}>
      {(c) => (
        <select
          {...c}
          value={values[key]}
          onChange={(e) => onChange({ [key]: e.target.value as SubjectTokenSource })}
        >
          {SUBJECT_TOKEN_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  switch (field) {
    case 'assertionIssuer':
      return (
        <>
          <ServiceAccountImport onChange={onChange} />
          <TextInput {...props} field={field} />
        </>
      );
    case 'assertionSubject':
    case 'assertionAudience':
    case 'assertionKeyId':
      return <TextInput {...props} field={field} />;
    case 'scopeAsClaim':
      return (
        <Field
          label="Scopes in the assertion (Google)"
          error={error}
          hint="Google reads the scopes from the assertion's scope claim; other providers from the request's scope parameter (RFC 7523 §2.1)."
        >
          {(c) => (
            <input
              {...c}
              type="checkbox"
              checked={values.scopeAsClaim}
              onChange={(e) => onChange({ scopeAsClaim: e.target.checked })}
            />
          )}
        </Field>
      );
    case 'subjectTokenSource':
      return sourceSelect(
        'subjectTokenSource',
        'Subject token from',
        'RFC 8693 §2.1 subject_token: the token to exchange.',
      );
    case 'subjectCredential':
      if (values.subjectTokenSource !== 'credential') return null;
      return credentialSelect(
        'subjectCredential',
        'Subject credential',
        'Its access or ID token, fetched through the app (refreshed or obtained anew) each time an exchange is needed.',
      );
    case 'actorTokenSource':
      return sourceSelect(
        'actorTokenSource',
        'Actor token from',
        'RFC 8693 §2.1 actor_token: the party acting for the subject.',
      );
    case 'actorCredential':
      if (values.actorTokenSource !== 'credential') return null;
      return credentialSelect(
        'actorCredential',
        'Actor credential',
        'Optional, RFC 8693 §2.1 actor_token: the party acting for the subject.',
      );
    case 'subjectTokenType': {
      const names =
        values.subjectTokenSource === 'credential' ? CREDENTIAL_TOKEN_TYPES : TOKEN_TYPE_NAMES;
      return (
        <Field label="Subject token type" error={error} hint="RFC 8693 §3 subject_token_type.">
          {(c) => (
            <select
              {...c}
              value={values.subjectTokenType}
              onChange={(e) => onChange({ subjectTokenType: e.target.value as TokenTypeName })}
            >
              {names.map(typeOption)}
            </select>
          )}
        </Field>
      );
    }
    case 'actorTokenType': {
      const pasted = values.actorTokenSource === 'pasted';
      if (!pasted && values.actorCredential === '') return null;
      return (
        <Field label="Actor token type" error={error}>
          {(c) => (
            <select
              {...c}
              value={values.actorTokenType}
              onChange={(e) =>
                onChange({ actorTokenType: e.target.value as ExtensionValues['actorTokenType'] })
              }
            >
              {(pasted ? TOKEN_TYPE_NAMES : CREDENTIAL_TOKEN_TYPES).map(typeOption)}
            </select>
          )}
        </Field>
      );
    }
    case 'requestedTokenType':
      return (
        <Field
          label="Requested token type"
          error={error}
          hint="Optional, RFC 8693 §2.1. The token type the provider issued is shown with the token."
        >
          {(c) => (
            <select
              {...c}
              value={values.requestedTokenType}
              onChange={(e) =>
                onChange({
                  requestedTokenType: e.target.value as ExtensionValues['requestedTokenType'],
                })
              }
            >
              <option value="">Provider's choice</option>
              {TOKEN_TYPE_NAMES.map(typeOption)}
            </select>
          )}
        </Field>
      );
  }
}

function TextInput({
  field,
  values,
  error,
  required = false,
  onChange,
  onBlur,
}: ExtensionFieldProps & { field: keyof typeof TEXT }) {
  const spec = TEXT[field];
  return (
    <Field label={spec.label} error={error} hint={spec.hint} required={required}>
      {(c) => (
        <input
          {...c}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={values[field]}
          onChange={(e) => onChange({ [field]: e.target.value })}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}

/** Reads a Google service-account key file into the form; the private key fills the key input. */
function ServiceAccountImport({ onChange }: { onChange: (patch: Partial<FormValues>) => void }) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <Field
      label="Import a Google service-account key (JSON)"
      error={note && !note.ok ? note.text : undefined}
      hint={
        note?.ok
          ? note.text
          : 'Fills the issuer, token URL, client ID, key ID and the signing key; the key is kept encrypted once you save.'
      }
    >
      {(c) => (
        <input
          {...c}
          type="file"
          accept="application/json,.json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const parsed = parseServiceAccountKey(await file.text());
            if (!parsed.ok) {
              setNote({ ok: false, text: parsed.message });
              return;
            }
            onChange({ ...serviceAccountFields(parsed.key), password: parsed.key.privateKey });
            setNote({
              ok: true,
              text: `Read the key of ${parsed.key.clientEmail}${parsed.key.projectId ? ` (project ${parsed.key.projectId})` : ''}. Save to store it.`,
            });
          }}
        />
      )}
    </Field>
  );
}
