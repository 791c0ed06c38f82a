// Environments slice: the app's active environment (main keeps it, on disk) and which production
// environments the request tester has been allowed to send to since the last switch. Editing a
// credential's environments goes through main's environments:save and environments:remove.
import type { SecretUpdate } from '../../../../shared/credential';
import type { EnvironmentDraft } from '../../../../shared/environment';
import type { Result } from '../../../../shared/errors';
import type { CredentialSummary } from '../../../../shared/status';
import type { SliceCreator } from '../../store/slice';
import type { CredentialsSlice } from '../credentials/credentials-slice';
import type { NotificationsSlice } from '../notifications/notifications-slice';
import type { TesterSlice } from '../tester/tester-slice';

export interface EnvironmentsSlice {
  /** The active environment's name; null means each credential's first (Default). */
  activeEnvironment: string | null;
  /** True while a switch is on its way to main or the list is being reloaded for it. */
  switchingEnvironment: boolean;
  /**
   * `<credential id>~<environment id>` of production environments the user agreed to send to.
   * Cleared on every switch: coming back to production asks again.
   */
  productionConfirmed: string[];
  loadActiveEnvironment(): Promise<void>;
  setActiveEnvironment(name: string | null): Promise<void>;
  confirmProduction(target: string): void;
  saveEnvironment(
    credentialId: string,
    environment: EnvironmentDraft,
    clientSecret: SecretUpdate,
  ): Promise<Result<CredentialSummary>>;
  removeEnvironment(
    credentialId: string,
    environmentId: string,
  ): Promise<Result<CredentialSummary>>;
}

export const createEnvironmentsSlice: SliceCreator<
  EnvironmentsSlice,
  Pick<NotificationsSlice, 'notify'> &
    Pick<CredentialsSlice, 'loadCredentials' | 'upsertCredential'> &
    Pick<TesterSlice, 'draft' | 'chooseEnvironment'>
> = (set, get) => {
  /**
   * The list shows each credential in the active environment. main answers an edit with the
   * environment it worked on, which may be another: ask for the credential as the list shows it.
   */
  const refresh = async (credentialId: string) => {
    const shown = await window.api.getCredential({ id: credentialId });
    if (shown.ok) get().upsertCredential(shown.value);
  };
  return {
    activeEnvironment: null,
    switchingEnvironment: false,
    productionConfirmed: [],

    async loadActiveEnvironment() {
      const result = await window.api.getActiveEnvironment();
      if (result.ok) set({ activeEnvironment: result.value.name });
    },

    async setActiveEnvironment(name) {
      set({ switchingEnvironment: true });
      try {
        const result = await window.api.setActiveEnvironment({ name });
        if (!result.ok) {
          get().notify('error', result.error.message, { subject: 'environment' });
          return;
        }
        set({ activeEnvironment: result.value.name, productionConfirmed: [] });
        // Every status, token and marker in the list is of the environment now active.
        await get().loadCredentials();
      } finally {
        set({ switchingEnvironment: false });
      }
    },

    confirmProduction(target) {
      set((state) => ({ productionConfirmed: [...state.productionConfirmed, target] }));
    },

    async saveEnvironment(credentialId, environment, clientSecret) {
      const result = await window.api.saveEnvironment({
        id: credentialId,
        environment,
        clientSecret,
      });
      if (result.ok) {
        await refresh(credentialId);
        get().notify('success', `Saved the ${environment.name} environment.`, {
          subject: credentialId,
        });
      }
      return result;
    },

    async removeEnvironment(credentialId, environmentId) {
      const result = await window.api.removeEnvironment({ id: credentialId, environmentId });
      if (result.ok) {
        // A tester request picked for the removed environment follows the active one again.
        const { draft } = get();
        if (draft.credentialId === credentialId && draft.environmentId === environmentId)
          get().chooseEnvironment(null);
        await refresh(credentialId);
      }
      get().notify(
        result.ok ? 'success' : 'error',
        result.ok ? 'Environment removed.' : result.error.message,
        { subject: credentialId },
      );
      return result;
    },
  };
};
