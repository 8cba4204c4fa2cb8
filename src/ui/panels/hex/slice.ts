// The hex view's state: what it shows (a 0x address or a pointer name, and how many bytes),
// the worker's answer, and the byte under the mouse or picked.
import type { HexAnswer } from '../../../worker/protocol.ts';
import { count, optionalIndex, textParam } from '../codecs.ts';
import { field, type Fields } from '../contract.ts';

export const HEX_LEN_DEFAULT = 256;

export interface HexSlice {
  target: string;
  len: number;
  answer: HexAnswer | null;
  /** The byte under the mouse, and the one clicked to keep the inspector on it. */
  hover: number | null;
  pinned: number | null;
  /** Bytes [first, last] selected as evidence (a finding's corrupted range), or null. */
  range: readonly [number, number] | null;
  /** Nothing chosen yet for this scenario: the first moment shown picks a target. */
  auto: boolean;
}

export const HEX_FIELDS: Fields<HexSlice> = {
  target: field('', 'scenario', textParam('hex')),
  len: field(HEX_LEN_DEFAULT, 'never', count('len', HEX_LEN_DEFAULT)),
  answer: field<HexAnswer | null>(null, 'run'),
  hover: field<number | null>(null, 'run'),
  pinned: field<number | null>(null, 'run', optionalIndex('pin')),
  range: field<readonly [number, number] | null>(null, 'run'),
  auto: field(true, 'scenario'),
};
