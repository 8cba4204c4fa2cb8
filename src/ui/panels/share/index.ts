// The share link after pressing Share, with the state hash at its event to compare machines.
import { definePanel, field } from '../contract.ts';
import { SharePanel } from './SharePanel.tsx';

export interface ShareSlice {
  url: string | null;
  /** State hash at the shared event: the same on every machine that opens the link. */
  hash: string | null;
}

export const sharePanel = definePanel<ShareSlice>({
  title: 'Share',
  place: 'header',
  component: SharePanel,
  fields: {
    url: field<string | null>(null, 'run'),
    hash: field<string | null>(null, 'run'),
  },
});
