// The timeline feature in one place: the recorder, the recording ports handed to the engine, the
// authorizers and the request runner, persistence when turned on, and the IPC handlers.
import type { CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { EventEmitterPort, InvokeHandlers } from '../../shared/ipc-contract';
import type { TimelineFlow, TimelineSettings } from '../../shared/timeline';
import type { Authorizer, FetchLike, Logger, OAuthEngine } from '../oauth/ports';
import type { RequestRunner } from '../services/request-runner';
import type { AsyncFsPort } from '../vault/atomic-file-async';
import { toHar } from './har';
import { createTimelineRecorder, type TimelineRecorderOptions } from './recorder';
import { recordAuthorizerFor } from './recording-authorizer';
import { recordEngine, recordRunner } from './recording-engine';
import { createRecordingFetch } from './recording-fetch';
import { curlVariables, stepToCurl } from './step-curl';
import { readTimelineFile, removeTimelineCopies, writeTimelineFile } from './timeline-file';

export type TimelineHandlerName =
  | 'listTimeline'
  | 'clearTimeline'
  | 'revealTimelineValue'
  | 'exportTimelineHar'
  | 'copyTimelineStepAsCurl'
  | 'setTimelineSettings';

export interface TimelineServiceOptions extends TimelineRecorderOptions {
  dataDir: string;
  emit: EventEmitterPort;
  fetch?: FetchLike;
  logger?: Logger;
  appVersion?: string;
  /** How long changes are gathered before one event (and one write) goes out. */
  batchMs?: number;
  /** The file system the writer uses (node's by default; tests inject faults through it). */
  fs?: AsyncFsPort;
}

export interface TimelineService {
  fetch: FetchLike;
  recordEngine(engine: OAuthEngine): OAuthEngine;
  recordRunner(runner: RequestRunner): RequestRunner;
  recordAuthorizerFor(
    authorizerFor: (config: CredentialConfig) => Authorizer,
  ): (config: CredentialConfig) => Authorizer;
  handlers(engine: Pick<OAuthEngine, 'list'>): Pick<InvokeHandlers, TimelineHandlerName>;
  warnings: string[];
  /**
   * Sends pending events, then resolves once every change so far is written (after any write in
   * progress); rejects with `storage_failed` when the file could not be written.
   */
  flush(): Promise<void>;
}

export function createTimelineService(options: TimelineServiceOptions): TimelineService {
  const recorder = createTimelineRecorder(options);
  const { content, warning } = readTimelineFile(options.dataDir);
  const settings: TimelineSettings = { persist: content.persist };
  recorder.restore(content.flows);

  const pendingFlows = new Map<string, TimelineFlow>();
  const pendingRemoved = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  /** The flows changed since the file was last written. */
  let dirty = false;
  /** Flows were cleared: the copies beside the file (a damaged one moved aside) go too. */
  let purge = false;
  // The file's writes, one after another, none started before the last one ended; each takes the
  // flows and the setting as they are when its turn comes, so a write queued behind turning the
  // setting off writes no flow.
  let queue: Promise<void> = Promise.resolve();
  const inTurn = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  /** The save that waits for its turn: a later change joins it instead of queuing one more. */
  let waitingSave: Promise<void> | undefined;
  /** Writes the file (when kept) and removes the copies; rejects with `storage_failed` when it could not. */
  const save = () =>
    (waitingSave ??= inTurn(async () => {
      waitingSave = undefined;
      const writing = dirty && settings.persist;
      if (!writing && !purge) return;
      const purging = purge;
      dirty = false;
      purge = false;
      try {
        if (writing)
          await writeTimelineFile(
            options.dataDir,
            { persist: true, flows: recorder.list() },
            options.fs,
          );
        if (purging) removeTimelineCopies(options.dataDir);
      } catch (error) {
        // Tried again at the next write.
        dirty ||= writing;
        purge ||= purging;
        throw error;
      }
    }));
  const sendEvents = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pendingFlows.size && !pendingRemoved.size) return;
    // One copy of each changed flow per batch, as it is now (the recorder hands out its own).
    const change = {
      flows: [...pendingFlows.values()].map((flow) => structuredClone(flow)),
      removedIds: [...pendingRemoved],
    };
    pendingFlows.clear();
    pendingRemoved.clear();
    options.emit('timelineChanged', change);
  };
  const flush = async () => {
    sendEvents();
    await save();
  };
  const flushInBackground = () => {
    flush().catch((error: unknown) =>
      options.logger?.warn('Could not write the timeline file', {
        code: (error as NodeJS.ErrnoException).code,
      }),
    );
  };
  recorder.onChange((change) => {
    for (const flow of change.flows) pendingFlows.set(flow.id, flow);
    for (const id of change.removedIds) {
      pendingFlows.delete(id);
      pendingRemoved.add(id);
    }
    dirty = true;
    if (change.cleared) purge = true;
    timer ??= setTimeout(flushInBackground, options.batchMs ?? 100);
    timer.unref?.();
  });

  return {
    fetch: createRecordingFetch(options.fetch ?? ((input, init) => fetch(input, init))),
    recordEngine: (engine) => recordEngine(engine, recorder),
    recordRunner: (runner) => recordRunner(runner, recorder),
    recordAuthorizerFor,
    warnings: warning ? [warning] : [],
    flush,
    handlers: (engine) => ({
      listTimeline: async () => ({ flows: recorder.list(), settings: { ...settings } }),
      clearTimeline: async ({ credentialId }) => {
        const cleared = recorder.clear(credentialId);
        // Gone from the data folder before the answer says so.
        await flush().catch((error: unknown) => {
          throw notClearedOnDisk(error);
        });
        return { cleared };
      },
      revealTimelineValue: async ({ secretRef }) => {
        const value = recorder.reveal(secretRef);
        if (value === undefined) {
          throw new AppError({
            code: 'not_found',
            message:
              'That value is no longer kept: values are kept only in memory for the flows recorded since OAuth Desk started. Run the flow again to see it.',
          });
        }
        return { value };
      },
      exportTimelineHar: async ({ flowIds }) => {
        const wanted = new Set(flowIds);
        const flows = recorder.list().filter((f) => wanted.has(f.id));
        if (!flows.length)
          throw new AppError({
            code: 'not_found',
            message:
              'None of the chosen flows is in the timeline any more. Choose flows from the list and export again.',
          });
        const names = new Map((await engine.list()).map((s) => [s.config.id, s.config.name]));
        const har = toHar(flows, {
          creatorVersion: options.appVersion ?? '0.0.0',
          credentialNames: names,
        });
        const stamp = new Date(flows[0]!.startedAt).toISOString().replace(/[:.]/g, '-');
        return { fileName: `oauth-desk-${stamp}.har`, text: JSON.stringify(har, null, 2) };
      },
      copyTimelineStepAsCurl: async ({ flowId, stepId }) => {
        const step = recorder.get(flowId)?.steps.find((s) => s.id === stepId);
        if (!step?.request)
          throw new AppError({
            code: 'not_found',
            message: 'That step is no longer in the timeline, or it sent no HTTP request.',
          });
        return { command: stepToCurl(step), variables: curlVariables(step) };
      },
      setTimelineSettings: async ({ persist }) => {
        // Turning it off removes what was written: the file then holds the setting alone, and no
        // other copy is left. The setting changes only once the data folder says so.
        await inTurn(async () => {
          // Changes from here on are the next write's.
          dirty = false;
          try {
            await writeTimelineFile(
              options.dataDir,
              { persist, flows: recorder.list() },
              options.fs,
            );
            if (!persist) removeTimelineCopies(options.dataDir);
          } catch (error) {
            // The setting stays as it was: the next write makes the file say so again.
            dirty = true;
            throw error;
          }
          settings.persist = persist;
        });
        return { ...settings };
      },
    }),
  };
}

/** Clear's failure: the flows left the timeline on screen but are still in the data folder. */
function notClearedOnDisk(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(
    {
      code: error.code,
      message: `The flows were cleared from the timeline but are still in the data folder. ${error.message}`,
    },
    { cause: error },
  );
}
