// Read in the page (passed to page.evaluate, so it carries no imports): what the page's run
// cache (IndexedDB "kernscope-runs") says it keeps, in estimated bytes, or -1 without one (an
// older build). The bench waits on it, and so does the run cache's end-to-end test.
export function keptBytes(): Promise<number> {
  return new Promise((resolve) => {
    const rq = indexedDB.open('kernscope-runs');
    rq.onerror = () => resolve(-1);
    rq.onsuccess = () => {
      const db = rq.result;
      if (!db.objectStoreNames.contains('keyval')) return resolve(-1);
      const get = db.transaction('keyval').objectStore('keyval').get('index');
      get.onerror = () => resolve(-1);
      get.onsuccess = () => {
        const rows: unknown = get.result;
        resolve(Array.isArray(rows) ? rows.reduce((n: number, r: { bytes?: number }) => n + (r.bytes ?? 0), 0) : -1);
      };
    };
  });
}
