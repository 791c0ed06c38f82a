// The code editor used for bodies, headers and JWT claims. CodeMirror is heavy, so it is loaded
// on first use (its own chunk, fetched when the request tester or a decoded token first shows)
// and stays out of the JavaScript the app needs to start.
import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './code-editor-props';

export type { CodeEditorProps } from './code-editor-props';

const CodeMirrorEditor = lazy(() => import('./code-mirror-editor'));

export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense
      fallback={
        <p className="code-editor-loading muted" aria-live="polite">
          Loading the editor…
        </p>
      }
    >
      <CodeMirrorEditor {...props} />
    </Suspense>
  );
}
