// private_key_jwt: the public key to register at the provider, as the JWKS its client
// registration takes (RFC 7591 §2 `jwks`). Main derives it from the stored key; the private key
// never comes here.
import { useState } from 'react';
import { clientAuthOf } from '../../../../shared/client-auth';
import type { CredentialSummary } from '../../../../shared/status';
import { PublicJwksView } from './public-jwks-view';

export function ClientJwks({ summary }: { summary: CredentialSummary }) {
  const { config } = summary;
  // Shown for one saved version: a key replaced by an edit (a new key generated) is asked for again.
  const [shown, setShown] = useState<{
    version: number;
    jwks: { keys: Record<string, unknown>[] };
  } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (clientAuthOf(config.clientAuth).material !== 'private_key' || !summary.hasClientSecret)
    return null;
  const show = async () => {
    const result = await window.api.getClientPublicJwks({ id: config.id });
    if (result.ok) {
      setShown({ version: config.updatedAt, jwks: result.value });
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
      {shown?.version === config.updatedAt && <PublicJwksView jwks={shown.jwks} />}
    </section>
  );
}
