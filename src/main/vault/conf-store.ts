// A `KeyValueStore` over `conf` (and, in the app, electron-store, which extends conf). conf
// writes atomically (temp file, fsync, rename) but throws on a file it cannot parse, or with
// `clearInvalidConfig` silently starts over. We do neither: the damaged file is moved aside as
// `<name>.corrupt-<timestamp>`, reported, and the store starts empty.
import Conf from 'conf';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { readJsonFile, removeStaleTempFiles } from './atomic-file';
import type { KeyValueStore } from './ports';

/** The subset of conf / electron-store this wrapper uses. */
export interface ConfLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly path: string;
}

/** What a factory receives. electron-store calls `configName` `name`; its factory maps it. */
export interface ConfLikeOptions {
  cwd: string;
  configName: string;
  /** Owner-only: configurations are not secret, but they are nobody else's business. */
  configFileMode: number;
  /** Keys are used as they are (ids may one day contain dots). */
  accessPropertiesByDotNotation: false;
  /** Never: we quarantine instead of silently starting over. */
  clearInvalidConfig: false;
}

export type ConfLikeFactory = (options: ConfLikeOptions) => ConfLike;

export const createConf: ConfLikeFactory = (options) => new Conf<Record<string, unknown>>(options);

export interface OpenConfStoreOptions {
  cwd: string;
  configName: string;
  factory?: ConfLikeFactory;
}

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

export function openConfStore(options: OpenConfStoreOptions): { store: KeyValueStore; warnings: string[] } {
  const factory = options.factory ?? createConf;
  const path = join(options.cwd, `${options.configName}.json`);
  const confOptions: ConfLikeOptions = {
    cwd: options.cwd,
    configName: options.configName,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  };
  const warnings: string[] = [];
  // conf's own temp files, left behind by a killed process, were never the committed state.
  removeStaleTempFiles(path);
  // Checked before conf sees the file: conf would either throw or wipe it.
  const checked = readJsonFile(path, { describe: 'configuration file', accept: isPlainObject });
  if (checked.kind === 'quarantined') warnings.push(checked.warning);
  let conf: ConfLike;
  try {
    conf = factory(confOptions);
  } catch (error) {
    // The file changed between our check and conf's read (another process wrote it): same policy.
    if (!(error instanceof SyntaxError)) throw error;
    const again = readJsonFile(path, { describe: 'configuration file', accept: isPlainObject });
    if (again.kind === 'quarantined') warnings.push(again.warning);
    conf = factory(confOptions);
  }
  return { store: wrapConf(conf), warnings };
}

function storageFailed(path: string, action: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new AppError(
    {
      code: 'storage_failed',
      message: `Could not ${action} ${path}${code ? ` (${code})` : ''}. Check that the disk has space and the file is intact and writable.`,
    },
    { cause: error },
  );
}

/** Turns conf's thrown errors (I/O, a file damaged while running) into `storage_failed` values. */
export function wrapConf(conf: ConfLike): KeyValueStore {
  return {
    get path() {
      return conf.path;
    },
    get(key) {
      try {
        return conf.get(key);
      } catch (error) {
        throw storageFailed(conf.path, 'read', error);
      }
    },
    set(key, value) {
      try {
        // conf refuses undefined ("use delete()"): treat it as a delete, as a Map-like store would.
        if (value === undefined) conf.delete(key);
        else conf.set(key, value);
      } catch (error) {
        throw storageFailed(conf.path, 'write', error);
      }
    },
    delete(key) {
      try {
        conf.delete(key);
      } catch (error) {
        throw storageFailed(conf.path, 'write', error);
      }
    },
  };
}
