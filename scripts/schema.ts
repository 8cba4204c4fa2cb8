// Writes kernscope.schema.json at the repository root from the parser's zod schema.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILE, jsonSchemaText } from '../src/schema/jsonSchema.ts';

const out = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
writeFileSync(out, jsonSchemaText());
console.log(`wrote ${SCHEMA_FILE}`);
