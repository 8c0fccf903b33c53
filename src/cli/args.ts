/**
 * Argument parsing for the CLI: node's parseArgs, with numbers checked and errors a person reads.
 * @module
 */

import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

export function parseOptions(
  argv: readonly string[],
  spec: OptionSpec,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function integerOption(
  values: Record<string, unknown>,
  name: string,
  fallback?: number,
): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new UsageError(`--${name} must be a whole number, not "${String(raw)}"`);
  return value;
}

export function stringOption(values: Record<string, unknown>, name: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw.length === 0) throw new UsageError(`--${name} is required`);
  return raw;
}

/** Runs a command body, turning a UsageError into exit code 2 with the message. */
export async function withUsage(body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hutong: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
