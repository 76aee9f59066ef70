// The hub's metrics routes, read with the key given once (#key=... in the address, or the key form).

const REQUEST_TIMEOUT_MS = 10000;
const KEY_STORAGE = 'onething.hub.dashboard.key';

/** The query string of a route: only the parameters given. */
const query = (params) => {
  const given = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return given.length ? `?${given.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
};

// Each route from what the page asks for: { year, window, department }. The window ('' for all time) is the API's
// (?window=hour|today|7d|30d|year): the figures of a window are computed by the hub, never added up here.
export const ROUTES = {
  dashboard: ({ window } = {}) => `api/metrics/dashboard${query({ window })}`,
  departments: ({ window } = {}) => `api/metrics/departments${query({ window })}`,
  resources: ({ window } = {}) => `api/metrics/resources${query({ window })}`,
  oneThings: ({ window } = {}) => `api/metrics/one-things${query({ window })}`,
  trend: ({ window, department } = {}) =>
    `api/metrics/trends${query({ window: window || TREND_ALL_TIME, department })}`,
  breaches: () => 'api/sla/breaches',
  targets: ({ year } = {}) => `api/metrics/targets${query({ year })}`,
};
export const ROUTE_ORDER = ['dashboard', 'departments', 'resources', 'oneThings', 'trend', 'breaches', 'targets'];
/** The routes whose answer depends on the window. */
export const WINDOWED = ['dashboard', 'departments', 'resources', 'oneThings', 'trend'];
/** The trend shown with the all-time figures: the last 30 days, day by day. */
export const TREND_ALL_TIME = '30d';

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const isUnauthorised = (error) => error instanceof HttpError && error.status === 401;

export async function getJson(path, key, signal) {
  const response = await fetch(new URL(path, document.baseURI), {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
    signal,
  });
  if (!response.ok) {
    let detail = response.statusText || '';
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch {
      /* not JSON */
    }
    throw new HttpError(response.status, detail);
  }
  return response.json();
}

/** A route as CSV (Accept: text/csv), the API's own export: its text and the file name the hub gives it. */
export async function getCsv(path, key) {
  const response = await fetch(new URL(path, document.baseURI), {
    headers: { Authorization: `Bearer ${key}`, Accept: 'text/csv' },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) throw new HttpError(response.status, response.statusText || '');
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export.csv';
  return { blob: await response.blob(), name };
}

/** Every route at once; returns what answered and what failed, each by route name. */
export async function getAll(key, params) {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const results = await Promise.allSettled(
      ROUTE_ORDER.map((name) => getJson(ROUTES[name](params), key, controller.signal)));
    const data = {};
    const failures = {};
    ROUTE_ORDER.forEach((name, i) => {
      if (results[i].status === 'fulfilled') data[name] = results[i].value;
      else failures[name] = results[i].reason;
    });
    return { data, failures };
  } finally {
    clearTimeout(timeout);
  }
}

export function describeError(name, error) {
  const route = '/' + ROUTES[name]().split('?')[0];
  if (error instanceof HttpError) {
    if (error.status === 403) return `${route}：无权限 (403)`;
    return `${route}：HTTP ${error.status}${error.message ? ' ' + error.message : ''}`;
  }
  if (error?.name === 'AbortError') return `${route}：请求超时`;
  return `${route}：无法连接 (${error?.message || error})`;
}

// --- The key: taken from the fragment (then removed from the address bar), kept in the tab's session storage ---

export const normaliseKey = (key) => {
  const k = (key ?? '').trim().replace(/^bearer\s+/i, '').trim();
  return k || null;
};

export function readFragmentKey() {
  const fragment = location.hash.replace(/^#/, '');
  if (!fragment) return null;
  let key = null;
  const rest = [];
  for (const part of fragment.split('&')) {
    if (part.startsWith('key=')) {
      try {
        key = decodeURIComponent(part.slice(4));
      } catch {
        key = part.slice(4);
      }
    } else if (part) rest.push(part);
  }
  if (key === null) return null;
  const url = location.pathname + location.search + (rest.length ? `#${rest.join('&')}` : '');
  history.replaceState(history.state, '', url);
  return normaliseKey(key);
}

export function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    /* storage may be disabled; the key then lives only in memory */
  }
}

export function storedKey() {
  try {
    return normaliseKey(sessionStorage.getItem(KEY_STORAGE));
  } catch {
    return null;
  }
}
