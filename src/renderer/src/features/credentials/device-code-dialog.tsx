// RFC 8628 §3.3: the user types this code at the verification page on any device.
import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { copyText } from '../../ui/clipboard';
import { Dialog } from '../../ui/dialog';
import { formatCountdown } from '../../ui/format';
import { useNow } from '../../ui/use-now';

export function DeviceCodeDialog() {
  const prompt = useAppStore((s) => s.deviceCode);
  const cancelAuthorization = useAppStore((s) => s.cancelAuthorization);
  const now = useNow();
  const [copied, setCopied] = useState(false);
  if (!prompt) return null;

  const left = prompt.expiresAt - now;
  const link = prompt.verificationUriComplete ?? prompt.verificationUri;
  return (
    <Dialog
      title="Approve this device"
      onClose={() => void cancelAuthorization(prompt.credentialId)}
    >
      <p>Open the verification page and enter this code:</p>
      {/* Large, but a value and not a heading: a named group keeps it findable by its label. */}
      <div className="user-code" role="group" aria-label="User code">
        {prompt.userCode}
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void copyText(prompt.userCode).then(setCopied)}
        >
          {copied ? 'Copied' : 'Copy code'}
        </button>
        <a className="button-link" href={link} target="_blank" rel="noreferrer noopener">
          Open {prompt.verificationUri}
        </a>
      </div>
      <p className={left > 0 ? 'field-hint' : 'error-text'} aria-live="polite">
        {left > 0
          ? `The code expires in ${formatCountdown(left)}. Waiting for approval…`
          : 'The code has expired: authorize again for a new one.'}
      </p>
      <div className="form-actions">
        <button type="button" onClick={() => void cancelAuthorization(prompt.credentialId)}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
