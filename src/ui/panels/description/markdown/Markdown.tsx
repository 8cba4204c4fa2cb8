// Renders parsed Markdown as React elements (text is always escaped by React).
import { memo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './parse.ts';

function inlines(c: readonly Inline[]): ReactNode[] {
  return c.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'code':
        return <code key={i}>{n.v}</code>;
      case 'strong':
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

function block(b: Block, i: number): ReactNode {
  switch (b.t) {
    case 'h': {
      const H = (['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const)[b.level - 1] ?? 'h6';
      return <H key={i}>{inlines(b.c)}</H>;
    }
    case 'p':
      return <p key={i}>{inlines(b.c)}</p>;
    case 'ul':
      return (
        <ul key={i}>
          {b.items.map((it, j) => (
            <li key={j}>{inlines(it)}</li>
          ))}
        </ul>
      );
    case 'ol':
      return (
        <ol key={i} start={b.start}>
          {b.items.map((it, j) => (
            <li key={j}>{inlines(it)}</li>
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
      return <blockquote key={i}>{b.c.map(block)}</blockquote>;
    case 'hr':
      return <hr key={i} />;
  }
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return <div className="md">{parseMarkdown(text).map(block)}</div>;
});
