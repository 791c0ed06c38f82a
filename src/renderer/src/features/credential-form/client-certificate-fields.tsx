// The client certificate of tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2), in
// the secret's place: certificate and key (PEM, pasted or from files) or a PKCS#12 file, each with
// an optional passphrase. What is typed becomes the secret slot's text (tls-values.ts); a stored
// certificate is only ever shown as "Stored". Beside it: the subject a tls_client_auth client is
// registered with, the CA bundle (any method), and whether APIs get the certificate too.
import type { ChangeEvent } from 'react';
import { TLS_SUBJECT_KINDS, TLS_SUBJECT_LABELS } from '../../../../shared/client-certificate';
import { Field } from '../../ui/field';
import type { FormValues } from './form-model';
import { clientCertificateSecret, usesClientCertificate, type TlsFormValues } from './tls-values';

interface Props {
  values: FormValues;
  onChange: (patch: Partial<FormValues>) => void;
}

/** A chosen file's text, or (PKCS#12) its bytes as base64. */
async function readChosen(event: ChangeEvent<HTMLInputElement>, binary: boolean): Promise<string> {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return '';
  if (!binary) return file.text();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function useTls({ values, onChange }: Props) {
  const set = (patch: Partial<TlsFormValues>) => {
    const tls = { ...values.tls, ...patch };
    // For the mTLS methods the secret slot is the certificate; any other method keeps its secret.
    onChange(
      usesClientCertificate(values.clientAuth)
        ? { tls, clientSecret: clientCertificateSecret(tls) }
        : { tls },
    );
  };
  return { tls: values.tls, set };
}

function PemText({
  label,
  hint,
  value,
  accept,
  onText,
}: {
  label: string;
  hint: string;
  value: string;
  accept: string;
  onText: (text: string) => void;
}) {
  return (
    <Field label={label} hint={hint}>
      {(c) => (
        <div className="pem-input">
          <textarea
            {...c}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            value={value}
            onChange={(e) => onText(e.target.value)}
          />
          <input
            type="file"
            aria-label={`${label} file`}
            accept={accept}
            onChange={(e) => void readChosen(e, false).then((text) => text && onText(text))}
          />
        </div>
      )}
    </Field>
  );
}

/** The secret slot for the mTLS methods. */
export function ClientCertificateFields(
  props: Props & {
    stored: boolean;
    clear: boolean;
    error?: string | undefined;
    onClearChange: (clear: boolean) => void;
  },
) {
  const { tls, set } = useTls(props);
  const storedNote = props.stored
    ? props.clear
      ? 'The stored certificate will be removed when you save.'
      : 'A certificate is stored — leave these blank to keep it.'
    : 'Kept encrypted in the vault, never shown again.';
  return (
    <fieldset className="client-certificate" disabled={props.clear}>
      <legend>Client certificate</legend>
      <Field label="Certificate format" error={props.error} hint={storedNote}>
        {(c) => (
          <select
            {...c}
            value={tls.format}
            onChange={(e) => set({ format: e.target.value as TlsFormValues['format'] })}
          >
            <option value="pem">Certificate and private key (PEM)</option>
            <option value="pkcs12">PKCS#12 file (.p12, .pfx)</option>
          </select>
        )}
      </Field>
      {tls.format === 'pem' ? (
        <>
          <PemText
            label="Certificate"
            hint="-----BEGIN CERTIFICATE-----, optionally followed by its intermediate CA certificates."
            value={tls.certificate}
            accept=".pem,.crt,.cer"
            onText={(certificate) => set({ certificate })}
          />
          <PemText
            label="Certificate private key"
            hint="-----BEGIN PRIVATE KEY----- (or ENCRYPTED PRIVATE KEY, with its passphrase below)."
            value={tls.privateKey}
            accept=".pem,.key"
            onText={(privateKey) => set({ privateKey })}
          />
        </>
      ) : (
        <Field
          label="PKCS#12 file"
          hint={tls.pkcs12 ? 'File read.' : 'Choose the .p12 or .pfx file, or paste it as base64.'}
        >
          {(c) => (
            <div className="pem-input">
              <input
                {...c}
                type="file"
                accept=".p12,.pfx"
                onChange={(e) =>
                  void readChosen(e, true).then((pkcs12) => pkcs12 && set({ pkcs12 }))
                }
              />
              <textarea
                aria-label="PKCS#12 as base64"
                rows={2}
                spellCheck={false}
                autoComplete="off"
                value={tls.pkcs12}
                onChange={(e) => set({ pkcs12: e.target.value })}
              />
            </div>
          )}
        </Field>
      )}
      <Field
        label={tls.format === 'pkcs12' ? 'PKCS#12 passphrase' : 'Key passphrase'}
        hint="Only if the file or key is protected by one."
      >
        {(c) => (
          <input
            {...c}
            type="password"
            autoComplete="off"
            value={tls.passphrase}
            onChange={(e) => set({ passphrase: e.target.value })}
          />
        )}
      </Field>
      {props.stored && !props.clear && (
        <button type="button" onClick={() => props.onClearChange(true)}>
          Clear stored certificate
        </button>
      )}
    </fieldset>
  );
}

/** The non-secret TLS settings, under the client authentication choice. */
export function TlsSettingsFields(props: Props) {
  const { tls, set } = useTls(props);
  const method = props.values.clientAuth;
  return (
    <>
      {method === 'tls_client_auth' && (
        <Field
          label="Registered certificate subject"
          hint="RFC 8705 §2.1.2: the subject DN or SAN the provider has for this client. The certificate is checked against it before it is sent. Optional."
        >
          {(c) => (
            <div className="tls-subject">
              <select
                {...c}
                value={tls.subjectKind}
                onChange={(e) =>
                  set({ subjectKind: e.target.value as TlsFormValues['subjectKind'] })
                }
              >
                <option value="">Not checked</option>
                {TLS_SUBJECT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {TLS_SUBJECT_LABELS[kind]}
                  </option>
                ))}
              </select>
              {tls.subjectKind !== '' && (
                <input
                  type="text"
                  aria-label="Registered subject value"
                  spellCheck={false}
                  value={tls.subjectValue}
                  onChange={(e) => set({ subjectValue: e.target.value })}
                />
              )}
            </div>
          )}
        </Field>
      )}
      {usesClientCertificate(method) && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={tls.forApis}
            onChange={(e) => set({ forApis: e.target.checked })}
          />
          Present the certificate to APIs too (certificate-bound tokens, RFC 8705 §3)
        </label>
      )}
      <PemText
        label="CA bundle"
        hint="PEM CA certificates trusted, besides the system's, for this credential's servers: for a private or self-signed authorization server. Not a secret. Optional."
        value={tls.caBundle}
        accept=".pem,.crt,.cer"
        onText={(caBundle) => set({ caBundle })}
      />
    </>
  );
}
