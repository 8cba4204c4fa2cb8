// The query page's state: the tables the run offers, and the last answer (kept while other tabs
// are shown). The SQL text itself is the user's and outlives runs (queryText.ts).
import type { QueryAnswer, SqlTableInfo } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';

export interface QueryResult {
  /** The SQL that was run. */
  sql: string;
  answer: QueryAnswer;
}

export interface QuerySlice {
  schema: SqlTableInfo[] | null;
  result: QueryResult | null;
}

export const QUERY_FIELDS: Fields<QuerySlice> = {
  schema: field<SqlTableInfo[] | null>(null, 'run'),
  result: field<QueryResult | null>(null, 'run'),
};
