import type {
  Event,
  EventKind,
  NetConnEvent,
  NetDnsEvent,
  NetHttpEvent,
  NetTlsEvent,
  NetX509Event,
} from '../../events/event.js';
import type { BaselineComponent, BaselineOptions } from '../component.js';
import type { Prevalence } from '../prevalence.js';
import { type BeaconSnapshot, BeaconTracker, type PairState } from './beacon.js';
import { CertMemory, type CertSnapshot, looksSelfSigned } from './certs.js';
import { DeviceProfiles, type DeviceProfilesSnapshot } from './device-profile.js';
import { DnsMemory, type DnsMemorySnapshot } from './dns-memory.js';
import { FailedConnections, type FailuresSnapshot } from './failures.js';
import { InternalProbes, type InternalProbesSnapshot } from './internal-probes.js';
import { appEndpoint, hostNameOf, isFailedConnState, isIpLiteral, isProbe, isRevocationCheck } from './keys.js';
import { NovelDomains, type NovelDomainsSnapshot } from './novel-domains.js';
import { OutboundVolume, type VolumeSnapshot } from './volume.js';

export interface NetworkBaselineSnapshot {
  version: 1;
  firstTime: number;
  profiles: DeviceProfilesSnapshot;
  beacons: BeaconSnapshot;
  dns: DnsMemorySnapshot;
  failures: FailuresSnapshot;
  volume: VolumeSnapshot;
  certs: CertSnapshot;
  novel: NovelDomainsSnapshot;
  /** Absent in snapshots written before internal probes were learned. */
  probes?: InternalProbesSnapshot;
}

const SEP = '\u0000';
/** PowerShell names itself in its UA whatever family a parser gives it. */
const POWERSHELL = /powershell/i;
const SETTLED_MS = 86_400_000;

/**
 * Pattern of life for the network domain: per-device profiles (endpoints, domains, ports, user
 * agents), beacon trackers per (device, endpoint), DNS-to-IP memory, outbound volume, failed
 * connection rates and certificate memory; network-wide rarity goes to the shared Prevalence.
 * Every part is bounded (see each file). Only traffic of internal devices to the outside is
 * learned (direction `outbound`), plus named HTTP/TLS to an internal proxy (direction `internal`
 * with a host name), so that a proxy hides neither the endpoint nor its rhythm, plus how many
 * internal services each device probes in an hour (internal TCP connections).
 */
export class NetworkBaseline implements BaselineComponent<NetworkBaselineSnapshot> {
  readonly name = 'network';
  readonly observes: readonly EventKind[] = ['net.conn', 'net.http', 'net.tls', 'net.dns', 'net.x509'];
  readonly profiles: DeviceProfiles;
  readonly beacons = new BeaconTracker();
  readonly dns: DnsMemory;
  readonly failures = new FailedConnections();
  readonly volume = new OutboundVolume();
  readonly certs = new CertMemory();
  readonly novel = new NovelDomains();
  readonly probes = new InternalProbes();
  /** Event time of the first network event learned: how many days the baseline has seen. */
  firstTime = Number.POSITIVE_INFINITY;

  constructor(
    readonly options: BaselineOptions,
    readonly prevalence: Prevalence,
  ) {
    this.profiles = new DeviceProfiles(options.learningWindowMs);
    this.dns = new DnsMemory(options.learningWindowMs);
  }

  observe(event: Event): void {
    if (event.time < this.firstTime) this.firstTime = event.time;
    switch (event.kind) {
      case 'net.conn':
        this.observeConn(event);
        break;
      case 'net.http':
        this.observeHttp(event);
        break;
      case 'net.tls':
        this.observeTls(event);
        break;
      case 'net.dns':
        this.observeDns(event);
        break;
      case 'net.x509':
        this.observeX509(event);
        break;
    }
  }

  /**
   * The beacon state of a device and an endpoint key: `i:<ip>` (connections), `n:<name>`
   * (connections to any IP the device knows by that name) or `h:<name or @ip>` (HTTP and TLS).
   */
  pair(device: string, endpointKey: string): PairState | undefined {
    return this.beacons.get(device + SEP + endpointKey);
  }

