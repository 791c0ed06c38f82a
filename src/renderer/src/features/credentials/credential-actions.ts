// The per-credential actions: what each calls in main, what it says while running, and how its
// outcome reads in a notification. Pure data, so the slice and the buttons share one table.
import type { RendererApi } from '../../../../shared/ipc-contract';
import type { Result } from '../../../../shared/errors';
import type { CredentialSummary, RevokeOutcome, TestOutcome } from '../../../../shared/status';

export const CREDENTIAL_ACTIONS = [
  'authorize',
  'test',
  'refresh',
  'invalidate',
  'revoke',
  'clearSession',
  'duplicate',
  'delete',
] as const;
export type CredentialAction = (typeof CREDENTIAL_ACTIONS)[number];

/** What an action tells the store once main has answered. */
export interface ActionOutcome {
  /** The credential as main now sees it, when the answer carries one. */
  summary?: CredentialSummary;
  /** A credential that now exists and should be selected (duplicate). */
  created?: CredentialSummary;
  removedId?: string;
  /** `false` when main answered but the action did not do what was asked (a failed test). */
  ok: boolean;
  message: string;
}

interface ActionSpec {
  label: string;
  progress: string;
  run: (api: RendererApi, id: string, name: string) => Promise<Result<ActionOutcome>>;
  /** Actions that wait on the provider can be cancelled while they run. */
  cancel?: {
    label: string;
    run: (api: RendererApi, id: string) => Promise<Result<{ cancelled: boolean }>>;
  };
}

const stopWaiting = (label: string): ActionSpec['cancel'] => ({
  label,
  run: (api, id) => api.cancelCredentialAction({ id }),
});

/** Maps a successful result's value to an outcome, keeping failures as they are. */
async function then<T>(
  call: Promise<Result<T>>,
  map: (value: T) => ActionOutcome,
): Promise<Result<ActionOutcome>> {
  const result = await call;
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

function testOutcome(outcome: TestOutcome): ActionOutcome {
  return { summary: outcome.summary, ok: outcome.ok, message: outcome.message };
}

function revokeOutcome(outcome: RevokeOutcome): ActionOutcome {
  return { summary: outcome.summary, ok: outcome.provider !== 'failed', message: outcome.message };
}

export const ACTION_SPECS: Record<CredentialAction, ActionSpec> = {
  authorize: {
    label: 'Authorize',
    progress: 'Authorizing…',
    run: (api, id, name) =>
      then(api.authorizeCredential({ id }), (summary) => ({
        summary,
        ok: true,
        message: `${name} is authorized.`,
      })),
    cancel: {
      label: 'Cancel authorization',
      run: (api, id) => api.cancelAuthorization({ id }),
    },
  },
  test: {
    label: 'Test',
    progress: 'Testing…',
    run: (api, id) => then(api.testCredential({ id }), testOutcome),
    cancel: stopWaiting('Cancel test'),
  },
  refresh: {
    label: 'Refresh now',
    progress: 'Refreshing…',
    run: (api, id, name) =>
      then(api.refreshCredential({ id }), (summary) => ({
        summary,
        ok: true,
        message: `Got a fresh token for ${name}.`,
      })),
    cancel: stopWaiting('Cancel refresh'),
  },
  invalidate: {
    label: 'Invalidate token',
    progress: 'Invalidating…',
    run: (api, id, name) =>
      then(api.invalidateToken({ id }), (summary) => ({
        summary,
        ok: true,
        message: `The access token of ${name} is marked expired; the next use renews it.`,
      })),
  },
  revoke: {
    label: 'Revoke',
    progress: 'Revoking…',
    run: (api, id) => then(api.revokeCredential({ id }), revokeOutcome),
  },
  clearSession: {
    label: 'Clear session',
    progress: 'Clearing…',
    run: (api, id) =>
      then(api.clearAuthSession({ id }), ({ cleared }) => ({
        ok: true,
        message: cleared
          ? 'Sign-in session cleared: the next authorization asks you to sign in again.'
          : 'There was no stored sign-in session to clear.',
      })),
  },
  duplicate: {
    label: 'Duplicate',
    progress: 'Duplicating…',
    run: (api, id) =>
      then(api.duplicateCredential({ id }), (created) => ({
        created,
        ok: true,
        message: `Created ${created.config.name}.`,
      })),
  },
  delete: {
    label: 'Delete',
    progress: 'Deleting…',
    run: (api, id, name) =>
      then(api.deleteCredential({ id }), () => ({
        removedId: id,
        ok: true,
        message: `Deleted ${name}.`,
      })),
  },
};
