// Requirement id → spec link, by prefix table (the OpenID conformance suite's approach): `RFC6749-5.2`,
// `RFC6749-A.1`, `OIDC-DISCOVERY-4.3`, `VENDOR-SERVICENOW-…`, and the catalogue ids (`CC-RESP-JSON`) that
// docs/requirements.md maps to their primary RFC section. Unknown ids have no link, never a guess.

interface SpecPrefix {
  /** Matches the part of the id after the prefix: a section ("5.2"), an appendix ("A.1") or nothing. */
  prefix: string;
  title: string;
  base: string;
  /** Fragment for a section number; undefined when the document has no section anchors. */
  anchor?: (section: string) => string;
}

const rfcAnchor = (section: string) => (/^[A-Z]/.test(section) ? `#appendix-${section}` : `#section-${section}`);
const xml2rfcAnchor = (section: string) => `#section-${section}`;

const SPEC_PREFIXES: SpecPrefix[] = [
  {
    prefix: 'OIDC-DISCOVERY',
    title: 'OpenID Connect Discovery 1.0',
    base: 'https://openid.net/specs/openid-connect-discovery-1_0.html',
    anchor: xml2rfcAnchor,
  },
  {
    prefix: 'OIDC-CORE',
    title: 'OpenID Connect Core 1.0',
    base: 'https://openid.net/specs/openid-connect-core-1_0.html',
    anchor: xml2rfcAnchor,
  },
  {
    prefix: 'FAPI2-SP',
    title: 'FAPI 2.0 Security Profile',
    base: 'https://openid.net/specs/fapi-security-profile-2_0-final.html',
    anchor: xml2rfcAnchor,
  },
];

/** Vendor documents (the sources of docs/vendor-behaviour.md). Longest matching prefix wins. */
const VENDOR_DOCS: Record<string, { title: string; url: string }> = {
  'VENDOR-OCI-IAM': {
    title: 'OCI IAM identity domains: client credentials',
    url: 'https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/CCGT.htm',
  },
  'VENDOR-OCI-IAM-TOKEN-EXPIRY': {
    title: 'OCI IAM identity domains: token expiry table',
    url: 'https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/TokenExpiryTable.htm',
  },
  'VENDOR-ORACLE-INTEGRATION': {
    title: 'Oracle Integration: call developer APIs with client credentials',
    url: 'https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/call-developer-apis-client-credentials.html',
  },
  'VENDOR-AVEVA-CONNECT': {
    title: 'AVEVA CONNECT: token management',
    url: 'https://docs.aveva.com/bundle/connect-data-services-developer/page/developer-guide/identity-dev/dev-guide-token-management.html',
  },
  'VENDOR-SERVICENOW': {
    title: 'ServiceNow Zurich: OAuth client credential grant',
    url: 'https://www.servicenow.com/docs/r/zurich/platform-security/authentication/configure-an-oauth-client-credential-grant.html',
  },
  'VENDOR-SERVICENOW-REVOKE': {
    title: 'ServiceNow Zurich: revoke an OAuth token',
    url: 'https://www.servicenow.com/docs/r/zurich/platform-security/authentication/t_RevokeOAuthToken.html',
  },
  'VENDOR-SERVICENOW-PARAMS': {
    title: 'ServiceNow Zurich: OAuth API request parameters',
    url: 'https://www.servicenow.com/docs/r/zurich/platform-security/authentication/r_OAuthAPIRequestParameters.html',
  },
};

