/** Width of axis text (11 px system font) for laying out labels: an estimate, SVG has no layout. */
export const AXIS_CHAR_PX = 6.6;

/** Label column width for these labels, within [min, max] pixels. */
export function labelWidth(labels: readonly string[], min: number, max: number): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.ceil(Math.min(max, Math.max(min, longest * AXIS_CHAR_PX + 12)));
}

/** The label cut to fit `width` pixels, with an ellipsis when cut. */
export function fitLabel(label: string, width: number): string {
  const chars = Math.floor((width - 12) / AXIS_CHAR_PX);
  return label.length > chars ? `${label.slice(0, Math.max(1, chars - 1))}…` : label;
}
