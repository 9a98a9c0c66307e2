// Peak memory of a process and all its descendants (the CLI, Playwright's runner, its workers), by polling /proc:
// the sum of their resident set sizes at each sample, the highest sum kept (issue #15: the harness's tree peaked
// at 760–830 MiB against a conformant server), and each process's own peak with its command line shortened, so
// that the figure says which process costs what. Linux only; elsewhere the figures are undefined.
import { readdirSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';

const PAGE = 4096;

/** One process of the tree at one sample. */
export interface ProcessSample {
  pid: number;
  /** Its command line, shortened (see shortCommand). */
  command: string;
  /** Resident bytes. */
  rss: number;
  /** CPU seconds (user + system) it has used so far. */
  cpuSeconds: number;
}

/** One process's highest resident set over the run, and its CPU time at the last sample that saw it. */
export interface ProcessPeak extends ProcessSample {
  /** Milliseconds after sampling started that the process was first seen. */
  firstSeenMs: number;
}

export interface TreePeak {
  /** The highest sum over the tree, in bytes. */
  peak: number;
  /** The processes that made up that sum, at that sample. */
  atPeak: ProcessSample[];
  /** Every process seen, each with its own peak, in the order they were first seen. */
  processes: ProcessPeak[];
}

/**
 * A command line short enough for a table: the node binary as `node`, paths inside `root` relative to it, paths
 * under node_modules from the package name on, other absolute paths by their last two segments; at most `max`
 * characters.
 */
export function shortCommand(argv: string[], root: string, max = 72): string {
  const short = argv.map((arg, i) => {
    if (i === 0 && /(^|[/\\])node(\.exe)?$/.test(arg)) return 'node';
    const nm = arg.lastIndexOf(`node_modules${sep}`);
    if (nm >= 0) return arg.slice(nm + `node_modules${sep}`.length);
    if (root && arg.startsWith(root)) return arg.slice(root.length).replace(/^[/\\]/, '') || '.';
    if (arg.startsWith(sep)) return arg.split(sep).slice(-2).join(sep);
    return arg;
  });
  const text = short.join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function commandOf(pid: number, root: string): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (argv.length) return shortCommand(argv, root);
    return `[${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}]`;
  } catch {
    return '?';
  }
}

/** Every process of the tree under `root` (itself included), right now, with its resident bytes. */
export function treeProcesses(root: number, commandRoot = ''): ProcessSample[] {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // comm may hold spaces and parentheses: the fields after the last ')' are fixed (state(3), ppid(4), …,
      // utime(14), stime(15) in clock ticks, USER_HZ = 100).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended between the listing and the read
    }
  }
  const found: ProcessSample[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
      found.push({ pid, command: commandOf(pid, commandRoot), rss, cpuSeconds: cpu.get(pid) ?? 0 });
    } catch {
      // ended
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Resident bytes of `root` and every descendant, right now. */
export function treeRss(root: number): number {
  return treeProcesses(root).reduce((sum, p) => sum + p.rss, 0);
}

/**
 * Samples the tree under `root` every `intervalMs` until stopped; returns the peak sum, the processes at that
 * sample, and each process's own peak. `commandRoot` is the directory command lines are shown relative to.
 */
export function samplePeak(root: number, intervalMs = 100, commandRoot = ''): { stop(): TreePeak | undefined } {
  if (process.platform !== 'linux') return { stop: () => undefined };
  const t0 = Date.now();
  const result: TreePeak = { peak: 0, atPeak: [], processes: [] };
  const byPid = new Map<number, ProcessPeak>();
  const sample = () => {
    const now = treeProcesses(root, commandRoot);
    const sum = now.reduce((s, p) => s + p.rss, 0);
    if (sum > result.peak) Object.assign(result, { peak: sum, atPeak: now });
    for (const p of now) {
      const seen = byPid.get(p.pid);
      if (!seen) {
        const entry = { ...p, firstSeenMs: Date.now() - t0 };
        byPid.set(p.pid, entry);
        result.processes.push(entry);
      } else {
        // A process's command line can change once (fork, then exec): keep the latest one.
        if (p.rss > seen.rss) Object.assign(seen, { rss: p.rss, command: p.command });
        seen.cpuSeconds = p.cpuSeconds;
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return result;
    },
  };
}

/** CPU seconds (user + system) of this process's children that have ended and been waited for, and theirs. */
export function childrenCpuSeconds(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After ')': state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17); fields[0] is field 3.
  const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
  return ticks / 100; // USER_HZ is 100 on every Linux Node supports
}
