// A view saved as a PNG: the panel's DOM (SVG, HTML and the pixels of its canvases) drawn into an
// image by html-to-image (loaded on first export: the first paint does not need it), then downloaded.

/** A file name for a view at a cursor: letters, digits and dashes only. */
export function pngName(view: string, cursor: number | null): string {
  const slug = view.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'view';
  return `kernscope-${slug}${cursor === null ? '' : `-${cursor}`}.png`;
}

/** Draws a panel as a PNG; elements marked data-no-export (the export button) are left out. */
export async function panelPng(panel: HTMLElement): Promise<Blob> {
  const bg = getComputedStyle(panel).backgroundColor || getComputedStyle(document.body).backgroundColor;
  const { toBlob } = await import('html-to-image');
  const blob = await toBlob(panel, {
    backgroundColor: bg,
    pixelRatio: Math.min(2, window.devicePixelRatio || 1),
    // a large scrolled view is cut at what is on screen, like a screenshot of the panel
    width: panel.clientWidth,
    height: panel.clientHeight,
    filter: (n) => !(n instanceof HTMLElement && n.dataset.noExport !== undefined),
  });
  if (blob === null) throw new Error('the browser drew no image');
  return blob;
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
