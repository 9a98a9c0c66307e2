// Terminal colours for the console format: whether to use them (NO_COLOR, FORCE_COLOR, a TTY) and the few
// styles it needs. Text that comes from the target is stripped of control characters first, so an IdP cannot
// write escape sequences to the user's terminal through an error_description.

export interface Palette {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/**
 * https://no-color.org: a non-empty NO_COLOR turns colours off; FORCE_COLOR turns them on ("0" or "false": off),
 * as Node and Playwright read it; otherwise colours only on a terminal that is not "dumb".
 */
export function colorSupported(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

const style = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function palette(color: boolean): Palette {
  if (!color) {
    const plain = (s: string) => s;
    return { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  }
  return { green: style(32, 39), red: style(31, 39), yellow: style(33, 39), dim: style(2, 22), bold: style(1, 22) };
}

// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

/** One line of target-supplied text: control characters (escape sequences, newlines) become one space, capped. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(ESCAPE, '').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
