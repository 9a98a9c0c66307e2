// What every admin operation receives, and the shape of an admin route.
import type { MockContext } from '../context.ts';

export interface AdminDeps {
  ctx: MockContext;
  /** Replace clients, keys, revocations and clock with the startup config's (POST /_admin/reset). */
  rebuild(): Promise<void>;
}

export interface AdminRequest {
  params: Record<string, string>;
  body: unknown;
  query: URLSearchParams;
}

export interface AdminReply {
  status: number;
  body?: unknown;
}

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the admin prefix; ":name" matches one URL segment. */
  path: string;
  run(a: AdminDeps, req: AdminRequest): Promise<AdminReply>;
}

/** NumericDate → RFC 3339. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
