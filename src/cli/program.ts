// The `idp-conformance` program around a set of subcommands: options, exit codes, error output. main.ts runs it
// with every subcommand; mock-main.ts with `mock` alone (bin/idp-conformance.js picks it for `mock`), so the
// mock's cold start does not load the other commands' code or the node built-ins only they use.
import { Command, CommanderError } from 'commander';
import { EXIT, HarnessError, InputError } from '../../lib/errors.ts';
import { VERSION } from '../../lib/version.ts';

/** A repeatable option's values, in order (commander's argParser for `--url A --url B`). */
export const collect = (v: string, all: string[] | undefined): string[] => [...(all ?? []), v];

export async function runCli(commands: Command[]): Promise<void> {
  const program = new Command('idp-conformance')
    .description('OAuth 2.0 client-credentials conformance harness and vendor-faithful mock IdP')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();

  for (const command of commands) program.addCommand(command);

  // addCommand() does not pass exitOverride on: without this a subcommand's usage error exits 1, not 2.
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT.INVALID_INPUT;
    } else if (err instanceof InputError || err instanceof HarnessError) {
      process.stderr.write(`idp-conformance: ${err.message}\n`);
      process.exitCode = EXIT.INVALID_INPUT;
    } else {
      process.stderr.write(`idp-conformance: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.CANNOT_TEST;
    }
  }
}
