export {
  type CommandIo,
  choiceFlag,
  integerFlag,
  numberFlag,
  type ParsedFlags,
  parseFlags,
  processIo,
  required,
  SERVE_FLAGS,
  serveFlagValues,
  TRAIN_FLAGS,
  UsageError,
} from './args.js';
export { type ChildServer, type ChildServerOptions, startChildServer } from './child-server.js';
export { type CliOptions, type Command, runCli } from './run-cli.js';
export { runNodeScript, type ScriptOutcome } from './run-node-script.js';
