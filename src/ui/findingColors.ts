// One color per finding kind, shared by the timeline markers and the findings list.
const KNOWN: Readonly<Record<string, string>> = {
  'slub.redzone_overwritten': '#ff5f5f',
  'slub.poison_overwritten': '#ff79c6',
  'slub.padding_overwritten': '#ffb86c',
  'slub.freepointer_corrupt': '#f1fa8c',
  'slub.double_free': '#ff9e3d',
  'slub.invalid_free': '#e0a050',
  'slub.wrong_object_count': '#d6a2ff',
  'slub.objects_remaining': '#b0a0ff',
  'mm.stray_write': '#50fa7b',
  'mm.paging_request': '#bd93f9',
  'mm.null_deref': '#bd93f9',
};

const PALETTE = ['#8be9fd', '#ffd166', '#06d6a0', '#f78c6b', '#c792ea', '#82aaff', '#ff6f91', '#c3e88d'];

export function findingColor(kind: string): string {
  const k = KNOWN[kind];
  if (k) return k;
  let h = 0;
  for (let i = 0; i < kind.length; i++) h = (h * 31 + kind.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
