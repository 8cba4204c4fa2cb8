// The scenario editor proper: CodeMirror 6 with JSON highlighting, line numbers, the validation
// errors inline at their JSON paths, and completion from the scenario schema. Loaded on demand
// (Editor.tsx), so the first page load does not carry it.
import { autocompletion } from '@codemirror/autocomplete';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Annotation, EditorSelection, Prec, StateEffect } from '@codemirror/state';
import { EditorView, keymap, placeholder, type Command } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import schemaFile from '../../../../kernscope.schema.json';
import type { InputError } from '../../../worker/protocol.ts';
import { useController } from '../../context.ts';
import type { Controller } from '../../controller/controller.ts';
import { scenarioCompletion, type JsonSchema } from './completion.ts';
import { errorRange, jsonSpans } from './jsonPath.ts';

const SCHEMA = schemaFile as unknown as JsonSchema;

/** Marks the editor's own copy of a text set elsewhere (a scenario opened, a draft restored). */
const fromStore = Annotation.define<boolean>();

/** The last run attempt's errors changed: the lint runs again (the text may be the same). */
const errorsChanged = StateEffect.define<null>();

const syntax = jsonParseLinter();

/**
 * What is wrong with the text as typed: its JSON syntax error, else what the engine's validator
 * says (the same check Run makes), each at its JSON path; the last run attempt's errors if the
 * engine cannot answer.
 */
async function diagnostics(c: Controller, view: EditorView): Promise<Diagnostic[]> {
  const text = view.state.doc.toString();
  if (text.trim() === '') return [];
  const bad = syntax(view);
  if (bad.length > 0) return bad;
  let errors: InputError[];
  try {
    errors = await c.check(text);
  } catch {
    errors = c.store.getState().inputErrors;
  }
  const spans = jsonSpans(text);
  return errors.map((e) => {
    const r = errorRange(text, e, spans);
    return { from: r.from, to: r.to, severity: 'error', source: 'kernscope', message: e.path ? `${e.path}: ${e.message}` : e.message };
  });
}

/** Tab: two spaces at each cursor, or the selected lines indented by two. */
const indent: Command = (view) => {
  view.dispatch(
    view.state.changeByRange((r) => {
      if (r.empty) return { changes: { from: r.from, insert: '  ' }, range: EditorSelection.cursor(r.from + 2) };
      const changes = [];
      for (let l = view.state.doc.lineAt(r.from).number; l <= view.state.doc.lineAt(r.to).number; l++) changes.push({ from: view.state.doc.line(l).from, insert: '  ' });
      const set = view.state.changes(changes);
      return { changes: set, range: EditorSelection.range(set.mapPos(r.anchor, 1), set.mapPos(r.head, 1)) };
    }),
    { scrollIntoView: true, userEvent: 'input.indent' },
  );
  return true;
};

/** Shift-Tab: up to two spaces less at the start of each line with a cursor or selection. */
const outdent: Command = (view) => {
  const changes = [];
  const seen = new Set<number>();
  for (const r of view.state.selection.ranges)
    for (let l = view.state.doc.lineAt(r.from).number; l <= view.state.doc.lineAt(r.to).number; l++) {
      if (seen.has(l)) continue;
      seen.add(l);
      const line = view.state.doc.line(l);
      const n = /^ {0,2}/.exec(line.text)![0].length;
      if (n > 0) changes.push({ from: line.from, to: line.from + n });
    }
  view.dispatch({ changes, userEvent: 'delete.dedent' });
  return true;
};

export default function CodeEditor() {
  const c = useController();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const view = new EditorView({
      parent,
      doc: c.store.getState().draft,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                void c.loader.runDraft();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        // Tab indents; Escape then Tab (or Ctrl-M) leaves the editor, as CodeMirror does it
        keymap.of([
          { key: 'Tab', run: indent, shift: outdent },
        ]),
        json(),
        placeholder('{"format": "kernscope/1", "name": "...", "steps": [...]}'),
        autocompletion({ override: [scenarioCompletion(SCHEMA)], activateOnTyping: true }),
        linter((v) => diagnostics(c, v), { delay: 300, needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(errorsChanged))) }),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': 'Scenario JSON', 'aria-describedby': 'editor-help' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !u.transactions.some((t) => t.annotation(fromStore))) c.drafts.set(u.state.doc.toString());
        }),
      ],
    });
    const unsubscribe = c.store.subscribe((s, prev) => {
      if (s.draft !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: s.draft }, annotations: fromStore.of(true) });
      if (s.inputErrors !== prev.inputErrors) {
        view.dispatch({ effects: errorsChanged.of(null) });
        forceLinting(view);
      }
    });
    return () => {
      unsubscribe();
      view.destroy();
    };
  }, [c]);
  return <div ref={host} className="code-editor" data-testid="scenario-editor" />;
}
