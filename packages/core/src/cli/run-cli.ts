import { exitCodeOf, toScenarioError } from '../errors.js';
import { type CommandIo, processIo, UsageError } from './args.js';

/** One verb of a command-line program: takes its arguments, returns the exit code. */
export type Command = (args: string[], io: CommandIo) => Promise<number>;

/** What `runCli` needs: the verbs and the usage text shown for `--help` and after a usage error. */
export interface CliOptions {
  commands: Readonly<Record<string, Command>>;
  usage: string;
  /** Where the command writes; defaults to the process's streams with core's stderr logger. */
  io?: CommandIo;
}

/**
 * Runs `<program> <verb> [args]` and resolves to the exit code (DESIGN.md: 0 success,
 * 1 failure, 2 bad usage or bad input). Errors are printed as one `error:` line on stderr,
 * followed by the usage when the mistake was in the command line itself.
 */
export async function runCli(argv: readonly string[], options: CliOptions): Promise<number> {
  const io = options.io ?? processIo();
  const [verb, ...args] = argv;
  try {
    if (verb === '--help' || verb === '-h' || verb === 'help' || args.includes('--help') || args.includes('-h')) {
      io.stdout.write(`${options.usage}\n`);
      return 0;
    }
    if (verb === undefined) throw new UsageError('give a command');
    const command = options.commands[verb];
    if (!command) throw new UsageError(`unknown command "${verb}"`);
    return await command(args, io);
  } catch (error) {
    const scenarioError = toScenarioError(error);
    io.stderr.write(`error: ${scenarioError.message}\n${error instanceof UsageError ? `${options.usage}\n` : ''}`);
    return exitCodeOf(scenarioError.code);
  }
}
