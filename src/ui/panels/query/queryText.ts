// The query page's SQL, kept as typed in this browser (localStorage), so a reload or another run
// finds it again.
export const QUERY_TEXT_KEY = 'kernscope.query';

export const FIRST_QUERY = 'SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): Store | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadQueryText(storage: Store | null = browserStorage()): string {
  try {
    return storage?.getItem(QUERY_TEXT_KEY) ?? FIRST_QUERY;
  } catch {
    return FIRST_QUERY;
  }
}

export function saveQueryText(text: string, storage: Store | null = browserStorage()): void {
  try {
    storage?.setItem(QUERY_TEXT_KEY, text);
  } catch {
    // private mode or full: the text lasts for this page only
  }
}
