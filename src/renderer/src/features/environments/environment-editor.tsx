// Adds or edits one environment of a credential: its name, colour and production mark, the
// fields it sets itself (blank ones inherit the credential's), its own client secret (written
// to the vault through environments:save, never shown back) and its {{variables}}.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ENVIRONMENT_COLORS } from '../../../../shared/environment-types';
import { environmentsOf } from '../../../../shared/environment-resolve';
import type { SecretUpdate } from '../../../../shared/credential';
import type { CredentialSummary } from '../../../../shared/status';
import { useAppStore } from '../../store/app-store';
import { Field } from '../../ui/field';
import { PairsTable } from '../../ui/pairs-table';
import { RequestExtrasField } from '../credential-form/request-extras-field';
import { valuesFromSummary } from '../credential-form/form-model';
import {
  isOwnEnvironment,
  toDraft,
  validateEnvironment,
  valuesOf,
  type EnvironmentFormValues,
} from './environment-form-model';
import { EnvironmentOverrideFields } from './environment-override-fields';

interface Props {
  summary: CredentialSummary;
  /** The environment to edit; none adds one. */
  environmentId: string | null;
  onDone: () => void;
}

export function EnvironmentEditor({ summary, environmentId, onDone }: Props) {
  const { config } = summary;
  const all = environmentsOf(config);
  const editing = all.find((env) => env.id === environmentId);
  const presets = useAppStore((s) => s.presets);
  const save = useAppStore((s) => s.saveEnvironment);
  const [values, setValues] = useState<EnvironmentFormValues>(() => valuesOf(editing, config));
  const [secret, setSecret] = useState('');
  const [useCredentialSecret, setUseCredentialSecret] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  // Opened from a button: the first field takes the keyboard.
  useEffect(() => nameRef.current?.focus(), []);
  const own = isOwnEnvironment(values);
  // Whether the environment holds a client secret itself, or uses the credential's (main says).
  const hasOwnSecret =
    editing !== undefined && (summary.environmentsWithOwnClientSecret ?? []).includes(editing.id);
  const problems = validateEnvironment(values, all);
  const errorFor = (field: string) =>
    serverErrors[field] ?? (submitted ? problems[field] : undefined);
  const change = (patch: Partial<EnvironmentFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setServerErrors({});
  };

  const secretUpdate = (): SecretUpdate =>
    own || (!useCredentialSecret && secret === '')
      ? { kind: 'keep' }
      : useCredentialSecret
        ? { kind: 'clear' }
        : { kind: 'set', value: secret };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(problems).length > 0) {
      setFormError(problems.form ?? 'Some fields need attention: see the messages below each one.');
      setTimeout(
        () => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
        0,
      );
      return;
    }
    setSaving(true);
    const result = await save(config.id, toDraft(values), secretUpdate());
    setSaving(false);
    if (result.ok) {
      onDone();
      return;
    }
    setFormError(result.error.message);
    setServerErrors(result.error.fields ?? {});
  };

  const title = editing ? `Edit environment ${editing.name}` : 'New environment';
  return (
    <form
      ref={formRef}
      className="environment-form"
      aria-label={title}
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !saving) onDone();
      }}
    >
      <h4>{title}</h4>
      <Field label="Environment name" error={errorFor('name')} required>
        {(c) => (
          <input
            {...c}
            ref={nameRef}
            value={values.name}
            autoComplete="off"
            placeholder="QA, Staging, Production…"
            onChange={(e) => change({ name: e.target.value })}
          />
        )}
      </Field>
      <div className="environment-form-row">
        <Field label="Colour" error={errorFor('color')}>
          {(c) => (
            <select
              {...c}
              value={values.color}
              onChange={(e) => change({ color: e.target.value as EnvironmentFormValues['color'] })}
            >
              {ENVIRONMENT_COLORS.map((color) => (
                <option key={color} value={color}>
                  {color}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Production"
          hint="Marked wherever it is active; the request tester asks before sending to it."
        >
          {(c) => (
            <input
              {...c}
              type="checkbox"
              checked={values.production}
              onChange={(e) => change({ production: e.target.checked })}
            />
          )}
        </Field>
      </div>
      {own ? (
        <p className="field-hint">
          This is the credential&apos;s own environment: its endpoints, client and secret are the
          credential&apos;s, changed with Edit.
        </p>
      ) : (
        <>
          <EnvironmentOverrideFields
            base={config}
            overrides={values.overrides}
            presets={presets}
            errors={{ ...problemsShown(submitted, problems), ...serverErrors }}
            onChange={(patch) => change({ overrides: { ...values.overrides, ...patch } })}
          />
          <Field
            label="Environment client secret"
            error={errorFor('clientSecret')}
            hint={
              useCredentialSecret
                ? "Uses the credential's client secret; this environment's own is removed on save."
                : hasOwnSecret
                  ? 'This environment has a client secret of its own: blank keeps it. Stored encrypted, never shown again.'
                  : "This environment uses the credential's client secret: enter one to give it its own. Stored encrypted, never shown again."
            }
          >
            {(c) => (
              <input
                {...c}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={secret}
                disabled={useCredentialSecret}
                onChange={(e) => setSecret(e.target.value)}
              />
            )}
          </Field>
          {hasOwnSecret && (
            <Field label="Use the credential's client secret">
              {(c) => (
                <input
                  {...c}
                  type="checkbox"
                  checked={useCredentialSecret}
                  onChange={(e) => {
                    setUseCredentialSecret(e.target.checked);
                    if (e.target.checked) setSecret('');
                  }}
                />
              )}
            </Field>
          )}
          <Field
            label="Own extra parameters and headers"
            hint="Unchecked: the credential's extra parameters and headers are sent."
          >
            {(c) => (
              <input
                {...c}
                type="checkbox"
                checked={values.overrideExtras}
                onChange={(e) => change({ overrideExtras: e.target.checked })}
              />
            )}
          </Field>
          {values.overrideExtras && (
            <RequestExtrasField
              values={{ ...valuesFromSummary(summary), requestExtras: values.requestExtras }}
              error={errorFor('requestExtras')}
              onChange={(patch) =>
                patch.requestExtras && change({ requestExtras: patch.requestExtras })
              }
              onBlur={() => {}}
            />
          )}
        </>
      )}
      <fieldset className="form-section">
        <legend>Variables</legend>
        <p className="field-hint">
          {'{{name}}'} in the request tester&apos;s URL and headers is replaced by the value. Not
          secret: shown and exported as typed.
        </p>
        <PairsTable
          label="Variables"
          rows={values.variables}
          onChange={(variables) => change({ variables })}
          newRow={() => ({ name: '', value: '' })}
        />
        {errorFor('variables') && <p className="field-error">{errorFor('variables')}</p>}
      </fieldset>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save environment'}
        </button>
        <button type="button" onClick={onDone} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const problemsShown = (submitted: boolean, problems: Record<string, string>) =>
  submitted ? problems : {};
