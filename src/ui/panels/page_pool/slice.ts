// The page_pool view's state: the view at the cursor and the page picked (by struct page address:
// it travels in share links).
import type { ViewAnswer } from '../../../worker/protocol.ts';
import { optionalText } from '../codecs.ts';
import { field, type Fields } from '../contract.ts';

export type PagePoolAnswer = ViewAnswer<'pagePool'>;
export type PpPage = PagePoolAnswer['pages'][number];
export type PpPool = PagePoolAnswer['pools'][number];

export interface PagePoolAt {
  cursor: number;
  view: PagePoolAnswer;
}

export interface PagePoolSlice {
  now: PagePoolAt | null;
  page: string | null;
}

export const PAGE_POOL_FIELDS: Fields<PagePoolSlice> = {
  now: field<PagePoolAt | null>(null, 'scenario'),
  page: field<string | null>(null, 'scenario', optionalText('ppage')),
};
