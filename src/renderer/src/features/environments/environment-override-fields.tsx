// The fields an environment sets for itself. Each shows, as its placeholder, what it inherits
// from the credential when left blank. A preset or the issuer's discovery document fills the
// endpoints, as they do for a credential.
import { useState } from 'react';
import type { CredentialConfig } from '../../../../shared/credential';
import type { ProviderPreset } from '../../../../shared/status';
import { Field } from '../../ui/field';
import {
  inheritedValue,
  OVERRIDE_FIELDS,
  type EnvironmentFormValues,
  type OverrideKey,
} from './environment-form-model';

type Overrides = EnvironmentFormValues['overrides'];

interface Props {
  base: CredentialConfig;
  overrides: Overrides;
  presets: ProviderPreset[];
  errors: Record<string, string | undefined>;
  onChange: (patch: Partial<Overrides>) => void;
}

const ENDPOINTS = [
  'authorizationUrl',
  'tokenUrl',
  'deviceAuthorizationUrl',
  'revocationUrl',
] as const;

/** Only the endpoints a source names: what it does not know stays as typed. */
function endpointsFrom(
  source: Partial<Record<OverrideKey, string | undefined>>,
): Partial<Overrides> {
  const patch: Partial<Overrides> = {};
  for (const key of [...ENDPOINTS, 'issuer'] as const) {
    const value = source[key];
    if (value) patch[key] = value;
  }
  return patch;
}

export function EnvironmentOverrideFields({ base, overrides, presets, errors, onChange }: Props) {
  const [discovering, setDiscovering] = useState(false);
  const [discovery, setDiscovery] = useState<{ ok: boolean; text: string } | null>(null);

  const discover = async () => {
    const issuer = overrides.issuer.trim() || base.issuer || '';
    setDiscovering(true);
    setDiscovery(null);
    const result = await window.api.discoverIssuer({ issuer });
    setDiscovering(false);
    if (!result.ok) {
      setDiscovery({ ok: false, text: result.error.fields?.issuer ?? result.error.message });
      return;
    }
    onChange(endpointsFrom(result.value));
    setDiscovery({ ok: true, text: `Filled the endpoints from ${result.value.issuer}.` });
  };

  return (
    <fieldset className="form-section">
      <legend>Fields this environment sets</legend>
      <p className="field-hint">
        A field left blank inherits the credential&apos;s value, shown greyed in it.
      </p>
      <Field label="Fill from preset">
        {(c) => (
          <select
            {...c}
            value=""
            onChange={(e) => {
              const preset = presets.find((p) => p.id === e.target.value);
              if (preset) onChange(endpointsFrom(preset));
            }}
          >
            <option value="">Choose a provider…</option>
            {presets.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {OVERRIDE_FIELDS.map(({ key, label }) => (
        <Field key={key} label={label} error={errors[key]}>
          {(c) => (
            <input
              {...c}
              value={overrides[key]}
              placeholder={inheritedValue(base, key) || 'not set on the credential'}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange({ [key]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <div className="discover-row">
        <button
          type="button"
          disabled={discovering || !(overrides.issuer.trim() || base.issuer)}
          onClick={() => void discover()}
        >
          {discovering ? 'Discovering…' : 'Discover endpoints from the issuer'}
        </button>
        {discovery && (
          <p
            className={discovery.ok ? 'field-hint' : 'field-error'}
            role={discovery.ok ? 'status' : 'alert'}
          >
            {discovery.text}
          </p>
        )}
      </div>
    </fieldset>
  );
}