/** Catalogue ids (docs/requirements.md) → the first section in their "Section" column. */
const CATALOGUE: Record<string, string> = {
  'CC-TOKEN-TLS': 'RFC6749-3.2',
  'CC-TOKEN-POST-ONLY': 'RFC6749-3.2',
  'CC-TOKEN-FORM-BODY': 'RFC6749-4.4.2',
  'CC-TOKEN-NO-URI-SECRETS': 'RFC6749-2.3.1',
  'CC-TOKEN-EMPTY-PARAM': 'RFC6749-3.2',
  'CC-TOKEN-IGNORE-UNKNOWN': 'RFC6749-3.2',
  'CC-TOKEN-DUP-PARAM': 'RFC6749-3.2',
  'CC-TOKEN-GRANT-TYPE': 'RFC6749-4.4.2',
  'CC-AUTH-REQUIRED': 'RFC6749-3.2.1',
  'CC-AUTH-BASIC-MUST': 'RFC6749-2.3.1',
  'CC-AUTH-BASIC-URLENC': 'RFC6749-2.3.1',
  'CC-AUTH-POST-OPTIONAL': 'RFC6749-2.3.1',
  'CC-AUTH-ONE-METHOD': 'RFC6749-2.3',
  'CC-AUTH-BRUTE-FORCE': 'RFC6749-2.3.1',
  'CC-GRANT-CONFIDENTIAL-ONLY': 'RFC6749-4.4',
  'CC-GRANT-UNAUTHORIZED-CLIENT': 'RFC6749-5.2',
  'CC-SCOPE-OMITTED': 'RFC6749-3.3',
  'CC-SCOPE-ECHO-IF-CHANGED': 'RFC6749-3.3',
  'CC-SCOPE-INVALID': 'RFC6749-3.3',
  'CC-RESP-NO-REFRESH': 'RFC6749-4.4.3',
  'CC-RESP-JSON': 'RFC6749-5.1',
  'CC-RESP-ACCESS-TOKEN': 'RFC6749-5.1',
  'CC-RESP-TOKEN-TYPE': 'RFC6749-5.1',
  'CC-RESP-EXPIRES-IN': 'RFC6749-5.1',
  'CC-RESP-CACHE-HEADERS': 'RFC6749-5.1',
  'CC-RESP-ENTROPY': 'RFC6749-10.10',
  'CC-ERR-400-DEFAULT': 'RFC6749-5.2',
  'CC-ERR-JSON-SHAPE': 'RFC6749-5.2',
  'CC-ERR-CHARSET': 'RFC6749-5.2',
  'CC-ERR-INVALID-CLIENT-BASIC': 'RFC6749-5.2',
  'CC-ERR-INVALID-CLIENT-OTHER': 'RFC6749-5.2',
  'RS-BEARER-HEADER': 'RFC6750-2.1',
  'RS-BEARER-ONE-METHOD': 'RFC6750-2',
  'RS-BEARER-QUERY': 'RFC6750-2.3',
  'RS-CHALLENGE': 'RFC6750-3',
  'RS-ERR-INVALID-TOKEN': 'RFC6750-3.1',
  'RS-ERR-INSUFFICIENT-SCOPE': 'RFC6750-3.1',
  'JWKS-SET-SHAPE': 'RFC7517-5',
  'JWKS-NO-PRIVATE': 'RFC7517-9.2',
  'JWKS-KID-UNIQUE': 'RFC7517-4.5',
  'JWKS-USE-KEYOPS': 'RFC7517-4.2',
  'JWKS-X5C-MATCH': 'RFC7517-4.7',
  'JWKS-COVERS-TOKENS': 'RFC9068-4',
  'JWT-AT-ALG': 'RFC9068-2.1',
  'JWT-AT-TYP': 'RFC9068-2.1',
  'JWT-AT-REQUIRED-CLAIMS': 'RFC9068-2.2',
  'JWT-AT-ISS-MATCH': 'RFC9068-4',
  'JWT-AT-SUB-CLIENT': 'RFC9068-2.2',
  'JWT-AT-TIMES': 'RFC7519-2',
  'JWT-AT-JTI-UNIQUE': 'RFC7519-4.1.7',
  'JWT-AT-SCOPE-CLAIM': 'RFC9068-2.2.3',
  'JWT-AT-DEFAULT-AUD': 'RFC9068-3',
  'JWT-AT-DISTINCT-AUD': 'RFC9068-5',
  'JWT-AT-AMBIGUOUS': 'RFC9068-3',
  'META-WELLKNOWN': 'RFC8414-3',
  'META-ISSUER-IDENTICAL': 'RFC8414-3.3',
  'META-ISSUER-FORM': 'RFC8414-2',
  'META-REQUIRED-FIELDS': 'RFC8414-2',
  'META-GRANT-TYPES-CC': 'RFC8414-2',
  'META-AUTH-METHODS': 'RFC8414-2',
  'META-ENDPOINT-URLS': 'RFC8414-2',
  'META-NO-EMPTY-ARRAYS': 'RFC8414-3.2',
  'META-CONSISTENT': 'RFC9068-4',
  'INTRO-POST-FORM': 'RFC7662-2.1',
  'INTRO-AUTHZ-REQUIRED': 'RFC7662-2.1',
  'INTRO-ACTIVE-BOOLEAN': 'RFC7662-2.2',
  'INTRO-INACTIVE-MINIMAL': 'RFC7662-2.2',
  'INTRO-HINT-FALLBACK': 'RFC7662-2.1',
  'INTRO-STATE-CHECKS': 'RFC7662-4',
  'REVOKE-POST-FORM': 'RFC7009-2',
  'REVOKE-CLIENT-AUTH': 'RFC7009-2.1',
  'REVOKE-200': 'RFC7009-2.2',
  'REVOKE-EFFECT': 'RFC7009-2',
  'PKJWT-PARAMS': 'RFC7523-2.2',
  'PKJWT-ISS-SUB': 'RFC7523-3',
  'PKJWT-AUD': 'RFC7523-3',
  'PKJWT-EXP-SIG': 'RFC7523-3',
  'PKJWT-ERROR': 'RFC7523-3.2',
  'RESIND-URI-FORM': 'RFC8707-2',
  'RESIND-AUD': 'RFC8707-2',
  'RESIND-INVALID-TARGET': 'RFC8707-2',
  'BCP-AUDIENCE-RESTRICT': 'RFC9700-2.3',
  'BCP-SENDER-CONSTRAIN': 'RFC9700-2.2.1',
  'BCP-CLIENT-AUTH': 'RFC9700-2.5',
  'BCP-CLIENT-ID-CONFUSION': 'RFC9700-2.6',
  'BCP-NO-ROPC': 'RFC9700-2.4',
  'BCP-CORS': 'RFC9700-2.6',
  'DPOP-BOUND-TOKEN': 'RFC9449-5',
  'DPOP-PROOF-CHECKS': 'RFC9449-4.3',
  'MTLS-BINDING': 'RFC8705-2',
};

