// The hex view: bytes at an address or a pointer at the cursor, each named by pattern, region
// and writer. Offered but for imported logs; shown first unless the run is about frames or locks.
import { ask, type RequestOf } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { autoHexFocus, focusPatch } from './focus.ts';
import { HexPanel } from './HexPanel.tsx';
import { HEX_FIELDS, type HexSlice } from './slice.ts';

export const hexPanel = definePanel<HexSlice>({
  title: 'Memory',
  place: 'view',
  component: HexPanel,
  machine: true,
  priority: () => 1,
  fields: HEX_FIELDS,
  atCursor: query({
    requests: (h): [] | [RequestOf<'hexView'>] => (h.target === '' ? [] : [ask('hexView', { target: h.target, len: h.len })]),
    receive: (h, answers, asked, { info, moment }) => {
      const [answer] = answers;
      const [req] = asked;
      if (answer === undefined || req === undefined) {
        if (!h.auto || !moment) return {};
        const f = autoHexFocus(info, moment, h.len);
        return f ? focusPatch(f) : { auto: false };
      }
      // another target was chosen meanwhile: its own answer follows
      if (req.args.target !== h.target || req.args.len !== h.len) return {};
      return { answer };
    },
  }),
});
