// Formatting of the API's values for display, in Beijing time (the figures' days are Beijing days).

const TZ = 'Asia/Shanghai';
const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const dec1Fmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });

export const DASH = '—';

export const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
export const fmtInt = (x) => (isNum(x) ? intFmt.format(x) : DASH);
export const fmtRate = (x) => (isNum(x) ? `${(x * 100).toFixed(1)}%` : DASH);
export const fmtDuration = (x) =>
  (isNum(x) ? (Math.abs(x) >= 100 ? intFmt.format(x) : dec1Fmt.format(x)) : DASH);

function makeDateTimeFormat(options) {
  try {
    return new Intl.DateTimeFormat('zh-CN', { ...options, timeZone: TZ, hourCycle: 'h23' });
  } catch {
    return new Intl.DateTimeFormat('zh-CN', { ...options, hourCycle: 'h23' });
  }
}
const partsFmt = makeDateTimeFormat({
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Beijing-time parts of an instant: { y, mo, d, h, mi, s } as strings. */
export function beijingParts(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const parts = {};
  for (const p of partsFmt.formatToParts(date)) parts[p.type] = p.value;
  return {
    y: parts.year, mo: parts.month, d: parts.day,
    h: parts.hour === '24' ? '00' : parts.hour, mi: parts.minute, s: parts.second,
  };
}

export const fmtClock = (value) => {
  const p = beijingParts(value);
  return p ? `${p.h}:${p.mi}:${p.s}` : DASH;
};
export const fmtDateTime = (value) => {
  const p = beijingParts(value);
  return p ? `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}` : DASH;
};
export const beijingDay = (value) => {
  const p = beijingParts(value);
  return p ? `${p.y}-${p.mo}-${p.d}` : '';
};
export const currentYear = () => Number(beijingParts(new Date())?.y) || new Date().getFullYear();

/** Raw value for a data-value attribute: numbers as JavaScript prints them (the JSON value), missing as "". */
export const raw = (x) => (x === null || x === undefined ? '' : String(x));

export const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

export const ratio = (part, whole) => (isNum(part) && isNum(whole) && whole > 0 ? part / whole : null);
export const rateTone = (r) => (r === null ? '' : r >= 0.95 ? 'good' : r >= 0.85 ? 'fair' : 'poor');
