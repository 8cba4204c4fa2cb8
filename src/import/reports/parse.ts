// A closed draft to its finding, by the printer that started it.
import type { ImportedFinding } from '../types.ts';
import type { Draft } from './assembler.ts';
import { reportOf } from './common.ts';
import { parseFragment } from './fragment.ts';
import { parseKasan } from './kasan.ts';
import { parseKcsan } from './kcsan.ts';
import { parseKfence } from './kfence.ts';
import { parseKmemleak } from './kmemleak.ts';
import { parseKmsan } from './kmsan.ts';
import { parseLockdep } from './lockdep.ts';
import { parseBadPage } from './bad_page.ts';
import { parseBugOther, parseChecker, parsePanic, parseSpinlock, parseTtm } from './misc.ts';
import { parseOops } from './oops.ts';
import { parseSched } from './sched.ts';
import { parseSlub } from './slub.ts';
import { parseHung, parseLockup, parseRcuStall } from './stalls.ts';
import { parseUbsan } from './ubsan.ts';
import { parseList, parsePm, parseWarning } from './warning.ts';

export function parseDraft(d: Draft): ImportedFinding | null {
  const r = reportOf(d);
  if (r.t.every((s) => s.length === 0)) return null;
  switch (d.type) {
    case 'slub':
    case 'slub_dump':
      return parseSlub(r);
    case 'kasan':
      return parseKasan(r);
    case 'kmsan':
      return parseKmsan(r);
    case 'kfence':
      return parseKfence(r);
    case 'kcsan':
      return parseKcsan(r);
    case 'ubsan':
      return parseUbsan(r);
    case 'lockdep':
      return parseLockdep(r);
    case 'oops':
    case 'oops_cont':
      return parseOops(r);
    case 'warning':
      return parseWarning(r);
    case 'sched':
      return parseSched(r);
    case 'hung':
      return parseHung(r);
    case 'rcu_stall':
      return parseRcuStall(r);
    case 'lockup':
      return parseLockup(r);
    case 'kmemleak':
      return parseKmemleak(r);
    case 'bad_page':
      return parseBadPage(r);
    case 'list':
      return parseList(r, parseOops);
    case 'ttm':
      return parseTtm(r);
    case 'pm':
      return parsePm(r);
    case 'checker':
      return parseChecker(r);
    case 'panic':
      return parsePanic(r);
    case 'spinlock':
      return parseSpinlock(r);
    case 'bug_other':
      return parseBugOther(r);
    case 'fragment':
      return parseFragment(r);
    case 'cut':
    case 'sep':
      return null;
  }
}
