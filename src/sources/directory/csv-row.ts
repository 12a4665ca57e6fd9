/**
 * Split one CSV line (RFC 4180 quoting, comma separated) into fields. Message trace exports keep
 * a record on one line, so quoted newlines are not joined across lines.
 */
export function splitCsvRow(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < n) {
        const c = line[i]!;
        if (c === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += c;
        i++;
      }
      out.push(v);
      while (i < n && line[i] !== ',') i++;
      i++;
    } else {
      const end = line.indexOf(',', i);
      if (end === -1) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, end));
      i = end + 1;
      if (i === n) out.push('');
    }
  }
  return out;
}
