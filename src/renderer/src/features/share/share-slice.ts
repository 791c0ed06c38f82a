// Share slice: exporting configurations, the import in progress (chosen files, the preview main
// computed for them, the user's decisions) and the credentials that wait for a secret. Main owns
// every decision; the renderer keeps the files' text only until the import is applied or cancelled.
import type { AppErrorInfo } from '../../../../shared/errors';
import type {
  AwaitingSecret,
  ImportOutcome,
  ImportPreview,
  ImportPreviewItem,
  ImportResolution,
  SecretKind,
} from '../../../../shared/share';
import type { SliceCreator } from '../../store/slice';
import type { NotificationsSlice } from '../notifications/notifications-slice';
import { saveTextFile } from '../../ui/save-text-file';

export interface ChosenFile {
  name: string;
  text: string;
}

export interface ImportDraft {
  files: ChosenFile[];
  preview: ImportPreview | null;
  variables: Record<string, string>;
  resolutions: Record<string, ImportResolution>;
  error: AppErrorInfo | null;
  busy: boolean;
}

export interface ShareSlice {
  importDraft: ImportDraft | null;
  lastImport: ImportOutcome | null;
  awaitingSecrets: AwaitingSecret[];
  exportCredentials(ids: string[], layout: 'bundle' | 'per_credential'): Promise<boolean>;
  chooseImportFiles(files: ChosenFile[]): Promise<void>;
  setImportVariable(name: string, value: string): void;
  setResolution(key: string, resolution: ImportResolution): void;
  refreshImportPreview(): Promise<void>;
  applyImport(): Promise<boolean>;
  cancelImport(): void;
  loadAwaitingSecrets(): Promise<void>;
  provideSecret(id: string, kind: SecretKind, value: string): Promise<AppErrorInfo | null>;
}

/** Conflicts and items with problems start as "skip": nothing is replaced unless the user says so. */
export function resolutionOf(
  item: ImportPreviewItem,
  chosen: Record<string, ImportResolution>,
): ImportResolution {
  return (
    chosen[item.key] ??
    (item.status === 'conflict' || Object.keys(item.problems).length > 0
      ? { action: 'skip' }
      : { action: 'create' })
  );
}

export const createShareSlice: SliceCreator<ShareSlice, Pick<NotificationsSlice, 'notify'>> = (
  set,
  get,
) => {
  const patchDraft = (patch: Partial<ImportDraft>) => {
    const draft = get().importDraft;
    if (draft) set({ importDraft: { ...draft, ...patch } });
  };
  const preview = async () => {
    const draft = get().importDraft;
    if (!draft) return;
    patchDraft({ busy: true });
    const result = await window.api.previewImport({
      files: draft.files,
      variables: draft.variables,
    });
    if (get().importDraft?.files !== draft.files) return; // another choice replaced this one
    if (result.ok) patchDraft({ preview: result.value, error: null, busy: false });
    else patchDraft({ preview: null, error: result.error, busy: false });
  };

  return {
    importDraft: null,
    lastImport: null,
    awaitingSecrets: [],

    async exportCredentials(ids, layout) {
      const result = await window.api.exportCredentials({ ids, layout });
      if (!result.ok) {
        get().notify('error', result.error.message);
        return false;
      }
      for (const file of result.value.files) saveTextFile(file.fileName, file.text);
      const n = result.value.files.length;
      get().notify(
        'success',
        `Exported ${n === 1 ? result.value.files[0]!.fileName : `${n} files`}: configurations only, no secrets or tokens.`,
      );
      return true;
    },

    async chooseImportFiles(files) {
      set({
        lastImport: null,
        importDraft: {
          files,
          preview: null,
          variables: {},
          resolutions: {},
          error: null,
          busy: true,
        },
      });
      await preview();
    },

    setImportVariable(name, value) {
      const draft = get().importDraft;
      if (draft) patchDraft({ variables: { ...draft.variables, [name]: value } });
    },

    setResolution(key, resolution) {
      const draft = get().importDraft;
      if (draft) patchDraft({ resolutions: { ...draft.resolutions, [key]: resolution } });
    },

    refreshImportPreview: preview,

    async applyImport() {
      const draft = get().importDraft;
      if (!draft || draft.busy) return false;
      patchDraft({ busy: true });
      const resolutions = Object.fromEntries(
        (draft.preview?.items ?? []).map((item) => [
          item.key,
          resolutionOf(item, draft.resolutions),
        ]),
      );
      const result = await window.api.applyImport({
        files: draft.files,
        variables: draft.variables,
        resolutions,
      });
      if (!result.ok) {
        patchDraft({ busy: false, error: result.error });
        return false;
      }
      set({ importDraft: null, lastImport: result.value });
      get().notify('success', result.value.message);
      await get().loadAwaitingSecrets();
      return true;
    },

    cancelImport() {
      set({ importDraft: null });
    },

    async loadAwaitingSecrets() {
      const result = await window.api.listAwaitingSecrets();
      if (result.ok) set({ awaitingSecrets: result.value });
    },

    async provideSecret(id, kind, value) {
      const result = await window.api.provideSecrets({ id, [kind]: value });
      if (!result.ok) return result.error;
      get().notify(
        'success',
        `Stored the ${kind === 'clientSecret' ? 'client secret' : 'password'} of ${result.value.config.name}, encrypted.`,
      );
      await get().loadAwaitingSecrets();
      return null;
    },
  };
};
