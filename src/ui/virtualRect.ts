// Sizes for @tanstack/react-virtual that fall back to defaults where the DOM measures 0 (jsdom in
// tests, a panel not laid out yet or hidden): the first rows render, and rows of height 0 never
// make the virtualizer render every row and measure them again.
import { measureElement, observeElementRect, type Rect, type Virtualizer } from '@tanstack/react-virtual';

export function observeRectOr(fallback: Rect) {
  return (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) => observeElementRect(instance, (r) => cb(r.height > 0 ? r : fallback));
}

/**
 * A row's measured height, or the estimate for its index when it measures 0. A row just attached
 * (no ResizeObserver entry yet) keeps the size known or estimated: reading its offsetHeight there
 * would force a layout per row (a third of a second for the findings of a first render); the
 * ResizeObserver observing it measures it after the page's next layout, before paint.
 */
export function measureOr(estimate: (index: number) => number) {
  return (el: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>) => {
    if (entry === undefined && typeof ResizeObserver !== 'undefined') {
      const i = instance.indexFromElement(el);
      return instance.itemSizeCache.get(instance.options.getItemKey(i)) ?? estimate(i);
    }
    const h = measureElement(el, entry, instance);
    return h > 0 ? h : estimate(instance.indexFromElement(el));
  };
}
