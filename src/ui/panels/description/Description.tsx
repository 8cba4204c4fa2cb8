// The scenario's own explanation (Markdown), with its name and source.
import { useCallback } from 'react';
import { parseHint } from '../../compare/hint.ts';
import { useController, useLoading, useRun } from '../../context.ts';
import { Markdown, type HintAction } from './markdown/Markdown.tsx';

export function Description() {
  const info = useRun((r) => r.info);
  const loading = useLoading();
  const c = useController();
  // "Try:" hints start a comparison with the run shown
  const hint = useCallback<HintAction>((code) => {
    const o = parseHint(code);
    return o ? () => void c.compare.start(o) : null;
  }, [c]);
  if (!info) return <p className="muted">{loading ? 'Running the scenario…' : 'No scenario loaded.'}</p>;
  return (
    <div className="description">
      <h2 className="dtitle">{info.title}</h2>
      <p className="muted small">
        <code>{info.name}</code>
        {info.source && <> · source: {info.source}</>} · {info.total} events
      </p>
      {info.description ? <Markdown text={info.description} hint={hint} /> : <p className="muted">This scenario has no description.</p>}
    </div>
  );
}
