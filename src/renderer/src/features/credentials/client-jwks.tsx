// private_key_jwt: the public key to register at the provider, as the JWKS its client
// registration takes (RFC 7591 §2 `jwks`). Main derives it from the stored key; the private key
// never comes here.
import { useState } from 'react';
import { clientAuthOf } from '../../../../shared/client-auth';
import type { CredentialSummary } from '../../../../shared/status';

export function ClientJwks({ summary }: { summary: CredentialSummary }) {
  const { config } = summary;
  const [shown, setShown] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (clientAuthOf(config.clientAuth).material !== 'private_key' || !summary.hasClientSecret)
    return null;
  const show = async () => {
    const result = await window.api.getClientPublicJwks({ id: config.id });
    if (result.ok) {
      setShown(JSON.stringify(result.value, null, 2));
      setProblem(null);
    } else {
      setProblem(result.error.message);
    }
  };
  return (
    <section className="client-jwks" aria-label="Public key to register">
      <button type="button" onClick={() => void show()}>
        Show public JWKS
      </button>
      {problem && <p role="alert">{problem}</p>}
      {shown && (
        <pre aria-label="Public JWKS" tabIndex={0}>
          {shown}
        </pre>
      )}
    </section>
  );
}
