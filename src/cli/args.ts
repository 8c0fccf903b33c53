/**
 * Argument parsing for the CLI: node's parseArgs, with every command's options described once so
 * that `hutong <command> --help` lists them all, numbers checked, and errors a person reads.
 * @module
 */

import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can act on (a missing directory, a port in use): one line, no stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
  constructor(readonly text: string) {
    super('help requested');
  }
}

export interface OptionDoc {
  readonly type: 'string' | 'boolean';
  /** What the option does, one line; the default when there is one. */
  readonly help: string;
  /** The placeholder shown after a string option, e.g. DIR or N. */
  readonly value?: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionDoc>>;
  /** Lines printed after the options: examples, notes. */
  readonly notes?: readonly string[];
}

export type OptionValues = Record<string, string | boolean | undefined>;

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const left = `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return [left, o.help] as const;
  });
  rows.push(['--help, -h', 'print this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = [
    `usage: hutong ${spec.name}${Object.keys(spec.options).length > 0 ? ' [options]' : ''}`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
  ];
  if (spec.notes !== undefined) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}

/** Parses `argv` against the command's options; `--help` or `-h` prints its help instead. */
export function parseOptions(argv: readonly string[], spec: CommandSpec): OptionValues {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested(helpText(spec));
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type };
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(plainParseError(error as Error));
  }
}

/** node's messages name the option and add advice on `--`; keep the first sentence. */
function plainParseError(error: Error): string {
  const first = error.message.split('. ')[0] ?? error.message;
  return first.replace(/\.$/, '');
}

export function integerOption(values: OptionValues, name: string, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isSafeInteger(value) || value < 0)
    throw new UsageError(`--${name} must be a whole number, not "${String(raw)}"`);
  return value;
}

/** A probability in [0, 1]: a statistic for the simulator, never money. */
export function probabilityOption(values: OptionValues, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !(value >= 0 && value <= 1))
    throw new UsageError(`--${name} must be a number from 0 to 1, not "${String(raw)}"`);
  return value;
}

export function stringOption(values: OptionValues, name: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw.length === 0) throw new UsageError(`--${name} is required`);
  return raw;
}

/**
 * Runs a command body: help goes to stdout with exit 0, a usage error to stderr with exit 2 and
 * a pointer to the help, a CliError to stderr with exit 1. Anything else is a bug and propagates.
 */
export async function withUsage(
  spec: CommandSpec,
  body: () => Promise<number> | number,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(error.text);
      return 0;
    }
    if (error instanceof UsageError) {
      process.stderr.write(
        `hutong ${spec.name}: ${error.message}\n(see: hutong ${spec.name} --help)\n`,
      );
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`hutong ${spec.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Resolves at the first SIGINT or SIGTERM, and then stops listening for them. */
export function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
