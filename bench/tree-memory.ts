// Peak memory of a process and all its descendants (the CLI, Playwright's runner, its workers), by polling /proc:
// the sum of their resident set sizes at each sample, the highest sum kept (issue #15: the harness's tree peaked
// at 760–830 MiB against a conformant server). Linux only; elsewhere the figure is undefined.
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

/** Resident bytes of `root` and every descendant, right now. */
export function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // comm may hold spaces and parentheses: the fields after the last ')' are fixed (state, ppid, …).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended between the listing and the read
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
    } catch {
      // ended
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples the tree under `root` every `intervalMs` until stopped; returns the peak in bytes. */
export function samplePeak(root: number, intervalMs = 100): { stop(): number | undefined } {
  if (process.platform !== 'linux') return { stop: () => undefined };
  let peak = 0;
  const sample = () => (peak = Math.max(peak, treeRss(root)));
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
