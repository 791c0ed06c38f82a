// Types for scripts/electron-args.mjs (plain Node, run before anything is built).
export declare const PASSWORD_STORES: string[];
export declare function splitLauncherArgs(
  args: string[],
): { viteArgs: string[]; electronArgs: string[]; error?: undefined } | { error: string };
export declare function electronCliArgsEnv(
  existing: string | undefined,
  electronArgs: string[],
): string | undefined;
