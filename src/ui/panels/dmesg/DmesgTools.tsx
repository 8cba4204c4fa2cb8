// Above the dmesg terminal: search (Enter the next match, Shift+Enter the previous, matches
// highlighted in the terminal by @xterm/addon-search, and how many more the run prints later),
// and copy or save of the log and of the report at the cursor.
import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Controller } from '../../controller/controller.ts';
import { useController, useRun } from '../../context.ts';
import type { DmesgSync } from './dmesgSync.ts';
import { copyText, dmesgFileText, download, exportName } from './exportLog.ts';

export interface TermHandle {
  term: Terminal;
  search: SearchAddon;
  sync: DmesgSync;
}

const FIND: ISearchOptions = {
  caseSensitive: false,
  decorations: { matchBackground: '#5c4a00', matchOverviewRuler: '#a37b00', activeMatchBackground: '#d18616', activeMatchColorOverviewRuler: '#ffb13b' },
};

async function dmesgNow(c: Controller): Promise<string | null> {
  const r = c.run();
  if (r.id === null) return null;
  return dmesgFileText(await c.views.view(r.id, 'dmesg', { from: 0, to: Number.MAX_SAFE_INTEGER }, r.cursor));
}

async function reportNow(c: Controller): Promise<string | null> {
  const r = c.run();
  if (r.id === null) return null;
  return JSON.stringify(await c.views.view(r.id, 'report', {}, r.cursor), null, 2) + '\n';
}

/** Copies or saves what `get` gives, saying what happened. */
async function exportIt(c: Controller, what: 'dmesg' | 'report', how: 'copy' | 'save'): Promise<void> {
  const r = c.run();
  try {
    const text = what === 'dmesg' ? await dmesgNow(c) : await reportNow(c);
    if (text === null) return;
    const name = exportName(r.info?.name ?? 'kernscope', what, r.cursor);
    if (how === 'save') {
      download(name, text, what === 'dmesg' ? 'text/plain' : 'application/json');
      return;
    }
    const ok = await copyText(text);
    c.notices.notify({ level: ok ? 'info' : 'error', title: what === 'dmesg' ? 'dmesg' : 'Report', lines: [ok ? `Copied the ${what === 'dmesg' ? 'kernel log' : 'report'} at event ${r.cursor}.` : 'The browser refused the clipboard: use Save.'] });
  } catch (e) {
    c.notices.engineError(e);
  }
}

export function DmesgTools({ handle }: { handle: TermHandle | null }) {
  const c = useController();
  const runId = useRun((r) => r.id);
  const cursor = useRun((r) => r.cursor);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ index: number; count: number } | null>(null);
  const [later, setLater] = useState(0);

  useEffect(() => {
    if (!handle) return;
    const sub = handle.search.onDidChangeResults((e) => setResult({ index: e.resultIndex, count: e.resultCount }));
    // a new terminal (the full scrollback swapped in): the search goes on in it, from the match
    // selected (its selection moved with it), and counts the earlier lines' matches too
    if (text !== '') find(1, text);
    return () => sub.dispose();
  }, [handle]);

  // how many matches the run prints after the cursor (the terminal holds those before it)
  useEffect(() => {
    if (runId === null || text === '') {
      setLater(0);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      c.views.view(runId, 'dmesgSearch', { text }, cursor).then(
        (a) => live && setLater(a.later),
        () => {},
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [runId, cursor, text]);

  const find = (dir: 1 | -1, q = text, incremental = false) => {
    if (!handle) return;
    if (q === '') {
      handle.search.clearDecorations();
      handle.term.clearSelection();
      setResult(null);
      return;
    }
    const found = dir > 0 ? handle.search.findNext(q, { ...FIND, incremental }) : handle.search.findPrevious(q, FIND);
    if (!found) setResult({ index: -1, count: 0 });
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && text !== '') {
      e.preventDefault();
      setText('');
      find(1, '');
    }
  };
  const status = text === '' || result === null ? '' : result.count === 0 ? 'no match' : `${result.index >= 0 ? result.index + 1 : '–'} of ${result.count}`;
  return (
    <div className="dmesg-tools" role="toolbar" aria-label="dmesg tools">
      <input
        type="search"
        className="dmesg-search"
        aria-label="Search dmesg"
        placeholder="search dmesg"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          find(1, e.target.value, true);
        }}
        onKeyDown={onKey}
      />
      <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={text === ''} onClick={() => find(-1)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" title="Next match (Enter)" disabled={text === ''} onClick={() => find(1)}>
        ↓
      </button>
      <span className="muted dmesg-found" aria-label="Matches" aria-live="polite">
        {status}
        {text !== '' && later > 0 ? ` · ${later} later` : ''}
      </span>
      <span className="dmesg-export">
        <button type="button" title="Copy the kernel log up to the cursor" onClick={() => void exportIt(c, 'dmesg', 'copy')}>
          Copy
        </button>
        <button type="button" title="Save the kernel log up to the cursor as a file" onClick={() => void exportIt(c, 'dmesg', 'save')}>
          Save
        </button>
        <span className="muted">report</span>
        <button type="button" aria-label="Copy report" title="Copy the report at the cursor (JSON, as kernscope run --json prints it)" onClick={() => void exportIt(c, 'report', 'copy')}>
          Copy
        </button>
        <button type="button" aria-label="Save report" title="Save the report at the cursor as a JSON file" onClick={() => void exportIt(c, 'report', 'save')}>
          Save
        </button>
      </span>
    </div>
  );
}
