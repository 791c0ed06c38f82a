// What the About panel and the storage banner show: where data lives and how secrets are protected.
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { Cipher } from '../vault/ports';

export interface AppInfoDeps {
  mode: 'electron' | 'browser';
  cipher: Cipher;
  dataDir: string;
  /** Files found corrupt at start and moved aside. */
  warnings: readonly string[];
}

export function createAppInfoHandler(deps: AppInfoDeps): Pick<InvokeHandlers, 'getAppInfo'> {
  return {
    getAppInfo: async () => {
      const available = deps.cipher.isAvailable();
      return {
        mode: deps.mode,
        secretProtection: deps.cipher.label,
        encryptionAvailable: available,
        encryptionProblem: available ? null : deps.cipher.unavailableReason(),
        dataDir: deps.dataDir,
        storageWarnings: [...deps.warnings],
      };
    },
  };
}
