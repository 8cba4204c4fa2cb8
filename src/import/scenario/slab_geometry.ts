// Where SLUB puts an object's parts and how many objects a slab holds: calculate_sizes(),
// calculate_order() and calculate_alignment() of mm/slub.c / mm/slab_common.c (Linux 6.8) for
// x86-64 (8-byte pointers, 64-byte cache lines, 32-byte struct track with stack depot handles).
// A generated scenario needs it to aim a store at the slab's padding, after the last object.

const PAGE_SIZE = 4096;
const PTR = 8;
const TRACK = 32;
const CACHE_LINE = 64;
const MAX_OBJS_PER_PAGE = 32767;
const MAX_PAGE_ORDER = 10;

export interface SlabGeometry {
  /** s->size: one object slot with its metadata. */
  size: number;
  redLeftPad: number;
  order: number;
  objects: number;
  /** Bytes after the last slot: the padding slab_pad_check() expects to read POISON_INUSE. */
  padding: number;
}

export interface GeometryFlags {
  redZone: boolean;
  poison: boolean;
  storeUser: boolean;
  hwcacheAlign: boolean;
}

const align = (x: number, a: number) => Math.ceil(x / a) * a;
const fls = (x: number) => (x <= 0 ? 0 : Math.floor(Math.log2(x)) + 1);
const orderObjects = (order: number, size: number) => Math.floor((PAGE_SIZE * 2 ** order) / size);

function getOrder(size: number): number {
  let order = 0;
  while (PAGE_SIZE * 2 ** order < size) order++;
  return order;
}

// calc_slab_order() and calculate_order(), mm/slub.c 6.8, with slub_min_objects = 0, slub_max_order = 3
function calculateOrder(size: number, nrCpus: number, maxOrder = 3): number {
  const maxObjects = Math.max(orderObjects(maxOrder, size), 1);
  const minObjects = Math.min(4 * (fls(nrCpus) + 1), maxObjects);
  const minOrder = getOrder(minObjects * size);
  if (orderObjects(minOrder, size) > MAX_OBJS_PER_PAGE) return getOrder(size * MAX_OBJS_PER_PAGE) - 1;
  for (let fraction = 16; fraction > 1; fraction /= 2) {
    let order = minOrder;
    for (; order <= maxOrder; order++) {
      const slab = PAGE_SIZE * 2 ** order;
      if (slab % size <= Math.floor(slab / fraction)) break;
    }
    if (order <= maxOrder) return order;
  }
  const order = getOrder(size);
  return order <= MAX_PAGE_ORDER ? order : -1;
}

export function slabGeometry(objectSize: number, f: GeometryFlags, nrCpus = 2): SlabGeometry | null {
  // calculate_alignment(), mm/slab_common.c
  let alignment = 8;
  if (f.hwcacheAlign) {
    let ralign = CACHE_LINE;
    while (objectSize <= ralign / 2) ralign /= 2;
    alignment = Math.max(alignment, ralign);
  }
  let size = align(objectSize, PTR);
  if (f.redZone && size === objectSize) size += PTR;
  // the free pointer moves out of a poisoned object
  if (f.poison || (f.redZone && objectSize < PTR)) size += PTR;
  if (f.storeUser) size += 2 * TRACK;
  let redLeftPad = 0;
  if (f.redZone) {
    size += PTR;
    redLeftPad = align(PTR, alignment);
    size += redLeftPad;
  }
  size = align(size, alignment);
  const order = calculateOrder(size, nrCpus);
  if (order < 0) return null;
  const objects = orderObjects(order, size);
  if (objects === 0) return null;
  return { size, redLeftPad, order, objects, padding: PAGE_SIZE * 2 ** order - objects * size };
}
