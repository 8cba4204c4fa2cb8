// Description, scenario editor and options, one at a time.
import { useAppState, useController } from '../context.ts';
import type { LeftTab } from '../store.ts';
import { Description } from './Description.tsx';
import { Editor } from './Editor.tsx';
import { Options } from './Options.tsx';

const TABS: readonly [LeftTab, string][] = [
  ['description', 'Description'],
  ['editor', 'Editor'],
  ['options', 'Options'],
];

export function LeftPanel() {
  const c = useController();
  const tab = useAppState((s) => s.leftTab);
  const errors = useAppState((s) => s.inputErrors.length);
  const overrides = useAppState((s) => Object.keys(s.overrides).length);
  return (
    <section className="panel left">
      <div className="tabs" role="tablist">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'on' : ''} onClick={() => c.showTab(id)}>
            {label}
            {id === 'editor' && errors > 0 && <span className="badge err">{errors}</span>}
            {id === 'options' && overrides > 0 && <span className="badge">{overrides}</span>}
          </button>
        ))}
      </div>
      <div className="tabbody" role="tabpanel">
        {tab === 'description' && <Description />}
        {tab === 'editor' && <Editor />}
        {tab === 'options' && <Options />}
      </div>
    </section>
  );
}
