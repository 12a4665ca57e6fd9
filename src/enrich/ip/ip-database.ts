import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ipv4ToNumber, ipv6High64 } from './address.js';
import { loadNumericRangeCsv, type RangeTable } from './range-table.js';

export interface AsnRecord {
  asn: number;
  org: string;
}

/**
 * Offline ASN and country lookups from the CSV databases shipped by the @ip-location-db npm
 * packages (asn: RouteViews + RIR + DB-IP Lite, CC BY 4.0; geo-whois-asn-country: RIR whois +
 * geofeeds, CC BY 4.0 / NRO). Loaded lazily on first use, once per process: ~1 s and ~60 MB.
 */
export class IpDatabase {
  private asn4?: RangeTable<AsnRecord>;
  private asn6?: RangeTable<AsnRecord>;
  private cc4?: RangeTable<string>;
  private cc6?: RangeTable<string>;

  constructor(private readonly files: IpDatabaseFiles = defaultFiles()) {}

  /** Load every table now (a long-running process would rather pay at start than on an event). */
  warm(): void {
    this.asn('192.0.2.1');
    this.asn('2001:db8::1');
    this.country('192.0.2.1');
    this.country('2001:db8::1');
  }

  asn(ip: string): AsnRecord | undefined {
    const n = ipv4ToNumber(ip);
    if (n >= 0) {
      this.asn4 ??= loadNumericRangeCsv(this.files.asn4, 4, parseAsn);
      return this.asn4.lookup(n);
    }
    const hi = ipv6High64(ip);
    if (hi === undefined) return undefined;
    this.asn6 ??= loadNumericRangeCsv(this.files.asn6, 6, parseAsn);
    return this.asn6.lookup(hi);
  }

  country(ip: string): string | undefined {
    const n = ipv4ToNumber(ip);
    if (n >= 0) {
      this.cc4 ??= loadNumericRangeCsv(this.files.country4, 4, (s) => s.trim());
      return this.cc4.lookup(n);
    }
    const hi = ipv6High64(ip);
    if (hi === undefined) return undefined;
    this.cc6 ??= loadNumericRangeCsv(this.files.country6, 6, (s) => s.trim());
    return this.cc6.lookup(hi);
  }
}

export interface IpDatabaseFiles {
  asn4: string;
  asn6: string;
  country4: string;
  country6: string;
}

function defaultFiles(): IpDatabaseFiles {
  const require = createRequire(import.meta.url);
  const asnDir = dirname(require.resolve('@ip-location-db/asn/package.json'));
  const ccDir = dirname(require.resolve('@ip-location-db/geo-whois-asn-country/package.json'));
  return {
    asn4: join(asnDir, 'asn-ipv4-num.csv'),
    asn6: join(asnDir, 'asn-ipv6-num.csv'),
    country4: join(ccDir, 'geo-whois-asn-country-ipv4-num.csv'),
    country6: join(ccDir, 'geo-whois-asn-country-ipv6-num.csv'),
  };
}

function parseAsn(rest: string): AsnRecord {
  const c = rest.indexOf(',');
  const asn = Number(c < 0 ? rest : rest.slice(0, c));
  let org = c < 0 ? '' : rest.slice(c + 1);
  if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
  return { asn, org };
}

let shared: IpDatabase | undefined;
/** The process-wide database (read-only data, so sharing it keeps memory down). */
export function sharedIpDatabase(): IpDatabase {
  shared ??= new IpDatabase();
  return shared;
}
