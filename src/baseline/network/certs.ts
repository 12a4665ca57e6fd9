/**
 * Certificates seen in x509.log, so that a TLS session that names its chain (cert_chain_fps or
 * fuids) can be judged self-signed even when ssl.log's validation status is missing.
 * Bounded: at most `maxCerts`, oldest inserted dropped first (Map insertion order).
 */

export interface CertInfo {
  selfSigned: boolean;
  subject?: string;
  issuer?: string;
}

export type CertSnapshot = [string, CertInfo][];

export class CertMemory {
  private readonly certs = new Map<string, CertInfo>();

  constructor(private readonly maxCerts = 200_000) {}

  remember(id: string, info: CertInfo): void {
    if (!this.certs.has(id) && this.certs.size >= this.maxCerts) {
      const oldest = this.certs.keys().next().value;
      if (oldest !== undefined) this.certs.delete(oldest);
    }
    this.certs.set(id, info);
  }

  get(id: string): CertInfo | undefined {
    return this.certs.get(id);
  }

  snapshot(): CertSnapshot {
    return Array.from(this.certs);
  }

  restore(snap: CertSnapshot): void {
    this.certs.clear();
    for (const [k, v] of snap) this.certs.set(k, v);
  }
}

/** Self-signed when the chain says so, or subject and issuer are the same name. */
export function looksSelfSigned(subject: string | undefined, issuer: string | undefined, flag?: boolean): boolean {
  if (flag === true) return true;
  return subject !== undefined && subject !== '' && subject === issuer;
}
