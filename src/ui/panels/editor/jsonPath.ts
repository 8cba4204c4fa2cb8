// Where in the scenario text a validation error's JSON path (`steps[3].size`) is: the errors
// are shown inline at that text. A small JSON scanner records every value's place; it keeps what
// it read before a syntax error, so the paths before the error still find their text.

export interface Span {
  from: number;
  to: number;
}

export interface NodeSpan {
  /** The value, brackets included. */
  value: Span;
  /** The key's string, quotes included, for an object's member. */
  key: Span | null;
  container: boolean;
}

class Stop extends Error {}

/** Every value of the text by its path, as the parser names paths: "", "name", "steps[0].op". */
export function jsonSpans(text: string): Map<string, NodeSpan> {
  const out = new Map<string, NodeSpan>();
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (): never => {
    throw new Stop();
  };
  const str = (): string => {
    const start = i;
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail();
    }
  };
  const child = (path: string, k: string | number) => (typeof k === 'number' ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`);
  const value = (path: string, key: Span | null): void => {
    ws();
    const from = i;
    const c = text[i];
    if (c === '{') {
      out.set(path, { value: { from, to: text.length }, key, container: true });
      i++;
      ws();
      if (text[i] === '}') i++;
      else
        for (;;) {
          ws();
          const kFrom = i;
          const k = str();
          const kSpan = { from: kFrom, to: i };
          ws();
          if (text[i] !== ':') fail();
          i++;
          value(child(path, k), kSpan);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail();
        }
    } else if (c === '[') {
      out.set(path, { value: { from, to: text.length }, key, container: true });
      i++;
      ws();
      if (text[i] === ']') i++;
      else
        for (let n = 0; ; n++) {
          value(child(path, n), null);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail();
        }
    } else if (c === '"') {
      str();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
    const node = out.get(path);
    if (node && node.value.from === from) node.value.to = i;
    else out.set(path, { value: { from, to: i }, key, container: false });
  };
  try {
    value('', null);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return out;
}

/** The paths from the root down to `path`: "steps[3].size" → "", "steps", "steps[3]", "steps[3].size". */
export function pathPrefixes(path: string): string[] {
  const out = [''];
  let cur = '';
  for (const m of path.matchAll(/\[\d+\]|[^.[\]]+/g)) {
    const seg = m[0];
    cur = seg.startsWith('[') ? `${cur}${seg}` : cur === '' ? seg : `${cur}.${seg}`;
    out.push(cur);
  }
  return out;
}

/** The offset of "line L, column C" (1-based) in the text. */
function offsetOf(text: string, line: number, col: number): number {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return Math.min(text.length, pos + col - 1);
}

/** A container is marked on its first line only: a whole step can span many. */
function firstLine(text: string, s: Span): Span {
  const nl = text.indexOf('\n', s.from);
  return { from: s.from, to: nl < 0 || nl > s.to ? s.to : nl };
}

/**
 * The text an error is about: the value at its path (the key, for an unknown field or an object);
 * for a missing field, the object that lacks it; for a JSON syntax error, the place it names.
 */
export function errorRange(text: string, error: { path: string; message: string }, spans: Map<string, NodeSpan> = jsonSpans(text)): Span {
  const syntax = /line (\d+), column (\d+)/.exec(error.message);
  if (error.path === '' && syntax && error.message.startsWith('not valid JSON')) {
    const at = offsetOf(text, Number(syntax[1]), Number(syntax[2]));
    return { from: at, to: Math.min(text.length, at + 1) };
  }
  const chain = pathPrefixes(error.path);
  for (let n = chain.length - 1; n >= 0; n--) {
    const node = spans.get(chain[n]!);
    if (!node) continue;
    const exact = n === chain.length - 1;
    if (node.key && (node.container || (exact && error.message === 'unknown field'))) return node.key;
    if (!node.container) return node.value;
    if (n === 0) return { from: node.value.from, to: Math.min(node.value.to, node.value.from + 1) };
    return firstLine(text, node.value);
  }
  return { from: 0, to: Math.min(text.length, 1) };
}
