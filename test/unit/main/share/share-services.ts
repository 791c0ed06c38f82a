// The real app services (vault on files, engine, share handlers) over a fresh data folder, and a
// helper that calls a handler the way the IPC router does: through the contract's schema first.
import { afterEach } from 'vitest';
import {
  parseRequest,
  type EventName,
  type InvokeName,
  type RequestOf,
  type ResponseOf,
} from '../../../../src/shared/ipc-contract';
import { AppError, type AppErrorInfo } from '../../../../src/shared/errors';
import type { CredentialConfig } from '../../../../src/shared/credential';
import { createAppServices, type AppServices } from '../../../../src/main/services/app-services';
import { keyFileCipher } from '../../../../src/main/vault/open-data-stores';
import { useTempDirs } from '../../../support/temp-dirs';

export interface Desk {
  services: AppServices;
  dataDir: string;
  events: Array<{ name: EventName; payload: unknown }>;
  call<K extends InvokeName>(name: K, request: RequestOf<K>): Promise<ResponseOf<K>>;
  /** The error a call fails with (the test fails if it succeeds). */
  failure<K extends InvokeName>(name: K, request: RequestOf<K>): Promise<AppErrorInfo>;
  configs(): Promise<CredentialConfig[]>;
}

export function useDesks(): (dataDir?: string) => Promise<Desk> {
  const tempDir = useTempDirs();
  const open: AppServices[] = [];
  afterEach(async () => {
    for (const services of open.splice(0)) await services.close();
  });
  return async (dataDir = tempDir()) => {
    const events: Desk['events'] = [];
    const services = await createAppServices({
      dataDir,
      cipher: keyFileCipher,
      authorizerFor: () => ({
        begin: () => Promise.reject(new Error('no interactive flow in this test')),
      }),
      emit: (name, payload) => events.push({ name, payload }),
      mode: 'browser',
      broker: false,
    });
    open.push(services);
    const call = async <K extends InvokeName>(name: K, request: RequestOf<K>) => {
      const parsed = parseRequest(name, request);
      if (!parsed.ok) throw new AppError(parsed.error);
      return (services.handlers[name] as (r: unknown) => Promise<ResponseOf<K>>)(parsed.value);
    };
    return {
      services,
      dataDir,
      events,
      call,
      async failure(name, request) {
        try {
          await call(name, request);
        } catch (error) {
          if (error instanceof AppError) return error.toInfo();
          throw error;
        }
        throw new Error(`${name} was expected to fail`);
      },
      async configs() {
        return (await services.engine.list()).map((s) => s.config);
      },
    };
  };
}

/** A configuration without what belongs to one machine, for comparing across data folders. */
export function portable(
  config: CredentialConfig,
): Omit<CredentialConfig, 'id' | 'createdAt' | 'updatedAt'> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = config;
  return rest;
}
