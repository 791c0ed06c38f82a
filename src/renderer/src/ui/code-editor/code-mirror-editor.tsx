// CodeMirror 6 behind the CodeEditorProps interface: JSON highlighting, folding, search
// (Ctrl/Cmd+F), bracket matching, undo, and a JSON lint for request bodies. CodeMirror draws
// only the lines in view, so a long response scrolls without building a node per line.
// Tab is left to move focus (CodeMirror's default keymap does not bind it), so the editor is
// never a keyboard trap.
//
// The editor lives in a shadow root. CodeMirror styles itself through style-mod, which writes a
// <style> element into a document (blocked by our CSP, style-src 'self') but uses a constructed
// stylesheet (adoptedStyleSheets, which CSP does not govern) in a shadow root. The app's colour
// variables inherit into it. An id reference cannot cross the shadow boundary, so the text that
// describes the editor (the JSON status under it) is given as aria-description.
import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, foldKeymap, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, linter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { CodeEditorProps } from './code-editor-props';
import { editorTheme, highlightStyle } from './editor-theme';

interface EditorShape {
  readOnly: boolean;
  language: CodeEditorProps['language'];
  lintJson: boolean;
}

/** Name, description and validity change while the user types: reconfigured, never rebuilt. */
function contentAttributes(props: CodeEditorProps, readOnly: boolean): Extension {
  return EditorView.contentAttributes.of({
    'aria-label': props.label,
    // In the tab order even when read-only, so a long response can be scrolled and searched
    // from the keyboard (WCAG 2.1.1).
    tabindex: '0',
    ...(props.description ? { 'aria-description': props.description } : {}),
    ...(readOnly ? { 'aria-readonly': 'true' } : { 'aria-invalid': String(!!props.invalid) }),
  });
}

function extensionsFor(
  props: EditorShape,
  attributes: Extension,
  onChange: { current?: ((v: string) => void) | undefined },
) {
  const { readOnly } = props;
  const extensions: Extension[] = [
    lineNumbers(),
    foldGutter(),
    drawSelection(),
    bracketMatching(),
    highlightSelectionMatches(),
    search({ top: true }),
    syntaxHighlighting(highlightStyle),
    editorTheme,
    EditorView.lineWrapping,
    // Ctrl/Cmd+Enter belongs to the tester (send): taken here so CodeMirror does not also
    // insert a line, and left to bubble to the tester's handler.
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true }])),
    keymap.of([...defaultKeymap, ...searchKeymap, ...foldKeymap, ...lintKeymap]),
    EditorState.readOnly.of(readOnly),
    attributes,
  ];
  if (!readOnly) {
    extensions.push(history(), keymap.of(historyKeymap), highlightActiveLine());
    extensions.push(
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange.current?.(update.state.doc.toString());
      }),
    );
  }
  if (props.language === 'json') extensions.push(json());
  if (props.lintJson) extensions.push(linter(jsonParseLinter(), { delay: 300 }), lintGutter());
  return extensions;
}

export default function CodeMirrorEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const attributes = useRef(new Compartment());
  const onChange = useRef(props.onChange);
  // The latest handler, for the listener the view was built with.
  useEffect(() => {
    onChange.current = props.onChange;
  });
  const { language } = props;
  const lintJson = props.lintJson ?? false;
  const readOnly = props.onChange === undefined;

  // The view is rebuilt only when what kind of editor it is changes, never on a keystroke.
  useEffect(() => {
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' });
    const created = new EditorView({
      parent: shadow,
      root: shadow,
      state: EditorState.create({
        doc: props.value,
        extensions: extensionsFor(
          { readOnly, language, lintJson },
          attributes.current.of(contentAttributes(props, readOnly)),
          onChange,
        ),
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // Value and attributes are applied by the effects below without a rebuild.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly, language, lintJson]);

  useEffect(() => {
    view.current?.dispatch({
      effects: attributes.current.reconfigure(contentAttributes(props, readOnly)),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.label, props.description, props.invalid, readOnly]);

  // A value set from outside (history restored, a new response) replaces the text.
  useEffect(() => {
    const current = view.current;
    if (!current || current.state.doc.toString() === props.value) return;
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: props.value } });
  }, [props.value]);

  return (
    <div
      ref={host}
      className={`code-editor${readOnly ? ' read-only' : ''}`}
      style={{ ['--editor-min-lines' as string]: String(props.minLines ?? 6) }}
    />
  );
}
