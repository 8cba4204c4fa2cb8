// The address bar: it names what is shown, a page URL opens what it names, and Share puts the
// exact moment in it and on the clipboard.
import type { BundledScenario } from '../bundledList.ts';
import { defaultScenario } from '../bundledList.ts';
import type { Engine } from '../engine.ts';
import type { Pace } from '../latestWins.ts';
import { planFromUrl } from '../startPlan.ts';
import { encodeShare } from '../../share/url.ts';
import { compareParams, compareRequest } from '../compare/params.ts';
import type { AppStore, RunSlot } from '../store.ts';
import type { CompareControl } from './compare.ts';
import type { Loader } from './loader.ts';
import type { Notices } from './notices.ts';
import type { RunAccess } from './runSlot.ts';
import { shareLink, sharedParams } from './shareLink.ts';
import { DEFAULT_SIZES, withSizes } from '../panelSizes.ts';

/** The browser around the app, replaceable in tests. */
export interface Host {
  /** Base of share links: origin and path, without query or fragment. */
  shareBase(): string;
  /** Shows a URL in the address bar without reloading or firing hashchange. */
  replaceUrl(url: string): void;
  /** Copies to the clipboard; false when the browser refuses. */
  copy(text: string): Promise<boolean>;
  /** The address shown now (the page's own until the app replaces it). */
  currentUrl?(): string;
  /** Paces the panels' worker round trips to the display's frames (absent: each goes at once). */
  pace?: Pace;
}

/** Longer share links stay out of the address bar (browsers cap URLs at about 2 MB). */
export const MAX_ADDRESS = 1_000_000;

/** The address follows the splits this long after a drag stops, in ms (replaceState is not free). */
export const LAYOUT_DEBOUNCE_MS = 300;

