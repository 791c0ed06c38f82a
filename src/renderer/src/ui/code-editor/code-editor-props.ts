// What a code editor shows and how it reports edits; shared by the lazy wrapper and CodeMirror.
export interface CodeEditorProps {
  /** The accessible name of the editable text (also what tests and screen readers find it by). */
  label: string;
  value: string;
  /** Absent for a read-only view. */
  onChange?: (value: string) => void;
  language: 'json' | 'text';
  /** Mark JSON syntax errors in the text as the user types (request bodies). */
  lintJson?: boolean;
  /** What describes the text (the hint or the error shown under it), for screen readers. */
  description?: string;
  invalid?: boolean;
  /** Rows of text the editor is tall before it scrolls. */
  minLines?: number;
}
