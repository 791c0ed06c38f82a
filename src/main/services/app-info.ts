// What the About panel and the storage banner show: where data lives and how secrets are protected.
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { AppInfo } from '../../shared/status';
import type { Cipher } from '../vault/ports';

export interface AppInfoDeps {
  mode: 'electron' | 'browser';
  cipher: Cipher;
  dataDir: string;
  /** Files found corrupt at start and moved aside. */
  warnings: readonly string[];
  /** From the Electron shell; browser mode has no scheme of its own. */
  appScheme?: () => AppInfo['appScheme'];
}

const BROWSER_MODE_SCHEME: AppInfo['appScheme'] = {
  registered: false,
  note: 'Browser mode receives no oauthdesk:// links: sign-ins use the RFC 8252 loopback redirect (http://127.0.0.1:<port>/callback).',
};

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
        appScheme: deps.appScheme?.() ?? BROWSER_MODE_SCHEME,
      };
    },
  };
}
