// Completion of op names, field names and fixed values from the scenario's JSON Schema
// (kernscope.schema.json, generated from the parser's own schema): what fits where the cursor is.
import { insertCompletionText, pickedCompletion, type Completion, type CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { jsonLanguage } from '@codemirror/lang-json';
import type { EditorState } from '@codemirror/state';

// the JSON grammar's own tree types (its packages come with @codemirror/lang-json)
type Tree = ReturnType<typeof jsonLanguage.parser.parse>;
type SyntaxNode = ReturnType<Tree['resolveInner']>;

/** The part of JSON Schema kernscope.schema.json uses. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  const?: unknown;
  enum?: unknown[];
}

/** One step from an object or array down: a member's key, or any element. */
export type Seg = { key: string } | { index: true };

/** Where the cursor is: the objects above it (each with its "op", when it has one). */
export interface Place {
  /** From the root down to the object (key completion) or the member (value completion). */
  segs: Seg[];
  /** The op of the object at the end of each object prefix, by the number of segs above it. */
  ops: Map<number, string>;
}

function resolve(root: JsonSchema, s: JsonSchema | undefined): JsonSchema[] {
  if (!s) return [];
  if (s.$ref?.startsWith('#/$defs/')) return resolve(root, root.$defs?.[s.$ref.slice('#/$defs/'.length)]);
  if (s.anyOf) return s.anyOf.flatMap((x) => resolve(root, x));
  return [s];
}

/** The schemas an object may follow, narrowed to its op's when the op is known. */
function variants(nodes: JsonSchema[], op: string | undefined): JsonSchema[] {
  const objs = nodes.filter((n) => n.properties);
  if (op === undefined) return objs;
  const mine = objs.filter((n) => n.properties?.op?.const === op);
  return mine.length > 0 ? mine : objs.filter((n) => !n.properties?.op);
}

/** The schemas of what is at the end of `place`. */
export function schemasAt(root: JsonSchema, place: Place): JsonSchema[] {
  let cur = resolve(root, root);
  place.segs.forEach((seg, i) => {
    if ('index' in seg) cur = cur.flatMap((n) => resolve(root, n.items));
    else cur = variants(cur, place.ops.get(i)).flatMap((n) => resolve(root, n.properties?.[seg.key]));
  });
  return cur;
}

/** Field names of the object at `place`, each once, "op" first. */
export function fieldsAt(root: JsonSchema, place: Place): string[] {
  const names = new Set<string>();
  for (const v of variants(schemasAt(root, place), place.ops.get(place.segs.length))) for (const k of Object.keys(v.properties ?? {})) names.add(k);
  return [...names].sort((a, b) => (a === 'op' ? -1 : b === 'op' ? 1 : a.localeCompare(b)));
}

/** The fixed values (const, enum) the member at `place` may take: op names, kernels, finding kinds. */
export function valuesAt(root: JsonSchema, place: Place): string[] {
  const out = new Set<string>();
  const last = place.segs.at(-1);
  // an object's "op" names its schema: every op is offered, not only the one typed so far
  const parent = last && 'key' in last && last.key === 'op' ? { segs: place.segs.slice(0, -1), ops: new Map([...place.ops].filter(([k]) => k < place.segs.length - 1)) } : null;
  const nodes = parent ? schemasAt(root, parent).filter((n) => n.properties).map((n) => n.properties!.op!).filter(Boolean) : schemasAt(root, place);
  for (const n of nodes.flatMap((x) => resolve(root, x))) {
    if (typeof n.const === 'string') out.add(n.const);
    for (const e of n.enum ?? []) if (typeof e === 'string') out.add(e);
  }
  return [...out].sort();
}

const unquote = (s: string): string => {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'string' ? v : s;
  } catch {
    return s.replace(/^"|"$/g, '');
  }
};

/** The "op" of an object node of the tree, if it has one as a string. */
function opOf(state: EditorState, obj: SyntaxNode): string | undefined {
  for (let p = obj.firstChild; p; p = p.nextSibling) {
    if (p.name !== 'Property') continue;
    const k = p.getChild('PropertyName');
    const v = p.getChild('String');
    if (k && v && unquote(state.sliceDoc(k.from, k.to)) === 'op') return unquote(state.sliceDoc(v.from, v.to));
  }
  return undefined;
}

