import ipaddr from 'ipaddr.js';
import type { Action } from '../action.js';

export type NftHook = 'forward' | 'input' | 'output';

export interface NftRulesetOptions {
  tablePrefix: string;
  hooks: readonly NftHook[];
  /** Addresses a contained device may always reach (DNS, management, EDR). */
  alwaysAllow: readonly string[];
  /** What the device normally reaches, first seen before `before` (the action's start), for enforce_pattern_of_life. */
  patternOfLife: (device: string, before: number) => readonly string[];
}

/** The nftables table of one action: removing the table lifts exactly that action. */
export function nftTableName(action: Action, prefix: string): string {
  return `${prefix}_${action.id.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 63);
}

type Family = 'ip' | 'ip6';

function familyOf(addr: string): Family | undefined {
  const a = addr.includes('/') ? addr.slice(0, addr.indexOf('/')) : addr;
  if (!ipaddr.isValid(a)) return undefined;
  return ipaddr.process(a).kind() === 'ipv4' ? 'ip' : 'ip6';
}

/**
 * Addresses and CIDR ranges of the device's family, without those inside another listed range
 * (nftables refuses overlapping intervals); host names cannot be matched by nftables.
 */
function sameFamily(list: readonly string[], family: Family): string[] {
  const hostBits = family === 'ip' ? 32 : 128;
  const items = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number]>();
  for (const x of list) {
    if (familyOf(x) !== family) continue;
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let bits = hostBits;
    if (x.includes('/')) {
      bits = ipaddr.parseCIDR(x)[1];
      addr = family === 'ip' ? ipaddr.IPv4.networkAddressFromCIDR(x) : ipaddr.IPv6.networkAddressFromCIDR(x);
    } else {
      addr = ipaddr.process(x);
    }
    items.set(`${addr.toString()}/${bits}`, [addr, bits]);
  }
  const out: string[] = [];
  for (const [key, [addr, bits]] of items) {
    let covered = false;
    for (const [net, netBits] of items.values()) {
      if (netBits < bits && addr.kind() === net.kind() && addr.match(net, netBits)) covered = true;
    }
    if (!covered) out.push(bits === hostBits ? addr.toString() : key);
  }
  return out.sort();
}

function normalAddress(e: string): string {
  return ipaddr.isValid(e) ? ipaddr.process(e).toString() : e.toLowerCase();
}

/**
 * The endpoints of a block that nftables cannot match: host names, since a rule set holds addresses.
 * A model that knows the address it saw for a name names both (the breach's related endpoints), and
 * then the address is blocked; a name is left to the executors that act on names (webhook).
 */
export function unaddressedEndpoints(action: Action): string[] {
  return scopeList(action, 'endpoints').filter((e) => familyOf(e) === undefined);
}

function scopeList(action: Action, key: string): string[] {
  const v = action.scope?.[key];
  return v === undefined ? [] : ([] as string[]).concat(v);
}

function setBlock(name: string, family: Family, elements: readonly string[], timeoutS?: number): string[] {
  const type = family === 'ip' ? 'ipv4_addr' : 'ipv6_addr';
  const flags = timeoutS === undefined ? 'interval' : 'interval, timeout';
  const lines = [`  set ${name} {`, `    type ${type}`, `    flags ${flags}`];
  if (elements.length > 0) {
    const items = timeoutS === undefined ? elements : elements.map((e) => `${e} timeout ${timeoutS}s`);
    lines.push(`    elements = { ${items.join(', ')} }`);
  }
  lines.push('  }');
  return lines;
}

/**
 * The nftables rule set of one action, as `nft -f` input. It first creates and deletes the table so
 * that applying it again replaces it atomically (idempotent). Block sets carry element timeouts equal
 * to the action's remaining time, so a block lapses on its own even if telltale is not there to lift it.
 * block_connections: reject the device's connections to the endpoints and drop theirs to it;
 * enforce_pattern_of_life: the device may reach only what it normally reaches (and the always-allowed);
 * quarantine_device: the device may reach and be reached by the always-allowed only.
 */
export function nftRuleset(action: Action, opts: NftRulesetOptions, now: number): string {
  const device = typeof action.scope?.deviceIp === 'string' ? action.scope.deviceIp : action.target.id;
  const family = familyOf(device);
  if (action.target.kind !== 'device' || family === undefined || device.includes('/')) {
    throw new Error(`nftables acts on device IP addresses; ${action.target.kind} "${action.target.id}" is not one`);
  }
  const dev = ipaddr.process(device).toString();
  const table = nftTableName(action, opts.tablePrefix);
  // A replayed action (event time far from now) gets its full duration.
  const left = now >= action.start && now < action.expires ? action.expires - now : action.expires - action.start;
  const remaining = Math.max(1, Math.ceil(left / 1000));
  const sets: string[] = [];
  const rules: string[] = [];
  const comment = `comment "telltale ${action.action} ${action.id}"`;
  switch (action.action) {
    case 'block_connections': {
      const blocked = sameFamily(scopeList(action, 'endpoints'), family);
      if (blocked.length === 0) {
        const names = unaddressedEndpoints(action);
        throw new Error(
          `no ${family === 'ip' ? 'IPv4' : 'IPv6'} endpoints to block for ${dev}` +
            (names.length > 0 ? `: the breaches named host names only (${names.join(', ')})` : ''),
        );
      }
      sets.push(...setBlock('blocked', family, blocked, remaining));
      rules.push(`${family} saddr ${dev} ${family} daddr @blocked counter reject ${comment}`);
      rules.push(`${family} daddr ${dev} ${family} saddr @blocked counter drop ${comment}`);
      break;
    }
    case 'enforce_pattern_of_life': {
      // The endpoints of the breaches behind the action (scope.deny) stay out even if already learned.
      const denied = new Set(scopeList(action, 'deny').map(normalAddress));
      const normal = opts.patternOfLife(dev, action.start).filter((e) => !denied.has(normalAddress(e)));
      const allowed = sameFamily([...scopeList(action, 'allow'), ...normal, ...opts.alwaysAllow], family);
      sets.push(...setBlock('allowed', family, allowed));
      rules.push(`${family} saddr ${dev} ${family} daddr @allowed accept`);
      rules.push(`${family} saddr ${dev} counter reject ${comment}`);
      break;
    }
    case 'quarantine_device': {
      sets.push(...setBlock('allowed', family, sameFamily(opts.alwaysAllow, family)));
      rules.push(`${family} saddr ${dev} ${family} daddr @allowed accept`);
      rules.push(`${family} daddr ${dev} ${family} saddr @allowed accept`);
      rules.push(`${family} saddr ${dev} counter drop ${comment}`);
      rules.push(`${family} daddr ${dev} counter drop ${comment}`);
      break;
    }
    default:
      throw new Error(`nftables cannot carry out ${action.action}`);
  }
  const out = [`table inet ${table}`, `delete table inet ${table}`, `table inet ${table} {`, ...sets];
  for (const hook of opts.hooks) {
    out.push(`  chain ${hook} {`, `    type filter hook ${hook} priority filter - 10; policy accept;`);
    for (const r of rules) out.push(`    ${r}`);
    out.push('  }');
  }
  out.push('}');
  return out.join('\n') + '\n';
}
