// private_key_jwt: "Generate key" asks main for a new key pair (credentials:generate-client-key).
// The private key stays in main's vault; this form keeps only the handle and the public JWKS to
// register at the provider. Replacing a key asks first, and the old key keeps signing until Save.
import { useState } from 'react';
import { PublicJwksView } from '../credentials/public-jwks-view';
import type { FormValues, SecretState } from './form-model';

export function GenerateClientKey({
  values,
  stored,
  onChange,
}: {
  values: FormValues;
  stored: SecretState['clientSecret'];
  onChange: (patch: Partial<FormValues>) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const generated = values.generatedClientKey;
  const hasKey =
    (stored.stored && !stored.clear) || values.clientSecret !== '' || generated !== null;
  const alg = values.clientKeyAlg === '' ? 'ES256' : values.clientKeyAlg;

  const generate = async () => {
    setConfirming(false);
    setBusy(true);
    const kid = values.clientKeyId.trim();
    const result = await window.api.generateClientKey({ alg, ...(kid ? { kid } : {}) });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    // A key typed in would win over the generated one at save: it goes.
    onChange({
      generatedClientKey: result.value,
      clientKeyAlg: result.value.alg,
      clientSecret: '',
    });
  };

  return (
    <section className="generate-client-key" aria-label="Generate a client key">
      <button
        type="button"
        disabled={busy || confirming}
        onClick={() => (hasKey ? setConfirming(true) : void generate())}
      >
        {busy ? 'Generating…' : 'Generate key'}
      </button>
      {confirming && (
        <div role="group" aria-label="Replace the private key?">
          <p>
            Replace the private key with a new {alg} key? The current key keeps signing until you
            save; after saving, the provider accepts only a key registered there, so register the
            new public JWKS.
          </p>
          <button type="button" onClick={() => void generate()}>
            Generate new key
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep current key
          </button>
        </div>
      )}
      {problem && <p role="alert">{problem}</p>}
      {generated && (
        <>
          <p>
            New {generated.alg} key generated (kid <code>{generated.kid}</code>). It is kept
            encrypted on this machine and saved with the credential when you click Save.
            {values.clientSecret !== ''
              ? ' The key typed in the Private key field is saved instead.'
              : ' Register this public JWKS for the client at the provider:'}
          </p>
          <PublicJwksView jwks={generated.jwks} />
        </>
      )}
    </section>
  );
}
