// The kernscope/1 scenario format as JSON Schema, generated from the zod schemas the parser
// validates with, so an editor can complete and check a scenario file before kernscope reads it.
// Rules zod checks in code (exactly one of, bound pointer names, caches) stay the parser's.
import { z } from 'zod';
import { HeaderSchema, OP_SCHEMAS, RepeatHeadSchema } from '../sim/scenario/schema.ts';

export const SCHEMA_FILE = 'kernscope.schema.json';

/** The scenario schema with each step checked against its op's schema (repeat bodies too). */
function scenarioSchema(names: z.core.$ZodRegistry<{ id: string }>): z.ZodType {
  const leaves = Object.values(OP_SCHEMAS as Record<string, z.ZodType>);
  const step: z.ZodType = z.lazy(() => z.union([...leaves, repeat]));
  const repeat = RepeatHeadSchema.extend({ steps: z.array(step) });
  names.add(step, { id: 'step' });
  return HeaderSchema.extend({ steps: z.array(step) });
}

export function buildJsonSchema(): Record<string, unknown> {
  const names = z.registry<{ id: string }>();
  const schema = z.toJSONSchema(scenarioSchema(names), { metadata: names, target: 'draft-2020-12', io: 'input', unrepresentable: 'any', reused: 'inline' });
  return {
    ...schema,
    title: 'kernscope scenario (kernscope/1)',
    description: 'A kernscope scenario: docs/scenario-format.md. Generated from the parser’s schema by `npm run schema`.',
  };
}

/** The file's text, as `npm run schema` writes it. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
