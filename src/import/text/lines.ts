// Cuts a stream of text chunks into lines with bounded memory: a line longer than `maxLine`
// characters is cut there and the rest of it is skipped (a 10 MB line costs maxLine, not 10 MB).
// CRLF and the serial console's CR CR LF end lines like LF. Lines are handed over as a range of the
// chunk they lie in, so a caller that passes over most lines never copies them; a line that spans
// chunks is handed over as its own string.

export interface LineSink {
  (src: string, start: number, end: number, lineNo: number, cut: boolean): void;
}

export class LineSplitter {
  /** The start of the line the last chunk ended in. */
  private pending = '';
  /** The pending line passed maxLine: its rest is dropped until the next newline. */
  private skipping = false;
  lineNo = 0;
  /** Lines that were cut at maxLine. */
  cutLines = 0;

  constructor(
    private readonly sink: LineSink,
    readonly maxLine = 16384,
  ) {}

  push(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    // the line the last chunk ended in
    if (nl >= 0 && (this.pending.length > 0 || this.skipping)) {
      this.hold(chunk, 0, nl);
      this.flush();
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    const sink = this.sink;
    const maxLine = this.maxLine;
    let lineNo = this.lineNo;
    while (nl >= 0) {
      let e = nl;
      if (chunk.charCodeAt(e - 1) === 13) while (e > start && chunk.charCodeAt(e - 1) === 13) e--;
      if (e - start <= maxLine) sink(chunk, start, e, ++lineNo, false);
      else {
        this.lineNo = lineNo;
        this.hold(chunk, start, nl);
        this.flush();
        lineNo = this.lineNo;
      }
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    this.lineNo = lineNo;
    if (start < chunk.length) this.hold(chunk, start, chunk.length);
  }

  end(): void {
    if (this.pending.length > 0 || this.skipping) this.flush();
  }

  private hold(chunk: string, start: number, end: number): void {
    if (this.skipping) return;
    const room = this.maxLine - this.pending.length;
    if (end - start > room) {
      this.pending += chunk.slice(start, start + room);
      this.skipping = true;
    } else this.pending += chunk.slice(start, end);
  }

  private flush(): void {
    let t = this.pending;
    while (t.length > 0 && t.charCodeAt(t.length - 1) === 13) t = t.slice(0, -1);
    const cut = this.skipping;
    if (cut) this.cutLines++;
    this.pending = '';
    this.skipping = false;
    this.lineNo++;
    this.sink(t, 0, t.length, this.lineNo, cut);
  }
}
