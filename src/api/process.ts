// The user's API under test, as a child process in its own process group: started with the mock's coordinates in
// its environment, waited for until its URL answers, stopped with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { CannotTestError } from '../../lib/errors.ts';
import { OWN_GROUP, signalGroup } from '../../lib/process-group.ts';

export interface ApiProcess {
  /** Why the process ended early, when it did (exit code or signal), else undefined. */
  exited(): string | undefined;
  stop(): Promise<void>;
  /** The last lines it wrote (stdout and stderr), for the cannot-test message. */
  tail(): string;
}

export function startApiProcess(command: string[], env: Record<string, string>, output: (text: string) => void): ApiProcess {
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...OWN_GROUP,
  });
  let ended: string | undefined;
  let tail = '';
  const keep = (b: Buffer) => {
    const text = b.toString('utf8');
    tail = (tail + text).slice(-2000);
    output(text);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const done = new Promise<void>((resolve) => {
    child.on('error', (err) => {
      ended = `could not start "${command[0]}": ${err.message}`;
      resolve();
    });
    child.on('exit', (code, signal) => {
      ended = signal ? `ended by ${signal}` : `exited with ${code}`;
      resolve();
    });
  });
  const group = (signal: NodeJS.Signals) => signalGroup(child.pid, signal);
  return {
    exited: () => ended,
    tail: () => tail.trim().split('\n').slice(-5).join('\n'),
    async stop() {
      if (ended === undefined) {
        group('SIGTERM');
        const killed = await Promise.race([done.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 3000).unref())]);
        if (killed) group('SIGKILL');
      }
      // Whatever it started in its group goes with it.
      group('SIGKILL');
      await Promise.race([done, new Promise((r) => setTimeout(r, 1000).unref())]);
    },
  };
}

/** Waits until `url` answers any HTTP status; CannotTestError (exit 3) past `timeoutMs` or when the process ends. */
export async function waitForUrl(url: string, timeoutMs: number, api: ApiProcess | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    const early = api?.exited();
    if (early) {
      const tail = api!.tail();
      throw new CannotTestError(`the API command ${early} before ${url} answered${tail ? `; its last output:\n${tail}` : ''}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      await res.body?.cancel();
      return;
    } catch (err) {
      last = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    }
    if (Date.now() > deadline)
      throw new CannotTestError(
        `${url} did not answer within ${Math.round(timeoutMs / 1000)} s (${last}); check that the API listens on that URL (--url) or raise --wait`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
