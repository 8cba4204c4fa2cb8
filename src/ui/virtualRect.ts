// Scroll-element size for @tanstack/react-virtual that falls back to a default when the element
// measures 0 (jsdom in tests, a panel not laid out yet), so the first rows render anyway.
import { observeElementRect, type Rect, type Virtualizer } from '@tanstack/react-virtual';

export function observeRectOr(fallback: Rect) {
  return (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) => observeElementRect(instance, (r) => cb(r.height > 0 ? r : fallback));
}
