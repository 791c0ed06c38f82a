// private_key_jwt's own settings (RFC 7523 §2.2): the signing algorithm when the key allows two,
// and the kid the provider finds the public key by. The key itself is the secret field, or one
// generated in main (generate-client-key.tsx).
import { CLIENT_KEY_ALGS, clientAuthOf } from '../../../../shared/client-auth';
import { Field } from '../../ui/field';
import { GenerateClientKey } from './generate-client-key';
import type { FormValues, SecretState } from './form-model';

/** The secret slot holds the client's private key when the method signs with one. */
export function secretLabel(values: Pick<FormValues, 'clientAuth'>): string {
  return clientAuthOf(values.clientAuth).material === 'private_key'
    ? 'Private key'
    : 'Client secret';
}

export function ClientKeyFields({
  values,
  stored,
  onChange,
}: {
  values: FormValues;
  /** Whether the credential has a key in the vault now (and will keep it on save). */
  stored: SecretState['clientSecret'];
  onChange: (patch: Partial<FormValues>) => void;
}) {
  return (
    <>
      <Field
        label="Signing algorithm"
        hint="Set by the key's type (EC P-256: ES256, Ed25519: EdDSA); an RSA key signs RS256 unless PS256 is chosen. Generate key makes a key for the algorithm chosen here (ES256 when by key type)."
      >
        {(c) => (
          <select
            {...c}
            value={values.clientKeyAlg}
            onChange={(e) =>
              onChange({ clientKeyAlg: e.target.value as FormValues['clientKeyAlg'] })
            }
          >
            <option value="">By key type</option>
            {CLIENT_KEY_ALGS.map((alg) => (
              <option key={alg} value={alg}>
                {alg}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Key ID (kid)"
        hint="The kid registered with the public key. Empty: the JWK's own kid, else its RFC 7638 thumbprint."
      >
        {(c) => (
          <input
            {...c}
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={values.clientKeyId}
            onChange={(e) => onChange({ clientKeyId: e.target.value })}
          />
        )}
      </Field>
      <GenerateClientKey values={values} stored={stored} onChange={onChange} />
    </>
  );
}
