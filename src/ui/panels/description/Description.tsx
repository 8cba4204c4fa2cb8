// The scenario's own explanation (Markdown), with its name and source.
import { useLoading, useRun } from '../../context.ts';
import { Markdown } from './markdown/Markdown.tsx';

export function Description() {
  const info = useRun((r) => r.info);
  const loading = useLoading();
  if (!info) return <p className="muted">{loading ? 'Running the scenario…' : 'No scenario loaded.'}</p>;
  return (
    <div className="description">
      <h2 className="dtitle">{info.title}</h2>
      <p className="muted small">
        <code>{info.name}</code>
        {info.source && <> · source: {info.source}</>} · {info.total} events
      </p>
      {info.description ? <Markdown text={info.description} /> : <p className="muted">This scenario has no description.</p>}
    </div>
  );
}
