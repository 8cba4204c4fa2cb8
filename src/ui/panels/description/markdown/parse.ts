// A small Markdown subset for scenario descriptions, parsed to a tree that React
// renders as elements: no HTML string is ever produced, so nothing can inject markup.
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'link'; href: string | null; c: Inline[] };

export type Block =
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] }
  | { t: 'pre'; lang: string; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'hr' };

/** Links may go to the web, mail or within the page; anything else (javascript:, data:) is dropped. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^(https?:|mailto:)/i.test(h)) return h;
  if (h.startsWith('#')) return h;
  return null;
}

const WORD = /[\p{L}\p{N}]/u;

function closing(s: string, from: number, marker: string): number {
  for (let j = from; j <= s.length - marker.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s.startsWith(marker, j)) return j;
  }
  return -1;
}

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length && /[\\`*_[\]()#+\-.!>]/.test(s[i + 1]!)) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const j = s.indexOf('`', i + 1);
      if (j > i) {
        flush();
        out.push({ t: 'code', v: s.slice(i + 1, j) });
        i = j + 1;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && s[i + 1] === ch) {
      const j = closing(s, i + 2, ch + ch);
      if (j > i + 2) {
        flush();
        out.push({ t: 'strong', c: parseInline(s.slice(i + 2, j)) });
        i = j + 2;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      // "_" inside words (CONFIG_SLUB_DEBUG, kmem_cache) is not emphasis
      const before = i > 0 ? s[i - 1]! : ' ';
      const openOk = s[i + 1] !== undefined && s[i + 1] !== ' ' && !(ch === '_' && WORD.test(before));
      const j = openOk ? closing(s, i + 1, ch) : -1;
      const after = j >= 0 ? (s[j + 1] ?? ' ') : ' ';
      if (j > i + 1 && s[j - 1] !== ' ' && !(ch === '_' && WORD.test(after))) {
        flush();
        out.push({ t: 'em', c: parseInline(s.slice(i + 1, j)) });
        i = j + 1;
        continue;
      }
    }
    if (ch === '[') {
      const m = /^\[([^\]]*)\]\(([^)\s]*)\)/.exec(s.slice(i));
      if (m) {
        flush();
        out.push({ t: 'link', href: safeHref(m[2]!), c: parseInline(m[1]!) });
        i += m[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

const UL = /^\s{0,3}[-*+]\s+(.*)$/;
const OL = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const H = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HR = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^\s{0,3}(```|~~~)\s*([\w+-]*)/;

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) body.push(lines[i++]!);
      i++;
      blocks.push({ t: 'pre', lang: fence[2] ?? '', v: body.join('\n') });
      continue;
    }
    const h = H.exec(line);
    if (h) {
      blocks.push({ t: 'h', level: h[1]!.length, c: parseInline(h[2]!) });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^\s{0,3}>\s?/, ''));
      blocks.push({ t: 'quote', c: parseMarkdown(body.join('\n')) });
      continue;
    }
    const ul = UL.exec(line);
    const ol = OL.exec(line);
    if (ul || ol) {
      const re = ul ? UL : OL;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = re.exec(l);
        if (m) items.push(ul ? m[1]! : m[2]!);
        else if (l.trim() !== '' && /^\s+/.test(l) && items.length > 0) items[items.length - 1] += ' ' + l.trim();
        else break;
        i++;
      }
      const parsed = items.map(parseInline);
      blocks.push(ul ? { t: 'ul', items: parsed } : { t: 'ol', start: Number(ol![1]), items: parsed });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      if (l.trim() === '' || FENCE.test(l) || H.test(l) || HR.test(l) || UL.test(l) || OL.test(l) || /^\s{0,3}>/.test(l)) break;
      para.push(l.trim());
      i++;
    }
    blocks.push({ t: 'p', c: parseInline(para.join(' ')) });
  }
  return blocks;
}
