// Loopback addresses (RFC 6890: 127.0.0.0/8, ::1): where the mock may run an open admin API and where the
// harness may send client credentials over plain http.

/** A host name or address (a URL's hostname may keep IPv6 brackets) that stays on this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return h === 'localhost' || /^127\./.test(h) || h === '::1' || /^::ffff:127\./i.test(h);
}
