// Types for scripts/browser.mjs (plain JavaScript so that `npm test` can run it before anything is built).
export interface FoundChromium {
  source: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE' | 'playwright' | 'system';
  /** undefined: Playwright's own browser. */
  executablePath: string | undefined;
}
export function findChromium(env?: NodeJS.ProcessEnv): FoundChromium | undefined;
export function ensureChromium(options?: { env?: NodeJS.ProcessEnv; log?: (line: string) => void }): FoundChromium | undefined;
export const NO_BROWSER: string;
