// Child processes in a process group of their own, ended with everything they started: the Playwright runner and
// its workers (src/run.ts), the run re-started to trust a certificate (src/tls-trust.ts), the user's API under test
// (src/api/process.ts). Windows has no process groups: there the child alone is signalled.

/** spawn() options that put the child at the head of its own process group. */
export const OWN_GROUP = { detached: process.platform !== 'win32' } as const;

/** Sends `signal` to the child's whole process group; nothing when it is already gone. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // already gone
  }
}
