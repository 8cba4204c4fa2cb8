// Input errors as the validator and CLI print them: "path: message".
import type { InputError } from '../worker/api.ts';

export function formatError(e: InputError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}
