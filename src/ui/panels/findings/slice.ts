// The findings list's state: the kind it is filtered to, or all.
import { optionalText } from '../codecs.ts';
import { field, type Fields } from '../contract.ts';

export interface FindingsSlice {
  kind: string | null;
}

export const FINDINGS_FIELDS: Fields<FindingsSlice> = {
  kind: field<string | null>(null, 'scenario', optionalText('kind')),
};
