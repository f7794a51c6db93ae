import { parseArgs } from 'node:util';
import { RegionCode } from '@bedrock-profile-catalog/catalog';
import { invalidParameter, UsageError } from './errors.js';
import { DEFAULT_URL, type Transport } from './transport.js';

/**
 * A command is its option spec plus a function: the spec drives parsing (node:util parseArgs),
 * the checks every command shares (unknown options, missing values and arguments, region codes)
 * and the help text, so the three cannot drift apart.
 */

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface StringOption {
  type: 'string';
  /** The value's name in help and messages: `--region REGION`. */
  value: string;
  help: string;
  required?: boolean;
  /** Checks (and may convert) the value; throws a UsageError naming `flag`. */
  parse?: (value: string, flag: string) => unknown;
}

interface BooleanOption {
  type: 'boolean';
  help: string;
  short?: string;
}

type OptionSpec = StringOption | BooleanOption;
type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type OptionValue<S> = S extends BooleanOption
  ? boolean
  : S extends { parse: (value: string, flag: string) => infer T }
    ? T
    : string;

/** Parsed option values: required options are always present, the others may be missing. */
export type Values<O extends OptionSpecs> = {
  -readonly [K in keyof O as O[K] extends { required: true } ? K : never]: OptionValue<O[K]>;
} & {
  -readonly [K in keyof O as O[K] extends { required: true } ? never : K]?: OptionValue<O[K]>;
};

export function region(value: string, flag: string): string {
  if (!RegionCode.safeParse(value).success) {
    throw invalidParameter(
      `bad region for ${flag}: '${value}' (expected a region code like us-east-1)`,
    );
  }
  return value;
}

export function httpUrl(value: string, flag: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // Not a URL at all: the same message as a URL of another scheme.
  }
  throw new UsageError(
    `bad URL for ${flag}: '${value}' (expected http:// or https://, e.g. ${DEFAULT_URL})`,
  );
}

/** `--region REGION` and friends: a region code, checked before any request. */
export const REGION = { type: 'string', value: 'REGION', parse: region } as const;

export const BACKEND_OPTIONS = {
  endpoint: {
    type: 'string',
    value: 'URL',
    help: "the catalog's HTTP API (local mode, or a deployed ApiUrl)",
    parse: httpUrl,
  },
  sigv4: { type: 'boolean', help: 'sign requests with SigV4 (automatic for execute-api hosts)' },
  table: {
    type: 'string',
    value: 'NAME',
    help: 'read the DynamoDB table directly instead (no scan)',
  },
  'dynamodb-endpoint': {
    type: 'string',
    value: 'URL',
    help: 'with --table: a local DynamoDB endpoint (dynalite, …)',
    parse: httpUrl,
  },
  'aws-region': {
    ...REGION,
    help: 'SigV4 / DynamoDB region (default: from the URL or AWS_REGION)',
  },
} as const satisfies OptionSpecs;

export const OUTPUT_OPTIONS = {
  json: { type: 'boolean', help: "the API's JSON answer, for scripts" },
  help: { type: 'boolean', short: 'h', help: 'this help' },
} as const satisfies OptionSpecs;

// Output first: in "takes …" lists, --json matters more than the backend options.
const COMMON_OPTIONS = { ...OUTPUT_OPTIONS, ...BACKEND_OPTIONS } as const;

export type CommonValues = Values<typeof COMMON_OPTIONS>;

export interface Context<O extends OptionSpecs> {
  values: Values<O> & Values<typeof OUTPUT_OPTIONS>;
  /** The command's positional argument (`<modelId>`); '' for commands without one. */
  arg: string;
  transport: Transport;
  io: Io;
  now: () => Date;
  /** How long `scan --wait` sleeps between polls. */
  pollMs: number;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string;
  summary: string;
  /** The one positional argument's name, when the command takes one. */
  positional?: string;
  options: O;
  run(context: Context<O>): Promise<number>;
}

/** Types a command's `run` by its own option spec. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** Prints an answer as JSON for `--json`; exit code 0. */
export function printJson(io: Io, body: unknown): number {
  io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  return 0;
}

export type CommandLine =
  | { kind: 'help'; text: string }
  | {
      kind: 'run';
      command: Command;
      values: Values<OptionSpecs> & CommonValues;
      arg: string;
    };

