/**
 * The OTLP/HTTP JSON encoding of traces (ExportTraceServiceRequest), as far as telltale reads it.
 * Attribute values are AnyValue objects; 64-bit integers and nano timestamps are decimal strings.
 */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpSpanEvent {
  timeUnixNano?: string | number;
  name?: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: OtlpSpanEvent[];
}

export interface OtlpTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/** A plain JS value of an AnyValue (arrays and key-value lists unfolded). */
export function anyValue(v: OtlpAnyValue | undefined): unknown {
  if (v === undefined) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue !== undefined) return attributeMap(v.kvlistValue.values);
  return undefined;
}

export function attributeMap(kvs: readonly OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (kvs === undefined) return out;
  for (const kv of kvs) out[kv.key] = anyValue(kv.value);
  return out;
}

/** Nanoseconds since the epoch (decimal string or number) to milliseconds. */
export function nanosToMillis(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? Math.floor(v / 1e6) : undefined;
  if (!/^\d{7,}$/.test(v)) return undefined;
  return Number(v.slice(0, -6));
}
