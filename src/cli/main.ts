// `idp-conformance` command line. Each subcommand lives in src/cli/commands/ and loads its implementation
// lazily, so `idp-conformance mock` starts without loading the harness or the report renderers.
import { Command, CommanderError } from 'commander';
import { EXIT, HarnessError, InputError } from '../../lib/errors.ts';
import { gateCommand } from './commands/gate.ts';
import { mockCommand } from './commands/mock.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { VERSION } from '../../lib/version.ts';

const program = new Command('idp-conformance')
  .description('OAuth 2.0 client-credentials conformance harness and vendor-faithful mock IdP')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

program.addCommand(runCommand());
program.addCommand(mockCommand());
program.addCommand(reportCommand());
program.addCommand(gateCommand());

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
