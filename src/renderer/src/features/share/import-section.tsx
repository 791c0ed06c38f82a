// Import: choose files (or a Bruno collection folder), review what main says will happen, decide
// every name conflict, then import. Nothing is written before the Import button.
import { useRef } from 'react';
import { useAppStore } from '../../store/app-store';
import { readChosenFiles } from './download';
import { ImportPreviewView } from './import-preview';

/** `webkitdirectory` is not in React's input attributes; Chromium and Electron both support it. */
const FOLDER_INPUT = { webkitdirectory: '' } as Record<string, string>;

export function ImportSection() {
  const draft = useAppStore((s) => s.importDraft);
  const choose = useAppStore((s) => s.chooseImportFiles);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onChosen = async (input: HTMLInputElement | null) => {
    if (!input?.files?.length) return;
    const files = await readChosenFiles(input.files);
    input.value = ''; // choosing the same file again must fire a change
    await choose(files);
  };

  return (
    <section className="form-section" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p className="muted">
        An OAuth Desk export, a Postman collection (v2.1, with its environment files), an Insomnia
        export (v4 JSON or v5 YAML) or a Bruno collection (.bru files or the collection folder). You
        see what will be created before anything changes; the chosen files are only read.
      </p>
      <div className="form-actions">
        <label className="button-link" htmlFor="import-files">
          Choose files…
        </label>
        <input
          id="import-files"
          ref={fileInput}
          className="visually-hidden"
          type="file"
          multiple
          accept=".json,.yaml,.yml,.bru,application/json"
          aria-label="Files to import"
          onChange={() => void onChosen(fileInput.current)}
        />
        <label className="button-link" htmlFor="import-folder">
          Choose a Bruno folder…
        </label>
        <input
          id="import-folder"
          ref={folderInput}
          className="visually-hidden"
          type="file"
          multiple
          {...FOLDER_INPUT}
          aria-label="Bruno collection folder to import"
          onChange={() => void onChosen(folderInput.current)}
        />
      </div>
      {draft && <ImportPreviewView />}
    </section>
  );
}
