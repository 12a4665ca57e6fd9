/**
 * Zeek's ASCII writer escapes bytes it cannot write literally (the separators, non-printable and,
 * unless `LogAscii::enable_utf_8` is set, non-ASCII bytes) as `\xNN`, and a backslash as `\\`.
 * Runs of escaped bytes are decoded together so that an escaped UTF-8 sequence becomes its character.
 */
export function unescapeZeek(value: string): string {
  if (value.indexOf('\\') < 0) return value;
  let out = '';
  let bytes: number[] | undefined;
  const n = value.length;
  let i = 0;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (c === 92 && i + 3 < n && value.charCodeAt(i + 1) === 120) {
      const hi = hexValue(value.charCodeAt(i + 2));
      const lo = hexValue(value.charCodeAt(i + 3));
      if (hi >= 0 && lo >= 0) {
        if (bytes === undefined) bytes = [];
        bytes.push(hi * 16 + lo);
        i += 4;
        continue;
      }
    }
    if (bytes !== undefined) {
      out += decodeBytes(bytes);
      bytes = undefined;
    }
    if (c === 92 && value.charCodeAt(i + 1) === 92) {
      out += '\\';
      i += 2;
      continue;
    }
    out += value[i];
    i++;
  }
  if (bytes !== undefined) out += decodeBytes(bytes);
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function decodeBytes(bytes: number[]): string {
  for (const b of bytes) if (b >= 0x80) return Buffer.from(bytes).toString('utf8');
  return String.fromCharCode(...bytes);
}