/** The segs and ops from the root down to `node` (an Object, or a Property for its value). */
function placeOf(state: EditorState, node: SyntaxNode): Place {
  const chain: SyntaxNode[] = [];
  for (let n: SyntaxNode | null = node; n; n = n.parent) chain.unshift(n);
  const segs: Seg[] = [];
  const ops = new Map<number, string>();
  for (const n of chain) {
    if (n.name === 'Object') {
      const op = opOf(state, n);
      if (op !== undefined) ops.set(segs.length, op);
    } else if (n.name === 'Array') segs.push({ index: true });
    else if (n.name === 'Property') {
      const k = n.getChild('PropertyName');
      if (k) segs.push({ key: unquote(state.sliceDoc(k.from, k.to)) });
    }
  }
  return { segs, ops };
}

/** The string being typed at `pos` (from its opening quote), or null outside a string. */
function openString(line: string, col: number): number | null {
  let start: number | null = null;
  for (let i = 0; i < col; i++) {
    if (line[i] === '\\' && start !== null) i++;
    else if (line[i] === '"') start = start === null ? i : null;
  }
  return start;
}

/** Puts `text` in place of the string being typed, its closing quote included when there is one. */
function replaceString(text: string): Completion['apply'] {
  return (view, completion, from, to) => {
    const end = view.state.sliceDoc(to, to + 1) === '"' ? to + 1 : to;
    view.dispatch({ ...insertCompletionText(view.state, text, from, end), annotations: pickedCompletion.of(completion) });
  };
}

/** What to offer at the cursor: field names in a key, fixed values in a value. */
export function completeAt(root: JsonSchema, state: EditorState, pos: number, explicit = false): CompletionResult | null {
  const line = state.doc.lineAt(pos);
  const q = openString(line.text, pos - line.from);
  // in a string from its opening quote; outside one, a bare word typed where a key goes
  const word = q === null ? /[A-Za-z_$][\w$]*$/.exec(line.text.slice(0, pos - line.from)) : null;
  if (q === null && word === null && !explicit) return null;
  const from = q !== null ? line.from + q : pos - (word?.[0].length ?? 0);
  // what stands before it tells a key (after { or ,) from a value (after :)
  const ahead = state.sliceDoc(Math.max(0, from - 200), from);
  const before = ahead.replace(/\s+$/, '');
  const mark = before.at(-1);
  if (mark === undefined) return null;
  const markPos = from - (ahead.length - before.length) - 1;
  // the text up to the cursor is what counts; a small scenario parses in well under a millisecond
  let node: SyntaxNode | null = jsonLanguage.parser.parse(state.sliceDoc(0, pos)).resolveInner(markPos, 1);
  let options: Completion[];
  if (mark === ':' && q !== null) {
    while (node && node.name !== 'Property') node = node.parent;
    if (!node) return null;
    options = valuesAt(root, placeOf(state, node)).map((v) => ({ label: JSON.stringify(v), displayLabel: v, type: 'enum', apply: replaceString(JSON.stringify(v)) }));
  } else if (mark === '{' || mark === ',') {
    while (node && node.name !== 'Object' && node.name !== 'Array') node = node.parent;
    if (!node || node.name !== 'Object') return null;
    const fields = fieldsAt(root, placeOf(state, node));
    // a bare word matches the names without their quotes
    options = fields.map((k) => ({ label: q !== null ? JSON.stringify(k) : k, displayLabel: k, type: 'property', apply: replaceString(`${JSON.stringify(k)}: `) }));
  } else return null;
  if (options.length === 0 && !explicit) return null;
  return { from, to: pos, options, validFor: q !== null ? /^"[^"\\]*$/ : /^[\w$]*$/ };
}

export function scenarioCompletion(root: JsonSchema): CompletionSource {
  return (ctx: CompletionContext) => completeAt(root, ctx.state, ctx.pos, ctx.explicit);
}
