// Counts as "1,234,567". Not toLocaleString(): its first call in a page loads the ICU locale data
// (about 90 ms in Chromium), on the path of the first render when a run's progress is shown.

export function thousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac === undefined ? '' : `.${frac}`);
}
