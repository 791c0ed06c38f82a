// The accounts section of the IPC contract (accounts.ts): the signed-in users of a credential's
// environment. `id` is a credential, `credential~environment` or `credential~environment~account`;
// a credential or environment alone means its default account. Spread into `invokeContract` in
// ipc-contract.ts, which derives everything else (handlers, preload, bridge, `window.api`).
import { z } from 'zod';
import { accountNameSchema } from './accounts';
import { byId, returns } from './ipc-contract-kit';
import type { CredentialSummary, RevokeOutcome } from './status';

/** name -> request schema + response type, as in `invokeContract`. */
export const accountsInvokeContract = {
  /** Signs in another user on the environment, keeping the accounts already signed in. */
  addAccount: { channel: 'accounts:add', request: byId, response: returns<CredentialSummary>() },
  /** Password grant: another username/password pair; the password goes to main only, never back. */
  addPasswordAccount: {
    channel: 'accounts:add-password',
    request: z.object({
      id: z.string().min(1).max(128),
      username: z.string().trim().min(1, 'Username is required').max(512),
      password: z.string().min(1, 'Password is required').max(8192),
    }),
    response: returns<CredentialSummary>(),
  },
  signOutAccount: {
    channel: 'accounts:sign-out',
    request: byId,
    response: returns<RevokeOutcome>(),
  },
  setDefaultAccount: {
    channel: 'accounts:set-default',
    request: byId,
    response: returns<CredentialSummary>(),
  },
  renameAccount: {
    channel: 'accounts:rename',
    request: z.object({
      id: z.string().min(1).max(128),
      name: accountNameSchema.pipe(z.string().min(1, 'Account name is required')),
    }),
    response: returns<CredentialSummary>(),
  },
} as const;