/**
 * Finds the command (options may come before it), then checks every option against that
 * command's spec. Parsing is lenient (`strict: false`) so that the messages are ours: Node's
 * strict errors do not name the command and some span three lines.
 */
export function parseCommandLine(argv: string[], commands: readonly Command[]): CommandLine {
  // Every command's options, to find the command: an option has one type wherever it appears.
  const known: OptionSpecs = Object.assign({}, COMMON_OPTIONS, ...commands.map((c) => c.options));
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: known,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const [name, ...args] = positionals;
  const find = (wanted: string | undefined) => commands.find((c) => c.name === wanted);
  if (name === 'help') return { kind: 'help', text: help(commands, find(args[0])) };
  if (values.help === true) return { kind: 'help', text: help(commands, find(name)) };
  if (!name) throw new UsageError('missing command');
  const command = find(name);
  if (!command) throw new UsageError(`unknown command '${name}'`);

  const options: OptionSpecs = { ...command.options, ...COMMON_OPTIONS };
  const takes = `(${name} takes ${Object.entries(options).map(flag).join(', ')})`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    // Own keys only: `--constructor` is no option, whatever Object.prototype holds.
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) {
      throw new UsageError(
        Object.hasOwn(known, token.name)
          ? `${name}: ${token.rawName} does not apply ${takes}`
          : `${name}: unknown option '${token.rawName}' ${takes}`,
      );
    }
    // Lenient parsing takes the next argument as the value even when it is an option.
    const value = token.value;
    if (
      spec.type === 'string' &&
      (value === undefined || (!token.inlineValue && value.startsWith('-')))
    ) {
      throw new UsageError(`${name}: ${token.rawName} needs a value (${flag([token.name, spec])})`);
    }
    if (spec.type === 'boolean' && value !== undefined) {
      throw new UsageError(`${name}: ${token.rawName} takes no value`);
    }
  }

  const [arg = '', extra] = command.positional ? args : ['', ...args];
  if (command.positional && !arg) throw new UsageError(`${name}: missing <${command.positional}>`);
  if (extra !== undefined) throw new UsageError(`${name}: unexpected argument '${extra}'`);

  const parsed: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(options)) {
    const value = values[key];
    if (value === undefined) {
      if (spec.type === 'string' && spec.required) {
        throw new UsageError(`${name}: missing ${flag([key, spec])}`);
      }
      continue;
    }
    parsed[key] =
      spec.type === 'string' && spec.parse ? spec.parse(String(value), `--${key}`) : value;
  }
  return { kind: 'run', command, values: parsed as Values<OptionSpecs> & CommonValues, arg };
}

const flag = ([key, spec]: [string, OptionSpec]) =>
  spec.type === 'string' ? `--${key} ${spec.value}` : `--${key}`;

const COLUMN = 35;

function row(left: string, right: string): string {
  const start = `  ${left}`;
  return start.length < COLUMN - 1
    ? `${start.padEnd(COLUMN)}${right}\n`
    : `${start}\n${' '.repeat(COLUMN)}${right}\n`;
}

function synopsis(command: Command): string {
  const options = Object.entries(command.options).map(([key, spec]) =>
    spec.type === 'string' && spec.required ? flag([key, spec]) : `[${flag([key, spec])}]`,
  );
  return [
    command.name,
    ...(command.positional ? [`<${command.positional}>`] : []),
    ...options,
  ].join(' ');
}

function optionRows(options: OptionSpecs): string {
  return Object.entries(options)
    .map(([key, spec]) => {
      const short = spec.type === 'boolean' && spec.short ? `-${spec.short}, ` : '';
      return row(`${short}${flag([key, spec])}`, spec.help);
    })
    .join('');
}

/** The help text: every command (or one, with its options), then the options all commands take. */
export function help(commands: readonly Command[], only?: Command): string {
  const head = only
    ? `Usage: bedrock-catalog ${synopsis(only)} [options]\n\n${only.summary}\n${optionRows(only.options)}`
    : `Usage: bedrock-catalog <command> [options]\n\nCommands:\n${commands
        .map((c) => row(synopsis(c), c.summary))
        .join('')}Run 'bedrock-catalog <command> --help' for its options.\n`;
  return `${head}
Backend (default: the HTTP API at $BEDROCK_CATALOG_URL or ${DEFAULT_URL}):
${optionRows(BACKEND_OPTIONS)}
Output:
${optionRows(OUTPUT_OPTIONS)}`;
}
