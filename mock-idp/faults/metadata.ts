// Faults of authorization server metadata (RFC 8414 §2, §3; RFC 9700 §2.4) and the vendors' documented URLs.
import { conformance, setHeader, type FaultDefinition } from './types.ts';

const SIGNING_ALGS = [
  'token_endpoint_auth_signing_alg_values_supported',
  'introspection_endpoint_auth_signing_alg_values_supported',
  'revocation_endpoint_auth_signing_alg_values_supported',
];
const METADATA = ['metadata'];
/** The same URL with the http scheme: what a server behind a TLS-terminating proxy that forgot X-Forwarded-Proto says. */
const plainHttp = (v: unknown) => (typeof v === 'string' ? v.replace(/^https:/, 'http:') : v);
/** localhost instead of 127.0.0.1: the same server under another name, so the URL still works. */
const otherHost = (v: unknown) => (typeof v === 'string' ? v.replace('//127.0.0.1', '//localhost') : v);

export const METADATA_FAULTS: FaultDefinition[] = [
  conformance('discovery-issuer-mismatch', 'the metadata issuer differs from the issuer (trailing slash)', ['RFC8414-3.3'], METADATA, {
    metadata: (d) => {
      d.issuer = `${String(d.issuer)}/`;
    },
  }),
  conformance('discovery-no-token-endpoint', 'the metadata has no token_endpoint', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      delete d.token_endpoint;
    },
  }),
  conformance('discovery-relative-urls', 'metadata endpoint URLs are relative paths', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      for (const k of Object.keys(d)) {
        if ((k.endsWith('_endpoint') || k === 'jwks_uri') && typeof d[k] === 'string') d[k] = new URL(String(d[k])).pathname;
      }
    },
  }),
  conformance(
    'metadata-404',
    'the metadata documents answer 404 (switched on after discovery: the documents went away)',
    ['RFC8414-3'],
    METADATA,
    {
      response: (r) => {
        r.status = 404;
        r.body = { error: 'not_found', error_description: 'no metadata here' };
      },
    },
    ['generic', 'oci-iam', 'aveva-connect'],
  ),
  conformance('metadata-text-plain', 'the metadata is labelled text/plain', ['RFC8414-3.2'], METADATA, {
    response: (r) => setHeader(r, 'Content-Type', 'text/plain'),
  }),
  conformance('metadata-issuer-query', 'the issuer carries a query component', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      d.issuer = `${String(d.issuer)}?tenant=default`;
    },
  }),
  // Seen only when the mock is served over HTTPS (`mock --tls`, `run --tls`, the mutation runner): over plain http the
  // URLs already use http and these faults change nothing.
  conformance('metadata-http-issuer', 'the metadata issuer uses the http scheme (served over https)', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      d.issuer = plainHttp(d.issuer);
    },
  }),
  conformance(
    'metadata-http-endpoints',
    'token_endpoint, jwks_uri and the other endpoint URLs use the http scheme (served over https)',
    ['RFC8414-2', 'RFC6749-3.2'],
    METADATA,
    {
      metadata: (d) => {
        for (const k of Object.keys(d)) if (k.endsWith('_endpoint') || k === 'jwks_uri') d[k] = plainHttp(d[k]);
      },
    },
  ),
  conformance('metadata-no-response-types', 'response_types_supported is left out', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      delete d.response_types_supported;
    },
  }),
  conformance(
    'metadata-no-jwks-uri',
    'jwks_uri is left out although tokens are signed',
    ['RFC8414-2', 'RFC9068-4'],
    METADATA,
    {
      metadata: (d) => {
        delete d.jwks_uri;
      },
    },
    ['generic', 'aveva-connect'],
  ),
  conformance('metadata-no-scopes', 'scopes_supported is left out', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      delete d.scopes_supported;
    },
  }),
  conformance('metadata-no-client-credentials-grant', 'grant_types_supported does not list client_credentials', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      d.grant_types_supported = ['authorization_code'];
    },
  }),
  conformance(
    'metadata-signing-algs-missing',
    'private_key_jwt is advertised without token_endpoint_auth_signing_alg_values_supported',
    ['RFC8414-2'],
    METADATA,
    {
      metadata: (d) => {
        delete d.token_endpoint_auth_signing_alg_values_supported;
      },
    },
  ),
  conformance('metadata-alg-none', 'the *_auth_signing_alg_values_supported lists contain "none"', ['RFC8414-2'], METADATA, {
    metadata: (d) => {
      for (const k of SIGNING_ALGS) if (Array.isArray(d[k])) d[k] = [...(d[k] as string[]), 'none'];
    },
  }),
  conformance(
    'metadata-auth-method-none',
    'token_endpoint_auth_methods_supported lists "none" (public clients)',
    ['RFC9700-2.5', 'RFC6749-4.4'],
    METADATA,
    {
      metadata: (d) => {
        if (Array.isArray(d.token_endpoint_auth_methods_supported))
          d.token_endpoint_auth_methods_supported = [...(d.token_endpoint_auth_methods_supported as unknown[]), 'none'];
      },
    },
  ),
  conformance(
    'metadata-secret-methods-only',
    'only shared-secret client authentication is advertised (no private_key_jwt)',
    ['RFC9700-2.5'],
    METADATA,
    {
      metadata: (d) => {
        if (Array.isArray(d.token_endpoint_auth_methods_supported))
          d.token_endpoint_auth_methods_supported = d.token_endpoint_auth_methods_supported.filter(
            (m) => m === 'client_secret_basic' || m === 'client_secret_post',
          );
      },
    },
  ),
  conformance(
    'metadata-unregistered-names',
    'the introspection endpoint is published as introspect_endpoint',
    ['RFC8414-2', 'RFC8414-7.1'],
    METADATA,
    {
      metadata: (d) => {
        if (d.introspection_endpoint !== undefined) {
          d.introspect_endpoint = d.introspection_endpoint;
          delete d.introspection_endpoint;
        }
      },
    },
  ),
  conformance('metadata-empty-arrays', 'an empty array is published (code_challenge_methods_supported: [])', ['RFC8414-3.2'], METADATA, {
    metadata: (d) => {
      d.code_challenge_methods_supported = [];
    },
  }),
  conformance(
    'metadata-documents-differ',
    'the OpenID Connect document names other URLs than the RFC 8414 one',
    ['RFC8414-3', 'RFC9068-4'],
    METADATA,
    {
      metadata: (d, path) => {
        if (!path.includes('/openid-configuration')) return;
        d.issuer = `${String(d.issuer)}/`;
        d.token_endpoint = otherHost(d.token_endpoint);
        d.jwks_uri = otherHost(d.jwks_uri);
      },
    },
  ),
  conformance(
    'vendor-endpoint-urls-changed',
    "the metadata URLs differ from the vendor's documented ones (a query is added)",
    ['VENDOR-OCI-IAM', 'VENDOR-ORACLE-INTEGRATION', 'VENDOR-AVEVA-CONNECT'],
    METADATA,
    {
      metadata: (d) => {
        for (const k of ['token_endpoint', 'jwks_uri', 'introspection_endpoint'])
          if (typeof d[k] === 'string') d[k] = `${String(d[k])}?tenant=default`;
      },
    },
    ['oci-iam', 'oracle-integration', 'aveva-connect'],
  ),
];
