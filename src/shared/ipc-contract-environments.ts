// The environments section of the IPC contract (environment.ts): a credential's environments
// and the app's active one. Spread into `invokeContract` in ipc-contract.ts, which derives
// everything else (handlers, preload, bridge, `window.api`) from the combined map.
import { z } from 'zod';
import { secretUpdateSchema } from './credential';
import { environmentSchema, TARGET_SEPARATOR } from './environment';
import { returns, none } from './ipc-contract-kit';
import type { CredentialSummary } from './status';

/** A credential itself, not one of its environments (`credential~environment`). */
const credentialIdOnly = z
  .string()
  .min(1)
  .max(128)
  .refine(
    (id) => !id.includes(TARGET_SEPARATOR),
    'Name the credential, not one of its environments',
  );
/** The app's active environment name; null for each credential's first. */
const activeEnvironmentNameSchema = z.string().trim().min(1).max(40).nullable();

/** name -> request schema + response type, as in `invokeContract`. */
export const environmentsInvokeContract = {
  saveEnvironment: {
    channel: 'environments:save',
    request: z.object({
      id: credentialIdOnly,
      environment: environmentSchema.extend({ id: environmentSchema.shape.id.optional() }),
      clientSecret: secretUpdateSchema,
    }),
    response: returns<CredentialSummary>(),
  },
  removeEnvironment: {
    channel: 'environments:remove',
    request: z.object({ id: credentialIdOnly, environmentId: environmentSchema.shape.id }),
    response: returns<CredentialSummary>(),
  },
  getActiveEnvironment: {
    channel: 'environments:active',
    request: none,
    response: returns<{ name: string | null }>(),
  },
  setActiveEnvironment: {
    channel: 'environments:set-active',
    request: z.object({ name: activeEnvironmentNameSchema }),
    response: returns<{ name: string | null }>(),
  },
} as const;
