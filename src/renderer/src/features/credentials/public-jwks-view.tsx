// A public JWKS to register at the provider (RFC 7591 §2 `jwks`), with a Copy button. Public keys
// only: main never sends a private key here.
import { useState } from 'react';
import { copyText } from '../../ui/clipboard';

export function PublicJwksView({ jwks }: { jwks: { keys: Record<string, unknown>[] } }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = JSON.stringify(jwks, null, 2);
  return (
    <div className="public-jwks">
      <pre aria-label="Public JWKS" tabIndex={0}>
        {text}
      </pre>
      <button type="button" onClick={() => void copyText(text).then(setCopied)}>
        Copy public JWKS
      </button>
      <span role="status">
        {copied === true
          ? 'Public JWKS copied.'
          : copied === false
            ? 'The clipboard refused the copy: select the JWKS and copy it.'
            : ''}
      </span>
    </div>
  );
}
