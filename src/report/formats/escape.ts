// Escaping shared by the XML and HTML renderers. Check messages and evidence come from the IdP under test, so
// every value is escaped, and characters XML 1.0 cannot carry at all are replaced rather than emitted.

// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(value: string | number | boolean | null | undefined): string {
  return String(value ?? '')
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const escapeHtml = escapeXml;
