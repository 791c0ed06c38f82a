// Before the request tester sends to a production environment, it asks. Once per environment
// until the next switch: the question is there so nobody sends to production unaware, and
// asking on every send would teach people to click through it (the switch resets it).
import { useState, type ReactNode } from 'react';
import { targetId } from '../../../../shared/environment-resolve';
import { useAppStore } from '../../store/app-store';
import { Dialog } from '../../ui/dialog';
import { testerEnvironment } from './tester-environment';

export function useProductionGuard(send: () => void): { attempt: () => void; dialog: ReactNode } {
  const summary = useAppStore((s) =>
    s.draft.credentialId ? s.credentials[s.draft.credentialId] : undefined,
  );
  const environmentId = useAppStore((s) => s.draft.environmentId);
  const confirmed = useAppStore((s) => s.productionConfirmed);
  const confirm = useAppStore((s) => s.confirmProduction);
  const [asking, setAsking] = useState(false);
  const env = testerEnvironment(summary, environmentId);
  const target = summary && env ? targetId(summary.config.id, env.id) : null;
  const mustAsk = Boolean(env?.production && target && !confirmed.includes(target));

  const attempt = () => (mustAsk ? setAsking(true) : send());
  const close = () => setAsking(false);
  const dialog =
    asking && summary && env && target ? (
      <Dialog title={`Send to ${env.name}?`} role="alertdialog" onClose={close}>
        <p>
          This request uses {summary.config.name} in its {env.name} environment, which is marked
          production. It goes to the real service with a production token.
        </p>
        <p className="field-hint">
          You are asked once for this environment until you switch environments.
        </p>
        <div className="form-actions">
          <button
            type="button"
            className="danger"
            onClick={() => {
              confirm(target);
              close();
              send();
            }}
          >
            Send to {env.name}
          </button>
          {/* The safe choice gets the focus: Enter right away must not send. */}
          <button type="button" data-autofocus onClick={close}>
            Cancel
          </button>
        </div>
      </Dialog>
    ) : null;
  return { attempt, dialog };
}
