// The last token-endpoint response as JSON, with every secret masked by main; Reveal asks main
// for the unmasked text (never sent unasked) and Hide forgets it.
import { useState } from 'react';
import { useAppStore } from '../../store/app-store';

interface Props {
  id: string;
  masked: Record<string, unknown>;
}

/** Mount with `key` per token so a revealed response never outlives the token it shows. */
export function TokenResponseView({ id, masked }: Props) {
  const notify = useAppStore((s) => s.notify);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = async () => {
    if (revealed !== null) return setRevealed(null);
    setBusy(true);
    const result = await window.api.revealTokenResponse({ id });
    setBusy(false);
    if (!result.ok) return notify('error', result.error.message);
    setRevealed(result.value.text);
  };

  return (
    <section className="token-response" aria-label="Token response">
      <h4>Token response</h4>
      <pre className="token-value" aria-label="Token response body">
        {revealed ?? JSON.stringify(masked, null, 2)}
      </pre>
      <button type="button" disabled={busy} onClick={() => void toggle()}>
        {revealed !== null ? 'Hide token response' : 'Reveal token response'}
      </button>
    </section>
  );
}
