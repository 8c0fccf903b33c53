/**
 * Query-string and path parameters, parsed with zod like bodies are: a bad parameter is a 400
 * naming it.
 * @module
 */

import { z } from 'zod';
import { invalidRequest } from './errors.js';

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw invalidRequest(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(query)',
      rule: issue.code,
      message: issue.message,
    })),
  );
}

export function limitParam(fallback: number, maximum: number) {
  return z.coerce.number().int().min(1).max(maximum).default(fallback);
}

export const SEQ_PARAM = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
