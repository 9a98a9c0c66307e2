// Runs the report and gate commands with src/cli/main.ts's error mapping, for tests while main.ts does not
// register them yet. Once it does, tests/report/helpers.ts runs the real entry point instead.
import { Command, CommanderError } from 'commander';
import { gateCommand } from '../../src/cli/commands/gate.ts';
import { reportCommand } from '../../src/cli/commands/report.ts';
import { EXIT, InputError } from '../../src/errors.ts';

const program = new Command('idp-conformance').exitOverride();
program.addCommand(reportCommand());
program.addCommand(gateCommand());
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : EXIT.INVALID_INPUT;
  else if (err instanceof InputError) {
    process.stderr.write(`idp-conformance: ${err.message}\n`);
    process.exitCode = EXIT.INVALID_INPUT;
  } else {
    process.stderr.write(`idp-conformance: ${String(err)}\n`);
    process.exitCode = EXIT.CANNOT_TEST;
  }
}
