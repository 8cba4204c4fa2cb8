// Names ordered by their UTF-16 code units: the same order in every browser and locale, and no
// collator to build. A page's first localeCompare() loads ICU's (15-45 ms here), and the first
// render sorted with it in four places.
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
