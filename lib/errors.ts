/** Exit codes shared by every command (README "Exit codes"). */
export const EXIT = { OK: 0, NOT_CONFORMANT: 1, INVALID_INPUT: 2, CANNOT_TEST: 3 } as const;

/** Invalid YAML, config, suite, target, policy or report: the CLI prints the message and exits 2. */
export class InputError extends Error {
  readonly code = 'ERR_INVALID_INPUT';
  readonly exitCode = EXIT.INVALID_INPUT;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * The tool itself could not run: a broken installation, or the harness failing to load under Playwright. Exit 2 with
 * one line, never 3: that would blame the target for it.
 */
export class HarnessError extends Error {
  readonly code = 'ERR_HARNESS';
  readonly exitCode = EXIT.INVALID_INPUT;
  constructor(message: string) {
    super(message);
    this.name = 'HarnessError';
  }
}

/**
 * The target cannot be tested at all (refused credentials, no OAuth endpoint where one was given): the run stops
 * before any suite with one line naming the cause and the fix, exit 3 — never a report blaming the IdP.
 */
export class CannotTestError extends Error {
  readonly code = 'ERR_CANNOT_TEST';
  readonly exitCode = EXIT.CANNOT_TEST;
  constructor(message: string) {
    super(message);
    this.name = 'CannotTestError';
  }
}
