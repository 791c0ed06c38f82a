// Removing an environment erases its own tokens and client secret, and nothing of the others:
// say so before doing it.
import type { CredentialEnvironment } from '../../../../shared/environment-types';
import { useAppStore } from '../../store/app-store';
import { Dialog } from '../../ui/dialog';

interface Props {
  credentialId: string;
  credentialName: string;
  environment: CredentialEnvironment;
  onClose: () => void;
}

export function RemoveEnvironmentDialog({
  credentialId,
  credentialName,
  environment,
  onClose,
}: Props) {
  const remove = useAppStore((s) => s.removeEnvironment);
  return (
    <Dialog
      title={`Remove ${environment.name}?`}
      role="alertdialog"
      onClose={onClose}
      // Its Remove button goes with it: Add environment is the natural place to be.
      fallbackFocus={() => document.querySelector('[data-environment-opener="add"]')}
    >
      <p>
        This removes the {environment.name} environment from {credentialName}, with its cached
        tokens and its own client secret. The other environments and their tokens stay as they are.
      </p>
      <p className="field-hint">
        Tokens already issued stay valid at the provider until they expire: use Revoke in this
        environment first to end them there.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="danger"
          onClick={() => {
            onClose();
            void remove(credentialId, environment.id);
          }}
        >
          Remove environment
        </button>
        <button type="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
