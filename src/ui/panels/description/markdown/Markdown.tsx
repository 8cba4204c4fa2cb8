// Renders parsed Markdown as React elements (text is always escaped by React).
import { memo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './parse.ts';

/** What a code span after "Try:" does when clicked, or null when it is no runnable hint. */
export type HintAction = (code: string) => (() => void) | null;

function plain(c: readonly Inline[]): string {
  return c.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : plain(n.c))).join('');
}

function inlines(c: readonly Inline[], hint?: HintAction): ReactNode[] {
  // code spans after a bold "Try:" are what-ifs the reader can run
  let inTry = false;
  return c.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'code': {
        const run = inTry && hint ? hint(n.v) : null;
        return run ? (
          <button key={i} type="button" className="hint" title="Run this beside the run shown and compare" onClick={run}>
            {n.v}
          </button>
        ) : (
          <code key={i}>{n.v}</code>
        );
      }
      case 'strong':
        if (/^\s*Try\b/.test(plain(n.c))) inTry = true;
        return <strong key={i}>{inlines(n.c)}</strong>;
      case 'em':
        return <em key={i}>{inlines(n.c)}</em>;
      case 'link':
        return n.href === null ? (
          <span key={i}>{inlines(n.c)}</span>
        ) : (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {inlines(n.c)}
          </a>
        );
    }
  });
}

function block(b: Block, i: number, hint?: HintAction): ReactNode {
  switch (b.t) {
    case 'h': {
      const H = (['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const)[b.level - 1] ?? 'h6';
      return <H key={i}>{inlines(b.c)}</H>;
    }
    case 'p':
      return <p key={i}>{inlines(b.c, hint)}</p>;
    case 'ul':
      return (
        <ul key={i}>
          {b.items.map((it, j) => (
            <li key={j}>{inlines(it, hint)}</li>
          ))}
        </ul>
      );
    case 'ol':
      return (
        <ol key={i} start={b.start}>
          {b.items.map((it, j) => (
            <li key={j}>{inlines(it, hint)}</li>
          ))}
        </ol>
      );
    case 'pre':
      return (
        <pre key={i}>
          <code>{b.v}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={i}>{b.c.map((x, k) => block(x, k, hint))}</blockquote>;
    case 'hr':
      return <hr key={i} />;
  }
}

export const Markdown = memo(function Markdown({ text, hint }: { text: string; hint?: HintAction }) {
  return <div className="md">{parseMarkdown(text).map((b, i) => block(b, i, hint))}</div>;
});
