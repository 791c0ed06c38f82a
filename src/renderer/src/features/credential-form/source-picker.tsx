// Where the endpoints come from: a provider preset, or an issuer's discovery document
// (RFC 8414 / OpenID Connect Discovery), fetched by main.
import { useState } from 'react';
import type { DiscoveredEndpoints, ProviderPreset } from '../../../../shared/status';
import { Field } from '../../ui/field';

interface SourcePickerProps {
  presets: ProviderPreset[];
  presetId: string;
  onPreset: (preset: ProviderPreset | null) => void;
  onDiscovered: (found: DiscoveredEndpoints) => void;
  /** The form's CA bundle: a private server's metadata is fetched trusting it. */
  caBundle?: string;
}

export function SourcePicker({
  presets,
  presetId,
  onPreset,
  onDiscovered,
  caBundle,
}: SourcePickerProps) {
  const [issuer, setIssuer] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [found, setFound] = useState<string | null>(null);
  const selected = presets.find((p) => p.id === presetId);

  const discover = async () => {
    setBusy(true);
    setProblem(undefined);
    setFound(null);
    const result = await window.api.discoverIssuer({
      issuer,
      ...(caBundle?.trim() ? { caBundle } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.fields?.issuer ?? result.error.message);
      return;
    }
    onDiscovered(result.value);
    setFound(
      `Filled the endpoints from ${result.value.issuer}.${result.value.note ? ` ${result.value.note}` : ''}`,
    );
  };

  return (
    <fieldset className="form-section source-picker">
      <legend>Provider</legend>
      <Field label="Provider preset" hint={selected?.notes}>
        {(c) => (
          <select
            {...c}
            value={presetId}
            onChange={(e) => onPreset(presets.find((p) => p.id === e.target.value) ?? null)}
          >
            {!presets.some((p) => p.id === 'custom') && <option value="custom">Custom</option>}
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="discover-row">
        <Field
          label="Discover from issuer URL"
          error={problem}
          hint={found ?? 'Reads /.well-known/openid-configuration or oauth-authorization-server.'}
        >
          {(c) => (
            <input
              {...c}
              type="url"
              placeholder="https://issuer.example"
              value={issuer}
              onChange={(e) => setIssuer(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void discover();
                }
              }}
            />
          )}
        </Field>
        <button
          type="button"
          disabled={busy || issuer.trim() === ''}
          onClick={() => void discover()}
        >
          {busy ? 'Discovering…' : 'Discover'}
        </button>
      </div>
    </fieldset>
  );
}
