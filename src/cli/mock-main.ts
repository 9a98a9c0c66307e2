// `idp-conformance mock …` alone (bin/idp-conformance.js starts this bundle, dist/mock-cli.js, when the first
// argument is `mock`): the same program as main.ts with only the mock command, so a cold start compiles and
// evaluates only the mock's code (issue 10 item 6, instant start).
import { mockCommand } from './commands/mock.ts';
import { runCli } from './program.ts';

await runCli([mockCommand()]);
