// Access tokens: RFC 9068 JWTs signed with the current key, or opaque random strings; both are recorded
// so introspection (RFC 7662), revocation (RFC 7009) and the sample resource (RFC 6750) can judge them.
import { createHash, createSecretKey, randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { MockClock } from './clock.ts';
import type { FaultHooks } from './faults/catalogue.ts';
import { faultFlag, firedFaults } from './faults/engine.ts';
import { signJws, unsecuredJws } from './jws.ts';
import type { SigningAlg } from './defaults.ts';
import { generateSigningKey, type KeyStore, type SigningKey } from './keys.ts';

export interface TokenRecord {
  clientId: string;
  sub: string;
  scope: string[];
  aud: string | string[];
  iat: number;
  exp: number;
  jti: string;
  /** The token's iss (a profile may set one other than the issuer identifier); introspection answers with it. */
  iss: string;
  format: 'jwt' | 'opaque';
}

export interface IssueRequest {
  clientId: string;
  scope: string[];
  aud: string | string[];
  lifetime: number;
  format: 'jwt' | 'opaque';
  claims: Record<string, unknown>;
  /** Return the client's current token for the same request while it is active (profile tokens.reuse). */
  reuse?: boolean;
}

export interface TokenServiceOptions {
  /** JWT header typ (RFC 9068 §2.1: at+jwt); null = no typ (a vendor profile quirk). */
  typ?: string | null;
  /** The JWT client_id claim: the client id (RFC 9068 §2.2, the default) or the application's GUID (profile tokens.clientIdClaim). */
  clientIdClaim?: 'client-id' | 'guid';
  /** The client id whose application GUID this is (a GUID client_id claim names the client; find()). */
  clientOfGuid?: (guid: string) => string | undefined;
}

/**
 * The GUID of a client's application (Oracle: the token's client_id is "the GUID of the OAuth client"): a UUID
 * derived from the client id, so it is the same after a restart and maps back to the client (find()).
 */
export function applicationGuid(clientId: string): string {
  const h = createHash('sha256').update(`application-guid\u0000${clientId}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * CSPRNG bytes drawn from a pool refilled 4 KiB at a time: one randomBytes() call per opaque token cost ~9% of
 * the token endpoint's CPU under load. Every byte is handed out once.
 */
class RandomPool {
  private buffer = Buffer.alloc(4096);
  private offset = this.buffer.length;
  take(n: number): Buffer {
    if (n > this.buffer.length) return randomBytes(n);
    if (this.offset + n > this.buffer.length) {
      this.buffer = randomFillSync(Buffer.allocUnsafe(this.buffer.length));
      this.offset = 0;
    }
    const out = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

export class TokenService {
  private readonly random = new RandomPool();
  private opaque = new Map<string, TokenRecord>();
  /** jti → exp of revoked JWTs (kept until they would have expired anyway). */
  private revokedJti = new Map<string, number>();
  /** Reusable tokens by client and request (profile tokens.reuse). */
  private current = new Map<string, { token: string; record: TokenRecord }>();
  private readonly typ: string | null;
  private readonly guidClaim: boolean;
  private readonly clientOfGuid: (guid: string) => string | undefined;
  /** Keys the JWKS never publishes, by algorithm (unpublishedKey()). */
  private unpublished = new Map<SigningAlg, Promise<SigningKey>>();

  constructor(
    private readonly clock: MockClock,
    private readonly keys: KeyStore,
    private readonly issuer: () => string,
    private readonly opaqueBytes: number,
    options: TokenServiceOptions = {},
  ) {
    this.typ = options.typ === undefined ? 'at+jwt' : options.typ;
    this.guidClaim = options.clientIdClaim === 'guid';
    this.clientOfGuid = options.clientOfGuid ?? (() => undefined);
  }

  async issue(req: IssueRequest): Promise<{ token: string; record: TokenRecord }> {
    if (!req.reuse) return this.mint(req);
    const key = [req.clientId, req.format, req.lifetime, req.scope.join(' '), JSON.stringify(req.aud)].join('\u0000');
    const held = this.current.get(key);
    if (held && this.isActive(held.record)) return held;
    const minted = await this.mint(req);
    this.current.set(key, minted);
    return minted;
  }

  private async mint(req: IssueRequest): Promise<{ token: string; record: TokenRecord }> {
    const forced = firedFaults().find((f) => f.tokenFormat)?.tokenFormat;
    if (forced) req = { ...req, format: forced };
    const iat = this.clock.now();
    const record: TokenRecord = {
      clientId: req.clientId,
      sub: req.clientId,
      scope: req.scope,
      aud: req.aud,
      iat,
      exp: iat + req.lifetime,
      jti: randomUUID(),
      iss: this.issuer(),
      format: req.format,
    };
    if (req.format === 'opaque') {
      const token = this.random.take(this.opaqueBytes).toString('base64url');
      this.opaque.set(token, record);
      return { token, record };
    }
    const { header, payload, key } = await this.jwtDraft(req, record);
    const faults = firedFaults();
    if (faults.length) return { token: await this.signFaulty(faults, header, payload, key), record };
    const token = await signJws(header as Record<string, unknown> & { alg: SigningAlg }, payload, key.privateKey);
    return { token, record };
  }

  /**
   * The header and claims of a JWT as the mock issues it, and the key that signs it: the token endpoint signs
   * them as they are; idp.mintToken() (admin/tokens.ts) changes them first.
   */
  async jwtDraft(
    req: Pick<IssueRequest, 'clientId' | 'scope' | 'claims'>,
    record: Pick<TokenRecord, 'sub' | 'aud' | 'iat' | 'exp' | 'jti'> & { iss?: string },
  ): Promise<{ header: Record<string, unknown>; payload: Record<string, unknown>; key: SigningKey }> {
    const key = await this.keys.signingKey();
    // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope as a space-delimited string (§2.2.3).
    const payload: Record<string, unknown> = { ...req.claims, client_id: this.guidClaim ? applicationGuid(req.clientId) : req.clientId };
    if (req.scope.length) payload.scope = req.scope.join(' ');
    const { sub, aud, iat, exp, jti } = record;
    Object.assign(payload, { iss: record.iss ?? this.issuer(), sub, aud, iat, exp, jti });
    const header: Record<string, unknown> = { alg: key.alg, ...(this.typ === null ? {} : { typ: this.typ }), kid: key.kid };
    return { header, payload, key };
  }

  /** A key of an algorithm that the JWKS never publishes (jwt-foreign-key fault, mintToken signedBy), one per reset. */
  unpublishedKey(alg: SigningAlg): Promise<SigningKey> {
    let held = this.unpublished.get(alg);
    if (!held) this.unpublished.set(alg, (held = generateSigningKey(alg, this.clock.now())));
    return held;
  }

  /** A fault fired (faults/catalogue.ts): change the header or claims, or sign wrongly on purpose. */
  private async signFaulty(
    faults: FaultHooks[],
    header: Record<string, unknown>,
    payload: Record<string, unknown>,
    key: SigningKey,
  ): Promise<string> {
    const draft = { header, payload };
    for (const f of faults) f.jwt?.(draft);
    const signing = faults.find((f) => f.signing)?.signing;
    if (signing === 'none') return unsecuredJws(draft.header, draft.payload);
    if (signing === 'hs256') return signJws({ ...draft.header, alg: 'HS256' }, draft.payload, createSecretKey(randomBytes(32)));
    let signer = key.privateKey;
    if (signing === 'foreign-key') signer = (await this.unpublishedKey(key.alg)).privateKey;
    return signJws(draft.header as Record<string, unknown> & { alg: SigningAlg }, draft.payload, signer);
  }

  /** The record of a token this mock issued (signature checked for JWTs), active or not. */
  async find(token: string): Promise<TokenRecord | undefined> {
    const opaque = this.opaque.get(token);
    if (opaque) return opaque;
    if (token.split('.').length !== 3) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.keys.verifier(this.clock.now()), {
        issuer: this.issuer(),
        ...(this.typ === null ? {} : { typ: this.typ }),
        // Expiry is judged by isActive() against the mock clock, so expired tokens are still "found".
        currentDate: new Date(0),
      });
      // A GUID client_id claim (profile tokens.clientIdClaim) names the client whose application GUID it is.
      const claimed = String(payload.client_id);
      const sub = String(payload.sub);
      return {
        clientId: (this.guidClaim && this.clientOfGuid(claimed)) || claimed,
        sub,
        scope: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
        aud: payload.aud ?? [],
        iat: payload.iat ?? 0,
        exp: payload.exp ?? 0,
        jti: String(payload.jti),
        iss: String(payload.iss),
        format: 'jwt',
      };
    } catch {
      return undefined;
    }
  }

  isActive(record: TokenRecord): boolean {
    return record.exp > this.clock.now() && !this.isRevoked(record);
  }

  isRevoked(record: TokenRecord): boolean {
    return this.revokedJti.has(record.jti);
  }

  revoke(record: TokenRecord): void {
    // The revoked-token-active fault: revocation is acknowledged but has no effect.
    if (faultFlag('ignoreRevocation')) return;
    this.revokedJti.set(record.jti, record.exp);
  }

  revokedList(): { jti: string; exp: number }[] {
    return [...this.revokedJti].map(([jti, exp]) => ({ jti, exp }));
  }

  restoreRevoked(list: { jti: string; exp: number }[]): void {
    for (const { jti, exp } of list) this.revokedJti.set(jti, exp);
  }

  /** Forget every token, reusable token and revocation (POST /_admin/reset). */
  reset(): void {
    this.opaque.clear();
    this.revokedJti.clear();
    this.current.clear();
    this.unpublished.clear();
  }

  /** Forget expired opaque tokens and revocations of expired tokens (bounded memory under load). */
  prune(): void {
    const now = this.clock.now();
    for (const [token, r] of this.opaque) if (r.exp <= now) this.opaque.delete(token);
    for (const [key, held] of this.current) if (held.record.exp <= now) this.current.delete(key);
    for (const [jti, exp] of this.revokedJti) if (exp <= now) this.revokedJti.delete(jti);
  }
}