  /** Days of network history the baseline has, capped at the learning window. */
  daysSeen(now: number): number {
    if (!Number.isFinite(this.firstTime)) return 0;
    return Math.min(this.options.learningWindowMs, Math.max(0, now - this.firstTime)) / 86_400_000;
  }

  /** Whether a TLS session's server presented a self-signed certificate, by any evidence we hold. */
  isSelfSigned(e: NetTlsEvent): boolean {
    if (e.selfSigned === true) return true;
    // Zeek says "self signed certificate" for a self-signed leaf; "... in certificate chain" only
    // means the root is missing from its store, which is common and benign.
    if (e.validationStatus === 'self signed certificate') return true;
    const leaf = e.certChain?.[0];
    if (leaf !== undefined && this.certs.get(leaf)?.selfSigned === true) return true;
    return looksSelfSigned(e.subject, e.issuer);
  }

  private observeConn(e: NetConnEvent): void {
    if (e.direction === 'internal') {
      if (e.proto === 'tcp') this.probes.observe(e.entity.id, e.dst, e.dstPort, e.time, isProbe(e));
      return;
    }
    if (e.direction !== 'outbound') return;
    const device = e.entity.id;
    const t = e.time;
    const failed = isFailedConnState(e.connState, e.proto);
    const bytesOut = e.bytesOut ?? 0;
    this.profiles.note(device, 'i:' + e.dst, t);
    this.profiles.note(device, 'p:' + e.dstPort, t);
    this.prevalence.touchNamed('ip:', e.dst, device, t);
    if (e.remote?.asn !== undefined) this.prevalence.touchNamed('asn:', String(e.remote.asn), device, t);
    const key = device + SEP + 'i:' + e.dst;
    // Usual volume is learned from endpoints the device has known for a day, so that an upload in
    // chunks to a new endpoint does not raise the bar it is judged against.
    const known = this.beacons.get(key);
    if (!failed && known !== undefined && t - known.first >= SETTLED_MS) this.volume.observe(device, bytesOut, t);
    const tcp = e.proto === 'tcp';
    const port = tcp ? e.srcPort : -1;
    const midstream = tcp && e.connState === 'OTH';
    this.beacons.observe(key, t, bytesOut, failed, false, port, midstream);
    // The same session by the name the device knows the IP by: a server behind a domain that
    // rotates its IPs keeps one rhythm there, while each of its IPs sees only a few sessions.
    const named = this.dns.nameOf(device, e.dst, t);
    if (named !== undefined && named.name !== '')
      this.beacons.observe(device + SEP + 'n:' + named.name, t, bytesOut, failed, false, port, midstream);
    this.failures.observe(device, e.dst, t, failed);
  }

  private observeHttp(e: NetHttpEvent): void {
    const name = hostNameOf(e.host);
    if (!appLayerLearnable(e.direction, name)) return;
    const device = e.entity.id;
    const t = e.time;
    this.noteName(device, name, e.hostDomain, e.dst, e.direction, t);
    if (e.userAgent !== undefined && e.userAgent !== '') {
      this.profiles.note(device, 'u:' + e.userAgent, t);
      this.prevalence.touchNamed('ua:', e.userAgent, device, t);
    }
    if (e.ua !== undefined) this.profiles.note(device, 'f:' + e.ua.family.toLowerCase(), t);
    if (e.userAgent !== undefined && POWERSHELL.test(e.userAgent)) this.profiles.note(device, 'f:powershell', t);
    // A request without a body tells nothing of its size (headers are not logged).
    const size = e.requestBodyLen !== undefined && e.requestBodyLen > 0 ? e.requestBodyLen : undefined;
    // Revocation checks are POSTs by protocol, not uploads or check-ins.
    const post = e.method === 'POST' && !isRevocationCheck(e);
    this.beacons.observe(device + SEP + 'h:' + appEndpoint(name, e.dst), t, size, false, post);
  }