export class AddressBar {
  /** What the address names, without its layout (null: the page's own address, untouched yet). */
  private shown: string | null = null;
  private layoutTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly runs: RunAccess,
    private readonly engine: Engine,
    private readonly host: Host,
    private readonly notices: Notices,
    private readonly loader: Loader,
    private readonly bundled: readonly BundledScenario[],
    private readonly compare: CompareControl,
  ) {
    // the splits travel in the address too, so a reload or a copied address keeps them
    store.subscribe((st, prev) => {
      if (st.sizes === prev.sizes) return;
      if (this.layoutTimer !== null) clearTimeout(this.layoutTimer);
      this.layoutTimer = setTimeout(() => {
        this.layoutTimer = null;
        const url = this.shown ?? this.host.currentUrl?.() ?? null;
        if (url !== null) this.put(url);
      }, LAYOUT_DEBOUNCE_MS);
    });
  }

  /** Shows `url` in the address bar with the page's current splits. */
  private put(url: string): string {
    this.shown = withSizes(url, DEFAULT_SIZES);
    const full = withSizes(url, this.store.getState().sizes);
    this.host.replaceUrl(full);
    return full;
  }

  /**
   * The address names the run shown, so a reload reopens it: a bundled scenario by name, an
   * edited one or one of the user's library as a share link of its text and options (what
   * `kernscope url` prints: the library lives in this browser only), a link's
   * run by the link itself. A file keeps the bare address: its text can be megabytes.
   */
  opened(r: RunSlot): void {
    const origin = r.origin;
    if (origin === null) return;
    if (origin.kind === 'link') {
      // the address is the link itself: the splits are put into it as it is
      this.shown = null;
      return;
    }
    const base = this.host.shareBase();
    if (origin.kind === 'bundled') {
      this.put(`${base}?scenario=${encodeURIComponent(origin.name)}${this.second()}`);
      return;
    }
    if ((origin.kind === 'editor' || origin.kind === 'library') && r.text !== null) {
      const url = encodeShare(base, r.text, null, r.overrides) + this.second();
      if (url.length <= MAX_ADDRESS) {
        this.put(url);
        this.notices.dismiss('Address');
        return;
      }
      this.notices.notify({ level: 'info', title: 'Address', lines: [`the scenario is too long for the address bar (a link of ${url.length} characters); a reload will not reopen it, so save it as a file`] });
    }
    this.put(base);
  }

  /** A comparison's second run or its end: the address names both runs, so a reload reopens both. */
  compared(): void {
    this.opened(this.runs.run());
  }

  /** The second run of a comparison as the address's last parameters, or nothing. */
  private second(): string {
    const cmp = this.store.getState().compare;
    // a comparison with an imported log cannot be put in a link
    return cmp && cmp.other === undefined ? `&${new URLSearchParams(compareParams(cmp.overrides)).toString()}` : '';
  }

  /** Follows the page URL: share link, `?scenario=`, or the default scenario on first load. */
  async follow(search: string, hash: string, initial: boolean): Promise<void> {
    const { plan, error } = planFromUrl(search, hash, this.bundled.map((b) => b.name));
    if (error !== null) this.notices.notify({ level: 'error', title: 'Share link', lines: [`${error}.`, initial ? 'Opened the default scenario instead.' : 'Kept the scenario that was open.'] });
    else this.notices.dismiss('Share link');
    const shared = sharedParams(search, hash);
    const second = compareRequest(search, hash);
    if (plan.kind !== 'none' && second.kind === 'error') this.notices.notify({ level: 'error', title: 'Compare link', lines: [`${second.error}.`, 'Opened the first run alone.'] });
    const thenCompare = async (ok: boolean) => {
      if (ok && second.kind === 'compare') await this.compare.start(second.overrides);
    };
    if (plan.kind === 'text') {
      const ok = await this.loader.open(plan.text, { kind: 'link' }, { at: plan.at, overrides: plan.overrides, shared });
      await thenCompare(ok);
      const invalid = !ok && this.store.getState().inputErrors.length > 0 && this.store.getState().draft === plan.text;
      if (invalid) {
        const then = initial ? ' The default scenario is open meanwhile.' : ' The scenario that was open stays.';
        this.notices.notify({ level: 'error', title: 'Share link', lines: [`the scenario in the link does not validate: its text is in the editor with its errors listed under it.${then}`] });
      }
      if (ok || !initial) return;
      // the editor keeps the link's text and errors; the default run gives the panels something to show
      const d = defaultScenario(this.bundled);
      if (d) await this.loader.openBundled(d.name, invalid ? { keepEditor: true } : {});
      return;
    } else if (plan.kind === 'bundled') {
      await thenCompare(await this.loader.openBundled(plan.name, { at: plan.at, overrides: plan.overrides, shared }));
      return;
    } else if (!initial) return;
    const d = defaultScenario(this.bundled);
    if (d) await this.loader.openBundled(d.name);
  }

  /** Puts the exact moment in the address bar and on the clipboard, with its state hash. */
  async share(): Promise<string | null> {
    const r = this.runs.run();
    if (r.text === null || r.id === null) return null;
    const cmp = this.store.getState().compare;
    const one = shareLink(this.host.shareBase(), { ...r, text: r.text });
    const url = this.put(cmp ? `${one}&${new URLSearchParams(compareParams(cmp.overrides)).toString()}` : one);
    this.runs.apply({ panels: { share: { url, hash: null } } });
    try {
      const hash = await this.engine.view(r.id, 'stateHash', {}, r.cursor);
      if (this.runs.run().id === r.id) this.runs.apply({ panels: { share: { hash } } });
    } catch (e) {
      this.notices.engineError(e);
    }
    const copied = await this.host.copy(url);
    this.notices.notify({ level: 'info', title: 'Share', lines: [copied ? 'Link to this moment copied to the clipboard.' : 'Copy the link from the field in the header.'] });
    return url;
  }

  closeShare(): void {
    this.runs.apply({ panels: { share: { url: null, hash: null } } });
    this.notices.dismiss('Share');
  }
}
