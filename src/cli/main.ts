// `idp-conformance` command line. Each subcommand lives in src/cli/commands/ and loads its implementation
// lazily, so `idp-conformance mock` starts without loading the harness or the report renderers.
import { apiCommand } from './commands/api.ts';
import { clientCommand } from './commands/client.ts';
import { gateCommand } from './commands/gate.ts';
import { mockCommand } from './commands/mock.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { runCli } from './program.ts';

await runCli([runCommand(), mockCommand(), reportCommand(), gateCommand(), apiCommand(), clientCommand()]);
