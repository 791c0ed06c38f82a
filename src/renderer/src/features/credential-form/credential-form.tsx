// "Add credential" and "Edit": a preset or discovery, a grant type, then only the fields that
// grant uses. Validation is inline and matches what main enforces; main's own field errors are
// shown next to the same fields.
import { Fragment, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { GRANT_LABELS, GRANT_TYPES, type GrantType } from '../../../../shared/credential';
import type {
  CredentialSummary,
  DiscoveredEndpoints,
  ProviderPreset,
} from '../../../../shared/status';
import { useAppStore } from '../../store/app-store';
import { Field } from '../../ui/field';
import {
  applyDiscovery,
  applyPreset,
  discoveredGrants,
  presetGrants,
  typedScopes,
} from './apply-source';
import { GroupField } from './group-field';
import { OfferedScopes } from './offered-scopes';
import { ScopeChoice, type PendingScopes } from './scope-choice';
import { FormField } from './form-field';
import {
  advancedFieldsOf,
  mainFieldsOf,
  emptyValues,
  requiredFields,
  secretStateOf,
  toInput,
  validateValues,
  valuesFromSummary,
  type FieldKey,
  type FormValues,
  type SecretState,
} from './form-model';
import { followEndpoints, issuerBasis, type IssuerBasis } from './issuer-follow';
import { RedirectSentNote } from './redirect-sent-note';
import { SourcePicker } from './source-picker';

interface CredentialFormProps {
  /** The credential being edited; absent when adding one. */
  editing?: CredentialSummary;
  onDone: (saved: CredentialSummary | null) => void;
}

/** Main reports nested paths ("clientSecret.value"); the form shows them on the field. */
const fieldOf = (path: string) => path.split('.')[0]!;

export function CredentialForm({ editing, onDone }: CredentialFormProps) {
  const presets = useAppStore((s) => s.presets);
  const saveCredential = useAppStore((s) => s.saveCredential);
  const [values, setValues] = useState<FormValues>(() =>
    editing ? valuesFromSummary(editing) : emptyValues(),
  );
  const [secrets, setSecrets] = useState<SecretState>(() => ({
    clientSecret: { stored: editing?.hasClientSecret ?? false, clear: false },
    password: { stored: editing?.hasPassword ?? false, clear: false },
    actorToken: { stored: editing?.hasActorToken ?? false, clear: false },
  }));
  const [presetId, setPresetId] = useState<string>(editing?.config.provider ?? 'custom');
  const [allowedGrants, setAllowedGrants] = useState<GrantType[] | null>(null);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [pendingScopes, setPendingScopes] = useState<PendingScopes | null>(null);
  const [offeredScopes, setOfferedScopes] = useState<readonly string[]>([]);
  // The issuer and the endpoints it was set with (preset, Discover, the saved configuration, or typed).
  const [issuerBase, setIssuerBase] = useState<IssuerBasis | null>(() => issuerBasis(values));
  const [issuerNotice, setIssuerNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const advancedId = useId();

  // Opening the form puts the user on its first field.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);

  const problems = useMemo(() => validateValues(values, secrets), [values, secrets]);
  const required = useMemo(() => requiredFields(values, secrets), [values, secrets]);
  const errorFor = (key: string): string | undefined =>
    serverErrors[key] ?? (submitted || touched.has(key) ? problems[key] : undefined);

  const change = (patch: Partial<FormValues>) => {
    if ('issuer' in patch) {
      // A typed issuer is the user's: it is not cleared when endpoints change, and what Discover
      // said about the previous one does not carry over.
      setValues({ ...values, ...patch, requireIss: false });
      setIssuerBase(null);
      setIssuerNotice(null);
    } else if ('authorizationUrl' in patch || 'tokenUrl' in patch) {
      const followed = followEndpoints({ ...values, ...patch }, issuerBase);
      setValues(followed.values);
      setIssuerNotice(followed.notice);
    } else {
      setValues((v) => ({ ...v, ...patch }));
    }
    const keys = Object.keys(patch);
    setServerErrors((errors) =>
      Object.fromEntries(Object.entries(errors).filter(([k]) => !keys.includes(k))),
    );
  };
  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));

  const onPreset = (preset: ProviderPreset | null) => {
    const previous = presets.find((p) => p.id === presetId);
    setPresetId(preset?.id ?? 'custom');
    // What was said about the old preset's values does not apply to the new ones.
    setServerErrors({});
    setTouched(new Set());
    setSubmitted(false);
    setFormError(null);
    setPendingScopes(null);
    if (!preset) {
      setAllowedGrants(null);
      change({
        provider: 'custom',
        ...(previous && values.name === previous.label ? { name: '' } : {}),
      });
      return;
    }
    const grants = presetGrants(preset);
    setAllowedGrants(grants.length > 0 ? grants : null);
    // Scopes the user typed are kept; the form asks whether to use or add the preset's instead.
    if (
      typedScopes(values, previous) &&
      preset.scopes.trim() !== '' &&
      preset.scopes.trim() !== values.scopes.trim()
    ) {
      setPendingScopes({ label: preset.label, scopes: preset.scopes });
    }
    const next = applyPreset(values, preset, previous);
    setValues(next);
    setIssuerBase(issuerBasis(next));
    setIssuerNotice(null);
  };
  const onDiscovered = (found: DiscoveredEndpoints) => {
    const grants = discoveredGrants(found);
    setAllowedGrants(grants.length > 0 ? grants : null);
    setOfferedScopes(found.scopesSupported ?? []);
    const next = applyDiscovery(values, found, presets);
    setValues(next);
    setIssuerBase(issuerBasis(next));
    setIssuerNotice(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(problems).length > 0) {
      setFormError('Some fields need attention: see the messages below each one.');
      if (advancedFieldsOf(values.grantType).some((f) => problems[f])) setAdvancedOpen(true);
      // Take the user to the first field to fix, once React has marked it invalid.
      setTimeout(
        () => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
        0,
      );
      return;
    }
    setSaving(true);
    const result = await saveCredential(
      editing ? editing.config.id : null,
      toInput(values, secrets),
    );
    setSaving(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    setFormError(result.error.message);
    setServerErrors(
      Object.fromEntries(
        Object.entries(result.error.fields ?? {}).map(([k, m]) => [fieldOf(k), m]),
      ),
    );
  };

  const render = (field: FieldKey) => (
    <FormField
      key={field}
      field={field}
      values={values}
      secrets={secrets}
      error={errorFor(field)}
      required={required.has(field)}
      onChange={change}
      onSecretClear={(name, clear) =>
        setSecrets((s) => ({ ...s, [name]: { ...secretStateOf(s, name), clear } }))
      }
      onBlur={touch}
    />
  );
  const grantChoices = GRANT_TYPES.filter(
    (g) => !allowedGrants || allowedGrants.includes(g) || g === values.grantType,
  );
  const title = editing ? `Edit ${editing.config.name}` : 'Add credential';

  return (
    <form
      ref={formRef}
      className="credential-form"
      aria-label={title}
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !saving) onDone(null);
      }}
    >
      <h2>{title}</h2>
      {!editing && (
        <SourcePicker
          presets={presets}
          presetId={presetId}
          onPreset={onPreset}
          onDiscovered={onDiscovered}
          caBundle={values.tls.caBundle}
        />
      )}
      <fieldset className="form-section">
        <legend>Credential</legend>
        <Field label="Name" error={errorFor('name')} required={required.has('name')}>
          {(c) => (
            <input
              {...c}
              value={values.name}
              autoComplete="off"
              onChange={(e) => change({ name: e.target.value })}
              onBlur={() => touch('name')}
            />
          )}
        </Field>
        <GroupField
          value={values.group}
          error={errorFor('group')}
          onChange={(group) => change({ group })}
          onBlur={() => touch('group')}
        />
        <Field label="Grant type" error={errorFor('grantType')}>
          {(c) => (
            <select
              {...c}
              value={values.grantType}
              onChange={(e) => change({ grantType: e.target.value as GrantType })}
            >
              {grantChoices.map((g) => (
                <option key={g} value={g}>
                  {GRANT_LABELS[g]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.issuer && (
          <p className="field-hint">
            Issuer: {values.issuer} (callbacks are checked against it, RFC 9207; edit it under
            Advanced)
          </p>
        )}
        {issuerNotice && (
          <p className="field-hint" role="status">
            {issuerNotice}
          </p>
        )}
        {mainFieldsOf(values.grantType).map((field) => (
          <Fragment key={field}>
            {render(field)}
            {field === 'redirectUri' && <RedirectSentNote values={values} />}
            {field === 'scopes' && (
              <OfferedScopes
                offered={offeredScopes}
                scopes={values.scopes}
                onChange={(scopes) => change({ scopes })}
              />
            )}
            {field === 'scopes' && pendingScopes && (
              <ScopeChoice
                pending={pendingScopes}
                typed={values.scopes}
                onChoose={(scopes) => {
                  change({ scopes });
                  setPendingScopes(null);
                }}
                onKeep={() => setPendingScopes(null)}
              />
            )}
          </Fragment>
        ))}
      </fieldset>
      <details
        className="form-section advanced"
        aria-labelledby={advancedId}
        open={advancedOpen}
        onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
      >
        <summary id={advancedId}>Advanced</summary>
        {advancedFieldsOf(values.grantType).map(render)}
      </details>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save' : 'Save credential'}
        </button>
        <button type="button" onClick={() => onDone(null)} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
