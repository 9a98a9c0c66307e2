// The JSONPath subset suites use: $.a.b, $['x5t#S256'], $.keys[0], $.keys[*].kty, $.* (every member).

type Segment = { key: string } | { index: number } | { wildcard: true };

export function parsePath(path: string): Segment[] {
  if (!path.startsWith('$')) throw new Error(`JSON path "${path}" must start with $`);
  const segments: Segment[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\.\*|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  re.lastIndex = 1;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[1] !== undefined) segments.push({ key: m[1] });
    else if (m[2] !== undefined) segments.push({ index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) segments.push({ key: (m[3] ?? m[4])! });
    else segments.push({ wildcard: true });
  }
  if (re.lastIndex !== path.length && path.length > 1) throw new Error(`JSON path "${path}" is not supported`);
  return segments;
}

export function isMultiPath(path: string): boolean {
  return parsePath(path).some((s) => 'wildcard' in s);
}

/** Every value the path selects (an empty list when nothing matches). */
export function select(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const seg of parsePath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      if ('wildcard' in seg) next.push(...Object.values(value as Record<string, unknown>));
      else if ('index' in seg) {
        if (Array.isArray(value) && seg.index < value.length) next.push(value[seg.index]);
      } else if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, seg.key)) {
        next.push((value as Record<string, unknown>)[seg.key]);
      }
    }
    current = next;
  }
  return current;
}

export function selectOne(root: unknown, path: string): unknown {
  return select(root, path)[0];
}
