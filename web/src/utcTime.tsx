/**
 * Times typed as ISO-8601 in UTC ("2026-03-12 09:00", seconds optional, a "T" or a space between):
 * unlike the browser's date pickers, which show the local format (mm/dd/yyyy here), one reading only.
 */
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** The ISO instant of a typed time, undefined when blank, `null` when it is not a time. */
export function utcIso(text: string): string | undefined | null {
  const v = text.trim();
  if (v === '') return undefined;
  const m = UTC_TIME.exec(v);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const iso = new Date(t).toISOString();
  // Date.UTC rolls 2026-02-30 over into March: refuse what is not a real date and time.
  return iso.slice(0, 19) === `${y}-${mo}-${d}T${h}:${mi}:${s}` ? iso : null;
}

export function UtcTimeInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const bad = utcIso(value) === null;
  return (
    <label>
      {label} (UTC)
      <input
        className={bad ? 'invalid' : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="YYYY-MM-DD HH:MM"
        aria-invalid={bad}
        title="ISO 8601 in UTC, e.g. 2026-03-12 09:00"
        size={17}
      />
    </label>
  );
}
