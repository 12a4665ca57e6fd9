/** Fast IPv4 parse: dotted quad to an unsigned 32-bit number, or -1 when it is not one. */
export function ipv4ToNumber(ip: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      digits++;
      if (digits > 3) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return n * 256 + part;
}

/** The high 64 bits of an IPv6 address, or undefined when it does not parse. */
export function ipv6High64(ip: string): bigint | undefined {
  const zone = ip.indexOf('%');
  const s = zone >= 0 ? ip.slice(0, zone) : ip;
  if (s.indexOf(':') < 0) return undefined;
  const dbl = s.indexOf('::');
  let head: string[];
  let tail: string[];
  if (dbl >= 0) {
    head = s.slice(0, dbl) === '' ? [] : s.slice(0, dbl).split(':');
    tail = s.slice(dbl + 2) === '' ? [] : s.slice(dbl + 2).split(':');
  } else {
    head = s.split(':');
    tail = [];
  }
  // An embedded IPv4 tail counts as two groups; it never touches the high 64 bits.
  const last = tail.length > 0 ? tail[tail.length - 1] : head[head.length - 1];
  const v4 = last !== undefined && last.indexOf('.') >= 0 ? 1 : 0;
  const groups = head.length + tail.length + v4;
  if (groups > 8 || (dbl < 0 && groups !== 8)) return undefined;
  const all = [...head, ...new Array<string>(8 - groups).fill('0'), ...tail];
  let hi = 0n;
  for (let i = 0; i < 4; i++) {
    const g = all[i] ?? '0';
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    hi = (hi << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return hi;
}
