// jsdom has no layout, which CodeMirror measures for every edit, so component tests swap the
// CodeMirror module for this plain control with the same props: a textarea when editable, a
// <pre> when read-only, carrying the name, description and validity CodeMirror would put on its
// content element. The editor itself (highlighting, lint, folding, search, long bodies) is
// tested in Chromium by test/e2e/code-editor.spec.ts.
import type { CodeEditorProps } from '../../../../src/renderer/src/ui/code-editor/code-editor-props';

export default function CodeEditorStandIn(props: CodeEditorProps) {
  if (!props.onChange)
    return (
      <pre aria-label={props.label} aria-readonly="true">
        {props.value}
      </pre>
    );
  const { onChange } = props;
  return (
    <textarea
      aria-label={props.label}
      aria-invalid={props.invalid ?? false}
      aria-description={props.description}
      value={props.value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