  private observeTls(e: NetTlsEvent): void {
    const name = hostNameOf(e.serverName);
    if (!appLayerLearnable(e.direction, name)) return;
    const device = e.entity.id;
    const t = e.time;
    this.noteName(device, name, e.serverDomain, e.dst, e.direction, t);
    if (e.ja3 !== undefined && e.ja3 !== '') this.prevalence.touchNamed('ja3:', e.ja3, device, t);
    // ssl.log does not carry bytes: the session's size is unknown here (its conn pair has it).
    this.beacons.observe(device + SEP + 'h:' + appEndpoint(name, e.dst), t, undefined, e.established === false, false);
  }

  private noteName(
    device: string,
    name: string | undefined,
    domain: string | undefined,
    dst: string,
    direction: string | undefined,
    t: number,
  ): void {
    if (direction === 'outbound') {
      this.prevalence.touchNamed('ip:', dst, device, t);
      if (name !== undefined) this.dns.learn(device, dst, t, name, domain);
    }
    if (name === undefined) return;
    this.profiles.note(device, 'h:' + name, t);
    this.prevalence.touchNamed('host:', name, device, t);
    const dom = domain ?? name;
    this.noteDomain(device, dom, t);
  }

  private noteDomain(device: string, dom: string, t: number): void {
    if (this.prevalence.readNamed('dom:', dom, t).touchers === 0) this.novel.add(device, dom, t);
    this.profiles.note(device, 'd:' + dom, t);
    this.prevalence.touchNamed('dom:', dom, device, t);
  }

  private observeDns(e: NetDnsEvent): void {
    const q = e.query;
    if (q === undefined || q === '' || q === '-') return;
    const device = e.entity.id;
    const t = e.time;
    const name = q.toLowerCase();
    this.prevalence.touchNamed('host:', name, device, t);
    this.noteDomain(device, e.queryDomain ?? name, t);
    const answers = e.answers;
    if (answers === undefined) return;
    for (let i = 0; i < answers.length; i++) {
      const a = answers[i]!;
      if (isIpLiteral(a)) this.dns.learn(device, a, t, name, e.queryDomain);
    }
  }

  private observeX509(e: NetX509Event): void {
    const info = { selfSigned: looksSelfSigned(e.subject, e.issuer, e.selfSigned) } as {
      selfSigned: boolean;
      subject?: string;
      issuer?: string;
    };
    if (e.subject !== undefined) info.subject = e.subject;
    if (e.issuer !== undefined) info.issuer = e.issuer;
    this.certs.remember(e.certId, info);
  }

  snapshot(): NetworkBaselineSnapshot {
    return {
      version: 1,
      firstTime: Number.isFinite(this.firstTime) ? this.firstTime : -1,
      profiles: this.profiles.snapshot(),
      beacons: this.beacons.snapshot(),
      dns: this.dns.snapshot(),
      failures: this.failures.snapshot(),
      volume: this.volume.snapshot(),
      certs: this.certs.snapshot(),
      novel: this.novel.snapshot(),
      probes: this.probes.snapshot(),
    };
  }

  restore(state: NetworkBaselineSnapshot): void {
    if (state === undefined || state.version !== 1) return;
    this.firstTime = state.firstTime < 0 ? Number.POSITIVE_INFINITY : state.firstTime;
    this.profiles.restore(state.profiles);
    this.beacons.restore(state.beacons);
    this.dns.restore(state.dns);
    this.failures.restore(state.failures);
    this.volume.restore(state.volume);
    this.certs.restore(state.certs);
    this.novel.restore(state.novel);
    this.probes.restore(state.probes);
  }
}

/** Outbound traffic, or a named request to an internal proxy. */
function appLayerLearnable(direction: string | undefined, name: string | undefined): boolean {
  return direction === 'outbound' || (direction === 'internal' && name !== undefined);
}

export type { BeaconScore, PairState } from './beacon.js';
export { beaconScore } from './beacon.js';
export { appEndpoint, hostNameOf, isFailedConnState, isIpLiteral, isProbe, isRevocationCheck } from './keys.js';
