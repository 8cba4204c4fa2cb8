// The panel contract. A panel declares what it shows (a component, in a place on the page), when
// it is offered (a predicate on the run's info), what it asks the worker (views at the cursor and
// views of the whole run, each a function of its state) and its slice of state, field by field:
// the initial value, what a new run resets, and what travels in share links. The controller
// loops over the panels on screen; a new panel is a folder and one line in index.ts.
import type { ComponentType } from 'react';
import type { Moment, RunInfo, ViewAnswers, ViewRequest } from '../../worker/protocol.ts';

/** Where on the page a panel goes. In a tabbed place one panel is shown at a time. */
export type Place = 'header' | 'top' | 'left' | 'log' | 'view' | 'right';

export const TABBED_PLACES = ['left', 'view'] as const;
export type TabbedPlace = (typeof TABBED_PLACES)[number];

export function isTabbed(p: Place): p is TabbedPlace {
  return (TABBED_PLACES as readonly Place[]).includes(p);
}

/**
 * What happens to a field when a run opens: 'run' resets it; 'scenario' keeps it when the same
 * scenario runs again (other options, the edited text) and resets it for another one; 'never'
 * keeps it (a preference, or the size of what is on screen).
 */
export type Reset = 'run' | 'scenario' | 'never';

export interface ShareCodec<T> {
  /** The parameter's name in share links, unique across panels. */
  readonly key: string;
  /** The parameter's text, or null to leave it out (e.g. the initial value). */
  encode(v: T): string | null;
  /** The value of the text, or null when it is not one. */
  decode(text: string): T | null;
}

export interface Field<T> {
  readonly initial: T;
  readonly reset: Reset;
  /** Set: the field goes into share links. */
  readonly share?: ShareCodec<T>;
}

export function field<T>(initial: T, reset: Reset, share?: ShareCodec<T>): Field<T> {
  return share ? { initial, reset, share } : { initial, reset };
}

export type Fields<S> = { readonly [K in keyof S]: Field<S[K]> };

/** What a panel decides its requests from, besides its slice. */
export interface AskContext {
  info: RunInfo;
  cursor: number;
}

/** What comes with the answers: the moment they are for, and that moment's summary when known. */
export interface AnswerContext {
  info: RunInfo;
  at: number;
  moment: Moment | null;
}

/** Requests of a panel and how their answers fold into its slice (answers in request order). */
export interface Query<S> {
  requests(slice: S, ctx: AskContext): readonly ViewRequest[];
  receive(slice: S, answers: readonly unknown[], asked: readonly ViewRequest[], ctx: AnswerContext): Partial<S>;
}

/** A query whose answers are typed after its requests. */
export function query<S, R extends readonly ViewRequest[]>(q: {
  requests(slice: S, ctx: AskContext): R;
  receive(slice: S, answers: ViewAnswers<R>, asked: R, ctx: AnswerContext): Partial<S>;
}): Query<S> {
  return {
    requests: (slice, ctx) => q.requests(slice, ctx),
    // the fetcher hands back the requests it was given and the worker's answers to them, in order
    receive: (slice, answers, asked, ctx) => q.receive(slice, answers as ViewAnswers<R>, asked as R, ctx),
  };
}

export interface PanelDef<S> {
  readonly title: string;
  readonly place: Place;
  /** What it shows (React.lazy for what should stay out of the first bundle). */
  readonly component: ComponentType;
  /** For a lazily loaded component: what is loading, e.g. "lock graph". */
  readonly loading?: string;
  /** A count or mark beside its tab. */
  readonly badge?: ComponentType;
  /** Offered for this run; without it the panel is always offered. A panel with it is hidden while no run is open. */
  readonly offered?: (info: RunInfo) => boolean;
  /** It reads a simulated machine (memory, frames): never offered for an imported log's run, which has none. */
  readonly machine?: boolean;
  /** In a tabbed place: how much the panel wants to be shown first when a scenario opens (highest offered wins). */
  readonly priority?: (info: RunInfo) => number;
  readonly fields: Fields<S>;
  /** Views asked at the cursor, with its moment, while the panel is on screen. */
  readonly atCursor?: Query<S>;
  /** Views of the whole run (asked at its end) while the panel is on screen, again when they change. */
  readonly ofRun?: Query<S>;
}

export function definePanel<S>(def: PanelDef<S>): PanelDef<S> {
  return def;
}

export type SliceOf<P> = P extends PanelDef<infer S> ? S : never;
