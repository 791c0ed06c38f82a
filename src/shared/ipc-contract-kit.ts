// The building blocks every section of the IPC contract uses (ipc-contract.ts and the
// ipc-contract-<area>.ts files it spreads in), kept apart so a section does not import the
// contract that imports it.
import { z } from 'zod';

/** A phantom marker that carries a response type without a runtime value. */
export const returns = <T>() => undefined as unknown as T;

/** The request of a channel that takes none. */
export const none = z.undefined();

/** The request of a channel about one credential (or `credential~environment~account` target). */
export const byId = z.object({ id: z.string().min(1).max(128) });
