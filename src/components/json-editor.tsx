/**
 * The only Monaco import. Monaco is bundled (no CDN: loader.config with the local package, workers
 * through Vite `?worker`) from the lean 0.57 entry points, JSON language only (toolchain.md).
 * Loaded lazily through lazy-json-editor.tsx so the first screen does not pay for it.
 */
import Editor, { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) =>
    label === 'json' ? new JsonWorker() : new EditorWorker(),
};
loader.config({ monaco: monaco as never });

export type EditorMarker = { message: string; line: number; column: number };

export type JsonEditorProps = {
  /** Accessible name of the editor's text area. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  language?: 'json' | 'plaintext';
  height?: number | string;
  dark?: boolean;
  readOnly?: boolean;
  /** Validation markers (JSON syntax errors), reported whenever they change. */
  onValidate?: (markers: EditorMarker[]) => void;
};

export function JsonEditor(props: JsonEditorProps) {
  const { label, value, onChange, language = 'json', height = 160, dark, readOnly } = props;
  return (
    <Editor
      height={height}
      language={language}
      value={value}
      theme={dark ? 'vs-dark' : 'vs'}
      onChange={(v) => onChange(v ?? '')}
      onValidate={(markers) =>
        props.onValidate?.(
          markers.map((m) => ({
            message: m.message,
            line: m.startLineNumber,
            column: m.startColumn,
          })),
        )
      }
      options={{
        ariaLabel: label,
        readOnly,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 13,
        lineNumbers: 'off',
        folding: false,
        wordWrap: 'on',
        automaticLayout: true,
        tabSize: 2,
        // Tab moves focus to the next control instead of indenting: these are small JSON snippets
        // inside a form, and a keyboard user must be able to leave them (Enter still auto-indents).
        tabFocusMode: true,
      }}
    />
  );
}
