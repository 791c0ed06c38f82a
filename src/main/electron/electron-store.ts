// Configurations in the app live in electron-store (conf plus Electron's paths). The vault's
// conf wrapper does the quarantine and atomic-write policy; this only maps its options.
import ElectronStore from 'electron-store';
import type { ConfLikeFactory } from '../vault/conf-store';

export const createElectronStore: ConfLikeFactory = (options) =>
  new ElectronStore<Record<string, unknown>>({
    cwd: options.cwd,
    name: options.configName,
    configFileMode: options.configFileMode,
    accessPropertiesByDotNotation: options.accessPropertiesByDotNotation,
    clearInvalidConfig: options.clearInvalidConfig,
  });
