// Input errors as the validator and CLI print them: "path: message".
import type { InputError } from '../worker/protocol.ts';

export function formatError(e: InputError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}