export interface SpecReference {
  /** The requirement id as written in the suite. */
  id: string;
  /** Human label for link text: "RFC 6749 §5.2", "RFC 6749 Appendix A", "OpenID Connect Discovery 1.0 §4.3". */
  label: string;
  url: string;
}

const SECTION = /^(?:[0-9]+(?:\.[0-9]+)*|[A-Z](?:\.[0-9]+)*)$/;

function rfcReference(id: string): SpecReference | undefined {
  const m = /^RFC([0-9]{3,5})(?:-(.+))?$/.exec(id);
  if (!m) return undefined;
  const [, number, section] = m;
  const url = `https://www.rfc-editor.org/rfc/rfc${number}`;
  if (section === undefined) return { id, label: `RFC ${number}`, url };
  if (!SECTION.test(section)) return undefined;
  const label = /^[A-Z]/.test(section) ? `RFC ${number} Appendix ${section}` : `RFC ${number} §${section}`;
  return { id, label, url: url + rfcAnchor(section) };
}

/** Resolves one requirement id; undefined when the prefix is unknown (no link rather than a wrong one). */
export function specReference(id: string): SpecReference | undefined {
  const rfc = rfcReference(id);
  if (rfc) return rfc;
  for (const spec of SPEC_PREFIXES) {
    if (id === spec.prefix) return { id, label: spec.title, url: spec.base };
    if (!id.startsWith(`${spec.prefix}-`)) continue;
    const section = id.slice(spec.prefix.length + 1);
    if (!SECTION.test(section) || !spec.anchor) return undefined;
    return { id, label: `${spec.title} §${section}`, url: spec.base + spec.anchor(section) };
  }
  if (id.startsWith('VENDOR-')) {
    const prefix = Object.keys(VENDOR_DOCS)
      .filter((p) => id === p || id.startsWith(`${p}-`))
      .sort((a, b) => b.length - a.length)[0];
    const doc = prefix ? VENDOR_DOCS[prefix] : undefined;
    return doc ? { id, label: doc.title, url: doc.url } : undefined;
  }
  const catalogued = CATALOGUE[id];
  if (catalogued) {
    const ref = specReference(catalogued);
    return ref && { ...ref, id };
  }
  return undefined;
}

export function specUrl(id: string): string | undefined {
  return specReference(id)?.url;
}

/** Spec URLs for a check's requirement ids, de-duplicated, in requirement order. */
export function specUrlsFor(requirements: readonly string[]): string[] {
  return [...new Set(requirements.map(specUrl).filter((u): u is string => u !== undefined))];
}

/** The spec family of an id for tags and grouping: "RFC6749", "OIDC-DISCOVERY", "VENDOR-SERVICENOW". */
export function specFamily(id: string): string {
  const rfc = /^RFC[0-9]+/.exec(id);
  if (rfc) return rfc[0];
  const known = SPEC_PREFIXES.find((s) => id === s.prefix || id.startsWith(`${s.prefix}-`));
  if (known) return known.prefix;
  const catalogued = CATALOGUE[id];
  if (catalogued) return specFamily(catalogued);
  const vendor = /^VENDOR-[A-Z0-9]+/.exec(id);
  return vendor ? vendor[0] : id;
}

/** The links to show for a check: the ones the harness recorded, else resolved from its requirement ids. */
export function checkSpecUrls(check: { requirements: readonly string[]; specUrls: readonly string[] }): string[] {
  return check.specUrls.length ? [...check.specUrls] : specUrlsFor(check.requirements);
}
