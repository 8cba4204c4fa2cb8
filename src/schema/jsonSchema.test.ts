import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_SCHEMAS } from '../sim/scenario/schema.ts';
import { SCHEMA_FILE, buildJsonSchema, jsonSchemaText } from './jsonSchema.ts';

const committed = () => readFileSync(fileURLToPath(new URL(`../../${SCHEMA_FILE}`, import.meta.url)), 'utf8');

interface Node {
  anyOf?: Node[];
  properties?: Record<string, { const?: unknown }>;
}

describe('kernscope.schema.json', () => {
  it('is what `npm run schema` writes from the parser’s schema (run it after changing an op)', () => {
    expect(committed()).toBe(jsonSchemaText());
  });

  it('lets every op, repeat and a "$schema" key through, and nothing unknown at the top', () => {
    const s = buildJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown; $defs: { step: Node } };
    expect(Object.keys(s.properties)).toContain('$schema');
    expect(s.additionalProperties).toBe(false);
    const ops = (s.$defs.step.anyOf ?? []).map((n) => n.properties?.op?.const);
    expect(ops.sort()).toEqual([...Object.keys(OP_SCHEMAS), 'repeat'].sort());
  });
});
