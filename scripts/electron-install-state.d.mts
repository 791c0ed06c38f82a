// Types for scripts/electron-install-state.mjs (plain Node, run before anything is built).
export declare const INSTALLER_NODE: { major: number; minor: number };
export declare function platformBinaryPath(platform: string): string | null;
export type ElectronInstallState =
  | { state: 'no-package' }
  | { state: 'unsupported-platform'; version: string }
  | { state: 'missing'; version: string }
  | { state: 'installed'; version: string; executable: string };
export declare function electronInstallState(
  electronDir: string,
  env?: Record<string, string | undefined>,
  platform?: string,
): ElectronInstallState;
export declare function nodeCanInstall(nodeVersion?: string): boolean;
export declare function installFailureReason(stderr: string): string;
export declare function retryCommand(lifecycleEvent: string | undefined): string;
export declare function installFailureMessage(options: {
  version: string;
  reason: string;
  nodeVersion?: string;
  command?: string;
}): string;
export declare function sandboxAdvice(options: {
  platform: string;
  electronDir: string;
  restrictUsernsFile?: string;
  uid?: number;
}): string | null;
