// 市大数据管理中心 · 一件事一次办 · 数据共享与协同办理监测 (big data centre dashboard).
// Plain ES module, no build step. Reads the hub's metrics routes with the key from the URL fragment (#key=...) or
// the key form, polls every 2 seconds and updates the page in place. Every number shown from the API carries a
// stable data attribute (data-metric / data-field + data-value) so a browser test can compare it with the API.

const POLL_MS = 2000;
const REQUEST_TIMEOUT_MS = 10000;
const KEY_STORAGE = 'onething.hub.dashboard.key';
const TZ = 'Asia/Shanghai'; // the figures' days are Beijing days
const FIRST_YEAR = 2022;

const ROUTES = {
  departments: () => 'api/metrics/departments',
  resources: () => 'api/metrics/resources',
  oneThings: () => 'api/metrics/one-things',
  breaches: () => 'api/sla/breaches',
  targets: (year) => `api/metrics/targets?year=${encodeURIComponent(year)}`,
};
const ROUTE_ORDER = ['departments', 'resources', 'oneThings', 'breaches', 'targets'];

// Display names for the 2022 catalogue's One Things; an unknown code is shown as it is.
const ONE_THING_NAMES = {
  'enterprise-opening': '企业开办',
  'catering-permit': '企业准营(餐饮)',
  'employee-hiring': '员工录用',
  'enterprise-real-estate-registration': '涉企不动产登记',
  'simplified-deregistration': '企业简易注销',
  'water-connection': '供水报装',
  'gas-connection': '供气报装',
  'real-estate-registration-booking': '涉企不动产登记预约',
  'oversize-transport': '大件运输',
  'road-works': '涉路施工',
  'newborn': '新生儿出生',
  'flexible-employment': '灵活就业',
  'marriage-and-childbirth': '公民婚育',
  'disability-assistance': '扶残助困',
  'military-retirement': '军人退役',
  'second-hand-home-transfer': '二手房转移登记',
  'employee-retirement': '企业职工退休',
  'after-death': '公民身后',
  'tax-and-fees': '税费缴纳',
  'public-rental-housing': '公(廉)租房申请',
  'cross-region-medical-filing': '异地就医备案',
  'zhongkao-preferential': '特殊人群中考优待',
  'gaokao-preferential': '特殊人群高考优待',
};

const BREACH_KINDS = {
  'service-overdue': ['事项超期', 'Service overdue'],
  'share-request-deadline': ['共享申请超时', 'Share request late'],
  'quality-report-deadline': ['质量问题超时', 'Quality report late'],
  'dispute-ruling-deadline': ['异议裁定超时', 'Dispute ruling late'],
  'exchange-timeout': ['交换超时', 'Exchange timeout'],
  'exchange-slow': ['交换响应慢', 'Slow exchange'],
};

const LEVELS = { city: '市级', district: '区级' };

// Units that appear in breaches but neither in the department figures nor in the targets (names from the registry seed).
const FALLBACK_NAMES = {
  'government-services': '市政务服务办',
  'big-data-centre': '市大数据管理中心',
  'cyberspace-affairs': '市委网信办',
};

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const dec1Fmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });
const DASH = '—';

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
const fmtInt = (x) => (isNum(x) ? intFmt.format(x) : DASH);
const fmtRate = (x) => (isNum(x) ? `${(x * 100).toFixed(1)}%` : DASH);
const fmtDuration = (x) => (isNum(x) ? (Math.abs(x) >= 100 ? intFmt.format(x) : dec1Fmt.format(x)) : DASH);

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
function beijingParts(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const parts = {};
  for (const p of partsFmt.formatToParts(date)) parts[p.type] = p.value;
  return { y: parts.year, mo: parts.month, d: parts.day, h: parts.hour === '24' ? '00' : parts.hour, mi: parts.minute, s: parts.second };
}
const fmtClock = (value) => {
  const p = beijingParts(value);
  return p ? `${p.h}:${p.mi}:${p.s}` : DASH;
};
const fmtDateTime = (value) => {
  const p = beijingParts(value);
  return p ? `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}` : DASH;
};
const beijingDay = (value) => {
  const p = beijingParts(value);
  return p ? `${p.y}-${p.mo}-${p.d}` : '';
};
const currentYear = () => Number(beijingParts(new Date())?.y) || new Date().getFullYear();

/** Raw value for a data-value attribute: numbers as JavaScript prints them (the JSON value), missing as "". */
const raw = (x) => (x === null || x === undefined ? '' : String(x));

const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

// ---------------------------------------------------------------------------------------------------------------
// DOM helpers

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

/** Sets text only when it changed (no needless layout work, no flicker). */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets an attribute only when it changed. */
function setAttr(node, name, value) {
  if (value === null || value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Briefly marks a value that changed since the last refresh. */
function bump(node) {
  node.classList.remove('bump');
  void node.offsetWidth; // restart the transition
  node.classList.add('bump');
  clearTimeout(node._bumpTimer);
  node._bumpTimer = setTimeout(() => node.classList.remove('bump'), 1200);
}

/** Puts the rows in the given order, moving only the rows that are out of place (new rows are inserted). */
function placeRows(tbody, rows) {
  rows.forEach((row, i) => {
    const at = tbody.children[i];
    if (at !== row) tbody.insertBefore(row, at ?? null);
  });
  while (tbody.children.length > rows.length) tbody.lastElementChild.remove();
}

// ---------------------------------------------------------------------------------------------------------------
// State

const state = {
  key: null,
  generation: 0, // bumps whenever the key changes, so stale answers are ignored
  timer: null,
  polling: false,
  ready: false,
  rendered: false,
  names: new Map(), // department code -> short name
  departments: [],
  deptRows: new Map(),
  deptSort: { field: null, dir: 1 },
  breachRows: new Map(),
  breachesSeen: null, // ids seen in the previous refresh; null until the first render
  targetRows: new Map(),
  resourceRows: new Map(),
  charts: {},
  chartData: {},
  lastOk: null,
};

const deptName = (code) => state.names.get(code) ?? FALLBACK_NAMES[code] ?? code;
const oneThingName = (code) => ONE_THING_NAMES[code] ?? code;

// ---------------------------------------------------------------------------------------------------------------
// Key handling: #key=... in the fragment (then kept in sessionStorage and removed from the address bar), else a form.

function readFragmentKey() {
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

const normaliseKey = (key) => {
  const k = (key ?? '').trim().replace(/^bearer\s+/i, '').trim();
  return k || null;
};

function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    /* storage may be disabled; the key then lives only in memory */
  }
}

function storedKey() {
  try {
    return normaliseKey(sessionStorage.getItem(KEY_STORAGE));
  } catch {
    return null;
  }
}

function askForKey(message) {
  stopPolling();
  state.key = null;
  state.generation++;
  storeKey(null);
  $('#key-panel').hidden = false;
  $('#change-key').hidden = true;
  setText($('#key-message'), message ?? '本页面仅在当前浏览器会话中保存密钥。');
  $('#key-message').classList.toggle('error', Boolean(message));
  setStatus(message ?? '请输入访问密钥', message ? 'error' : 'idle');
  setTimeout(() => $('#key-input').focus(), 0);
}

function useKey(key) {
  state.key = key;
  state.generation++;
  storeKey(key);
  $('#key-panel').hidden = true;
  $('#change-key').hidden = false;
  setStatus('正在加载…', 'idle');
  startPolling();
}

// ---------------------------------------------------------------------------------------------------------------
// Fetching

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function getJson(path, signal) {
  const response = await fetch(new URL(path, document.baseURI), {
    headers: { Authorization: `Bearer ${state.key}`, Accept: 'application/json' },
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

function describeError(name, error) {
  const route = '/' + ROUTES[name](selectedYear()).split('?')[0];
  if (error instanceof HttpError) {
    if (error.status === 403) return `${route}：无权限 (403)`;
    return `${route}：HTTP ${error.status}${error.message ? ' ' + error.message : ''}`;
  }
  if (error?.name === 'AbortError') return `${route}：请求超时`;
  return `${route}：无法连接 (${error?.message || error})`;
}

function stopPolling() {
  clearTimeout(state.timer);
  state.timer = null;
}

function startPolling() {
  stopPolling();
  poll();
}

async function poll() {
  if (!state.key) return;
  const generation = state.generation;
  const year = selectedYear();
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  let results;
  try {
    results = await Promise.allSettled(
      ROUTE_ORDER.map((name) => getJson(ROUTES[name](year), controller.signal)),
    );
  } finally {
    clearTimeout(timeout);
  }
  if (generation !== state.generation) return; // the key changed meanwhile

  if (results.some((r) => r.status === 'rejected' && r.reason instanceof HttpError && r.reason.status === 401)) {
    askForKey('密钥无效或已过期（401），请重新输入。');
    return;
  }

  const data = {};
  const errors = [];
  ROUTE_ORDER.forEach((name, i) => {
    const r = results[i];
    if (r.status === 'fulfilled') data[name] = r.value;
    else errors.push(describeError(name, r.reason));
  });
  if (data.targets && year !== selectedYear()) delete data.targets; // the year changed meanwhile

  errors.push(...render(data));

  if (!state.ready && errors.length === 0 && ROUTE_ORDER.every((n) => data[n])) {
    state.ready = true;
    document.body.dataset.ready = 'true';
  }

  if (errors.length) setStatus(`部分数据未更新 · ${errors.join('；')}`, 'error');
  else {
    state.lastOk = new Date();
    setStatus(`实时 · 每 2 秒刷新 · 最近刷新 ${fmtClock(state.lastOk)}`, 'ok');
  }

  state.timer = setTimeout(poll, POLL_MS);
}

async function refreshTargets() {
  if (!state.key) return;
  const generation = state.generation;
  const year = selectedYear();
  try {
    const targets = await getJson(ROUTES.targets(year));
    if (generation !== state.generation || year !== selectedYear()) return;
    renderTargets(targets);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) askForKey('密钥无效或已过期（401），请重新输入。');
    else setStatus(`部分数据未更新 · ${describeError('targets', error)}`, 'error');
  }
}

function setStatus(text, kind) {
  const status = $('#status');
  setText(status, text);
  status.dataset.state = kind;
  status.title = text;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

function render(data) {
  const errors = [];
  const step = (label, f) => {
    try {
      f();
    } catch (error) {
      errors.push(`${label}显示出错：${error?.message || error}`);
      console.error(error);
    }
  };
  step('名称', () => rememberNames(data));
  step('更新时间', () => renderFreshness(data));
  step('总览', () => renderOverview(data));
  if (data.departments) step('部门表', () => renderDepartments(data.departments.departments ?? []));
  if (data.oneThings) step('图表', () => renderCharts(data.oneThings));
  if (data.breaches) step('违约列表', () => renderBreaches(data.breaches));
  if (data.targets) step('年度目标', () => renderTargets(data.targets));
  if (data.resources) step('共享资源', () => renderResources(data.resources.resources ?? []));
  state.rendered = true;
  return errors;
}

function rememberNames(data) {
  for (const d of data.departments?.departments ?? []) if (d.name) state.names.set(d.department, d.name);
  for (const t of data.targets?.targets ?? []) if (t.name && !state.names.has(t.department)) state.names.set(t.department, t.name);
}

function renderFreshness(data) {
  const all = ROUTE_ORDER.map((n) => data[n]?.freshness).filter(Boolean);
  if (!all.length) return;
  // The most conservative view: the freshness that lags the most.
  const f = all.reduce((a, b) => ((b.lagSeconds ?? 0) > (a.lagSeconds ?? 0) ? b : a));
  const lag = isNum(f.lagSeconds) ? f.lagSeconds : 0;
  const node = $('#freshness');
  setText(node, `数据更新于 ${fmtClock(f.asOf)}，延迟 ${lag.toFixed(1)} 秒`);
  node.dataset.asOf = raw(f.asOf);
  node.dataset.lagSeconds = raw(f.lagSeconds);
  node.title = `asOf ${f.asOf} · processed ${f.processed} / ${f.highWaterMark}`;
  node.classList.toggle('lagging', lag >= 10);
}

function setCard(metric, value, text) {
  const card = $(`[data-metric="${metric}"]`);
  const v = raw(value);
  if (card.dataset.value !== v) {
    card.dataset.value = v;
    setText(card.querySelector('.card-value'), text);
    if (state.rendered) bump(card);
  }
}

const sum = (items, f) => items.reduce((s, x) => s + (Number(f(x)) || 0), 0);

function renderOverview(data) {
  if (data.oneThings) {
    const things = data.oneThings.oneThings ?? [];
    const applications = sum(things, (t) => t.applications);
    const finished = sum(things, (t) => t.finished);
    setCard('applications', applications, fmtInt(applications));
    setCard('finished', finished, fmtInt(finished));

    let weight = 0;
    let weighted = 0;
    for (const t of things) {
      const n = sum(t.ratings ?? [], (r) => r);
      if (isNum(t.ratingAverage) && n > 0) {
        weight += n;
        weighted += t.ratingAverage * n;
      }
    }
    const average = weight > 0 ? weighted / weight : null;
    setCard('ratingAverage', average, average === null ? DASH : average.toFixed(2));
    const card = $('[data-metric="ratingAverage"] .card-note');
    setText(card, weight > 0 ? `满分 5 分 · ${fmtInt(weight)} 条评价` : '满分 5 分 · 暂无评价');
  }
  if (data.departments) {
    const departments = data.departments.departments ?? [];
    const completed = sum(departments, (d) => d.servicesCompleted);
    const within = sum(departments, (d) => d.completedWithinLimit);
    const rate = completed > 0 ? within / completed : null;
    setCard('withinLimitRate', rate, fmtRate(rate));
    setText($('[data-metric="withinLimitRate"] .card-note'), `按时办结 ${fmtInt(within)} / 办结事项 ${fmtInt(completed)}`);
    const exchanges = sum(departments, (d) => d.exchangesAnswered);
    setCard('exchanges', exchanges, fmtInt(exchanges));
  }
  if (data.breaches) {
    const count = data.breaches.count ?? 0;
    setCard('breaches', count, fmtInt(count));
    $('[data-metric="breaches"]').classList.toggle('has-alert', count > 0);
  }
}

// --- Departments table -------------------------------------------------------------------------------------------

// Each cell shows one member of DepartmentMetrics (dotted for a Timing's members); data-value holds its raw value.
const DEPT_COLUMNS = [
  { field: 'name', label: '部门', en: 'Department', type: 'text' },
  { field: 'servicesCompleted', label: '办结事项', en: 'Completed', type: 'int' },
  {
    field: 'completedWithinLimit', label: '按时办结率', en: 'Within limit', type: 'int',
    // The cell's data-value is completedWithinLimit; it shows (and sorts by) the share of completed services.
    sortValue: (d) => ratio(d.completedWithinLimit, d.servicesCompleted),
    text: (d) => fmtRate(ratio(d.completedWithinLimit, d.servicesCompleted)),
    note: (d) => `${fmtInt(d.completedWithinLimit)}/${fmtInt(d.servicesCompleted)}`,
    tone: (d) => rateTone(ratio(d.completedWithinLimit, d.servicesCompleted)),
  },
  { field: 'processingHours.p50', group: 'hours', label: 'P50', type: 'timing', timing: 'processingHours' },
  { field: 'processingHours.p95', group: 'hours', label: 'P95', type: 'timing', timing: 'processingHours' },
  {
    field: 'shareRequestsAnsweredInTime', label: '共享申请按时答复', en: 'Share requests', type: 'int',
    sortValue: (d) => d.shareRequestsAnsweredInTime,
    text: (d) => fmtInt(d.shareRequestsAnsweredInTime),
    note: (d) => `/ ${fmtInt(d.shareRequestsAnswered)}`,
    tone: (d) => rateTone(ratio(d.shareRequestsAnsweredInTime, d.shareRequestsAnswered)),
  },
  { field: 'exchangeAnswerMs.p50', group: 'ms', label: 'P50', type: 'timing', timing: 'exchangeAnswerMs' },
  { field: 'exchangeAnswerMs.p95', group: 'ms', label: 'P95', type: 'timing', timing: 'exchangeAnswerMs' },
  { field: 'invalidAnswers', label: '无效答复', en: 'Invalid', type: 'int', alert: true },
  { field: 'qualityReports', label: '质量问题', en: 'Quality', type: 'int', alert: true },
  { field: 'deliverySuccessRate', label: '投递成功率', en: 'Delivery', type: 'rate' },
  { field: 'overdue', label: '超期', en: 'Overdue', type: 'int', alert: true },
  { field: 'timelinessRate', label: '综合及时率', en: 'Timeliness', type: 'rate' },
  { field: 'qualityRate', label: '数据质量率', en: 'Quality rate', type: 'rate' },
];
const GROUPS = {
  hours: { label: '办理时长', en: 'Hours' },
  ms: { label: '交换响应', en: 'ms' },
};

const ratio = (part, whole) => (isNum(part) && isNum(whole) && whole > 0 ? part / whole : null);
const rateTone = (r) => (r === null ? '' : r >= 0.95 ? 'good' : r >= 0.85 ? 'fair' : 'poor');

function cellModel(column, d) {
  const value = get(d, column.field);
  const model = { value: raw(value), text: DASH, note: '', tone: '', sort: value };
  if (column.text) {
    model.text = column.text(d);
    model.note = column.note?.(d) ?? '';
    model.tone = column.tone?.(d) ?? '';
    model.sort = column.sortValue ? column.sortValue(d) : value;
    return model;
  }
  switch (column.type) {
    case 'text':
      model.text = value ?? DASH;
      model.note = d.department;
      break;
    case 'int':
      model.text = fmtInt(value);
      if (column.alert && value > 0) model.tone = 'poor';
      break;
    case 'rate':
      model.text = fmtRate(value);
      model.tone = isNum(value) ? rateTone(value) : '';
      break;
    case 'timing': {
      const count = get(d, `${column.timing}.count`);
      model.text = count > 0 ? fmtDuration(value) : DASH;
      break;
    }
  }
  return model;
}

function buildDepartmentHead() {
  const head = $('#department-head');
  const top = el('tr');
  const bottom = el('tr');
  const seen = new Set();
  for (const column of DEPT_COLUMNS) {
    if (column.group) {
      if (!seen.has(column.group)) {
        seen.add(column.group);
        const g = GROUPS[column.group];
        const span = DEPT_COLUMNS.filter((c) => c.group === column.group).length;
        top.append(el('th', { colspan: span, class: 'group', scope: 'colgroup' }, g.label, el('span', { class: 'en', text: ` ${g.en}` })));
      }
      bottom.append(sortHeader(column, column.label));
    } else {
      const th = sortHeader(column, column.label, column.en);
      th.rowSpan = 2;
      top.append(th);
    }
  }
  head.replaceChildren(top, bottom);
}

function sortHeader(column, label, en) {
  const th = el('th', {
    scope: 'col', tabindex: 0, 'data-sort': column.field, 'aria-sort': 'none',
    class: `sortable ${column.type === 'text' ? '' : 'num'}`,
  }, label, el('span', { class: 'arrow', 'aria-hidden': 'true' }));
  if (en) th.append(el('span', { class: 'en block', text: en }));
  const activate = () => {
    const s = state.deptSort;
    if (s.field === column.field) s.dir = -s.dir;
    else {
      s.field = column.field;
      s.dir = column.type === 'text' ? 1 : -1;
    }
    renderDepartments(state.departments);
  };
  th.addEventListener('click', activate);
  th.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    }
  });
  return th;
}

function compareValues(a, b, dir) {
  const aMissing = a === null || a === undefined || a === '';
  const bMissing = b === null || b === undefined || b === '';
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1; // missing values last
  if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b), 'zh-CN') * dir;
  return (a - b) * dir;
}

function renderDepartments(departments) {
  state.departments = departments;
  const tbody = $('#department-rows');
  const present = new Set();
  const models = new Map();

  for (const d of departments) {
    present.add(d.department);
    let entry = state.deptRows.get(d.department);
    if (!entry) {
      const tr = el('tr', { 'data-department': d.department });
      const cells = new Map();
      for (const column of DEPT_COLUMNS) {
        const td = el('td', { 'data-field': column.field, class: column.type === 'text' ? 'name' : 'num' });
        td.append(el('span', { class: 'v' }), el('span', { class: 'sub' }));
        tr.append(td);
        cells.set(column.field, td);
      }
      entry = { tr, cells, fresh: true };
      state.deptRows.set(d.department, entry);
    }
    const rowModels = {};
    for (const column of DEPT_COLUMNS) {
      const m = cellModel(column, d);
      rowModels[column.field] = m;
      const td = entry.cells.get(column.field);
      const changed = td.getAttribute('data-value') !== m.value;
      setAttr(td, 'data-value', m.value);
      setText(td.firstChild, m.text);
      setText(td.lastChild, m.note);
      setAttr(td, 'data-tone', m.tone || null);
      if (changed && !entry.fresh && column.type !== 'text') bump(td);
    }
    entry.fresh = false;
    setAttr(entry.tr, 'title', `${d.name ?? d.department}（${d.department}）`);
    models.set(d.department, rowModels);
  }
  for (const [code, entry] of state.deptRows) {
    if (!present.has(code)) {
      entry.tr.remove();
      state.deptRows.delete(code);
    }
  }

  let order = departments.map((d) => d.department);
  const { field, dir } = state.deptSort;
  if (field) {
    order = order
      .map((code, i) => ({ code, i, v: models.get(code)[field].sort }))
      .sort((a, b) => compareValues(a.v, b.v, dir) || a.i - b.i)
      .map((x) => x.code);
  }
  placeRows(tbody, order.map((code) => state.deptRows.get(code).tr));
  $('#department-empty').hidden = departments.length > 0;

  for (const th of document.querySelectorAll('#department-head th[data-sort]')) {
    const active = th.dataset.sort === field;
    setAttr(th, 'aria-sort', active ? (dir > 0 ? 'ascending' : 'descending') : 'none');
  }
}

// --- Charts ------------------------------------------------------------------------------------------------------

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';
const PALETTE = { applications: '#1f5fa8', completed: '#2e8b6a', exchanges: '#8a6fbf', breaches: '#c0504d', muted: '#8592a3', grid: '#e6ebf1' };

function chart(name, elementId, baseOption) {
  if (state.charts[name]) return state.charts[name];
  const echarts = window.echarts;
  if (!echarts) throw new Error('图表库 lib/echarts.min.js 未加载');
  const node = document.getElementById(elementId);
  const instance = echarts.init(node, null, { renderer: 'canvas' });
  instance.setOption({
    textStyle: { fontFamily: FONT, color: '#3b4756' },
    animationDuration: 500,
    animationDurationUpdate: 400,
    ...baseOption,
  });
  if ('ResizeObserver' in window) new ResizeObserver(() => instance.resize()).observe(node);
  else window.addEventListener('resize', () => instance.resize());
  state.charts[name] = instance;
  return instance;
}

/** Updates a chart only when its data changed, merging into the existing option (no re-creation, no flicker). */
function update(name, elementId, baseOption, dataKey, patch) {
  const instance = chart(name, elementId, baseOption);
  const key = JSON.stringify(dataKey);
  if (state.chartData[name] === key) return;
  state.chartData[name] = key;
  instance.setOption(patch);
}

const axisCommon = {
  axisLine: { lineStyle: { color: '#c5cdd8' } },
  axisTick: { show: false },
  axisLabel: { color: '#5d6b7c' },
  splitLine: { lineStyle: { color: PALETTE.grid } },
};

function renderCharts(list) {
  const days = list.days ?? [];
  const things = list.oneThings ?? [];

  // Daily trend.
  const dates = days.map((d) => d.date);
  const lineSeries = (name, color, extra = {}) => ({
    name, type: 'line', smooth: 0.2, symbol: 'circle', symbolSize: 5, showSymbol: days.length <= 31,
    lineStyle: { width: 2, color }, itemStyle: { color }, emphasis: { focus: 'series' }, ...extra,
  });
  update('trend', 'trend-chart', {
    color: [PALETTE.applications, PALETTE.completed, PALETTE.exchanges, PALETTE.breaches],
    tooltip: { trigger: 'axis', backgroundColor: 'rgba(255,255,255,0.97)', borderColor: '#d5dce5', textStyle: { color: '#1d2733' } },
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { color: '#3b4756' } },
    grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: [], ...axisCommon, axisLabel: { color: '#5d6b7c', formatter: (v) => v.slice(5) } },
    yAxis: [
      { type: 'value', name: '件', minInterval: 1, nameTextStyle: { color: '#7a8696' }, ...axisCommon },
      { type: 'value', name: '交换', minInterval: 1, nameTextStyle: { color: '#7a8696' }, ...axisCommon, splitLine: { show: false } },
    ],
    series: [
      lineSeries('申请 Applications', PALETTE.applications, { areaStyle: { opacity: 0.08 } }),
      lineSeries('事项办结 Services completed', PALETTE.completed),
      lineSeries('共享交换 Exchanges', PALETTE.exchanges, { yAxisIndex: 1, lineStyle: { width: 2, type: 'dashed', color: PALETTE.exchanges } }),
      lineSeries('违约 Breaches', PALETTE.breaches),
    ],
  }, days, {
    xAxis: { data: dates },
    series: [
      { data: days.map((d) => d.applications ?? 0), showSymbol: days.length <= 31 },
      { data: days.map((d) => d.servicesCompleted ?? 0), showSymbol: days.length <= 31 },
      { data: days.map((d) => d.exchanges ?? 0), showSymbol: days.length <= 31 },
      { data: days.map((d) => d.breaches ?? 0), showSymbol: days.length <= 31 },
    ],
    graphic: emptyGraphic(days.length === 0),
  });

  // Ratings distribution, 1 to 5.
  const ratings = [0, 0, 0, 0, 0];
  for (const t of things) (t.ratings ?? []).forEach((n, i) => { if (i < 5) ratings[i] += Number(n) || 0; });
  const ratingColors = ['#c0504d', '#d98b4a', '#c9b458', '#6fa58a', '#2e8b6a'];
  update('ratings', 'ratings-chart', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 12, top: 22, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: ['1 分', '2 分', '3 分', '4 分', '5 分'], ...axisCommon },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon },
    series: [{
      name: '评价数 Ratings', type: 'bar', barMaxWidth: 36, data: [],
      label: { show: true, position: 'top', color: '#3b4756' },
    }],
  }, ratings, {
    series: [{ data: ratings.map((n, i) => ({ value: n, itemStyle: { color: ratingColors[i], borderRadius: [3, 3, 0, 0] } })) }],
    graphic: emptyGraphic(ratings.every((n) => n === 0), '暂无评价'),
  });

  // Applications (and finished) per One Thing, most applied first.
  const sorted = [...things].sort((a, b) => (b.applications ?? 0) - (a.applications ?? 0) || a.oneThing.localeCompare(b.oneThing));
  const visible = 8;
  update('onething', 'onething-chart', {
    color: [PALETTE.applications, PALETTE.completed],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 20, itemWidth: 12, itemHeight: 8, textStyle: { color: '#3b4756' } },
    grid: { left: 8, right: 28, top: 24, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axisCommon },
    yAxis: {
      type: 'category', inverse: true, data: [], ...axisCommon,
      axisLabel: { color: '#3b4756', width: 104, overflow: 'truncate' },
    },
    dataZoom: [
      { type: 'inside', yAxisIndex: 0, startValue: 0, endValue: visible - 1, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: true },
      { type: 'slider', yAxisIndex: 0, startValue: 0, endValue: visible - 1, width: 8, right: 6, top: 28, bottom: 8,
        showDetail: false, brushSelect: false, handleSize: 0, fillerColor: 'rgba(31,95,168,0.25)', borderColor: 'transparent',
        backgroundColor: '#eef2f6', dataBackground: { lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } } },
    ],
    series: [
      { name: '申请', type: 'bar', barMaxWidth: 12, barGap: '20%', data: [], itemStyle: { borderRadius: [0, 3, 3, 0] } },
      { name: '办结', type: 'bar', barMaxWidth: 12, data: [], itemStyle: { borderRadius: [0, 3, 3, 0] } },
    ],
  }, sorted.map((t) => [t.oneThing, t.applications, t.finished]), {
    yAxis: { data: sorted.map((t) => oneThingName(t.oneThing)) },
    dataZoom: [{ disabled: sorted.length <= visible }, { show: sorted.length > visible }],
    series: [{ data: sorted.map((t) => t.applications ?? 0) }, { data: sorted.map((t) => t.finished ?? 0) }],
    graphic: emptyGraphic(sorted.length === 0),
  });
}

function emptyGraphic(empty, text = '暂无数据') {
  return [{
    id: 'empty', type: 'text', left: 'center', top: 'middle', silent: true, invisible: !empty,
    style: { text, fill: '#97a3b3', fontSize: 14, fontFamily: FONT },
  }];
}

// --- Breaches ----------------------------------------------------------------------------------------------------

function renderBreaches(list) {
  const breaches = list.breaches ?? [];
  const container = $('#breaches');
  const tbody = $('#breach-rows');
  const first = state.breachesSeen === null;
  const today = beijingDay(new Date());
  const rows = [];
  const ids = new Set();

  for (const b of breaches) {
    ids.add(b.id);
    let tr = state.breachRows.get(b.id);
    if (!tr) {
      tr = breachRow(b, today);
      state.breachRows.set(b.id, tr);
      if (!first && !state.breachesSeen.has(b.id)) {
        tr.classList.add('fresh');
        setTimeout(() => tr.classList.remove('fresh'), 8000);
      }
    } else {
      setText(tr.querySelector('.dept'), deptName(b.department)); // names may arrive later
    }
    rows.push(tr);
  }
  for (const [id, tr] of state.breachRows) {
    if (!ids.has(id)) {
      tr.remove();
      state.breachRows.delete(id);
    }
  }
  placeRows(tbody, rows);
  state.breachesSeen = ids;

  const count = list.count ?? breaches.length;
  container.setAttribute('data-breaches', String(count));
  container.setAttribute('data-shown', String(breaches.length));
  setText($('#breach-total'), fmtInt(count));
  $('#breach-empty').hidden = breaches.length > 0;
}

function breachRow(b, today) {
  const [zh, en] = BREACH_KINDS[b.kind] ?? [b.kind, ''];
  const day = beijingDay(b.noticedAt);
  const p = beijingParts(b.noticedAt);
  const when = el('td', {
    class: 'when', 'data-field': 'noticedAt', 'data-value': b.noticedAt,
    title: `发现 ${fmtDateTime(b.noticedAt)}\n时限 ${fmtDateTime(b.dueAt)}`,
  },
  el('span', { class: 'v', text: fmtClock(b.noticedAt) }),
  el('span', { class: 'sub', text: p && day !== today ? `${p.mo}-${p.d}` : '' }));
  const line1 = el('div', { class: 'line1' },
    el('span', { class: `tag kind-${b.kind}`, 'data-field': 'kind', 'data-value': b.kind, text: zh, title: en ? `${en} (${b.kind})` : b.kind }),
    el('span', { class: 'dept', 'data-field': 'department', 'data-value': b.department, title: b.department, text: deptName(b.department) }),
    el('span', { class: 'subject', 'data-field': 'subject', 'data-value': b.subject, text: b.subject, title: b.subject }));
  const line2 = el('div', { class: 'detail', 'data-field': 'detail', text: b.detail ?? '', title: b.detail ?? '' });
  return el('tr', { 'data-breach': b.id }, when, el('td', { class: 'what' }, line1, line2));
}

// --- Targets -----------------------------------------------------------------------------------------------------

function selectedYear() {
  const select = $('#target-year');
  return Number(select?.value) || currentYear();
}

function buildYearSelect() {
  const select = $('#target-year');
  const now = currentYear();
  const years = [];
  for (let y = Math.max(now, FIRST_YEAR); y >= FIRST_YEAR; y--) years.push(y);
  select.replaceChildren(...years.map((y) => el('option', { value: y, text: `${y} 年` })));
  select.value = String(Math.max(now, FIRST_YEAR));
  select.addEventListener('change', () => {
    setText($('[data-targets="met"]'), DASH);
    setText($('[data-targets="total"]'), DASH);
    refreshTargets();
  });
}

function renderTargets(list) {
  const targets = list.targets ?? [];
  const tbody = $('#target-rows');
  const rows = [];
  const present = new Set();
  for (const t of targets) {
    present.add(t.department);
    let entry = state.targetRows.get(t.department);
    if (!entry) {
      const cells = {
        name: el('td', { class: 'name', 'data-field': 'name' }),
        level: el('td', { 'data-field': 'level' }),
        target: el('td', { class: 'num', 'data-field': 'target' }),
        achieved: el('td', { class: 'num', 'data-field': 'achieved' }),
        met: el('td', { 'data-field': 'met' }),
      };
      const tr = el('tr', { 'data-target': t.department }, ...Object.values(cells));
      entry = { tr, cells };
      state.targetRows.set(t.department, entry);
    }
    const { tr, cells } = entry;
    setAttr(tr, 'data-value', raw(t.achieved));
    setAttr(tr, 'data-met', raw(t.met));
    setAttr(tr, 'data-year', raw(list.year));
    setText(cells.name, t.name ?? t.department);
    cells.name.title = `${t.name}（${t.department}）`;
    setAttr(cells.level, 'data-value', raw(t.level));
    setText(cells.level, LEVELS[t.level] ?? t.level);
    setAttr(cells.target, 'data-value', raw(t.target));
    setText(cells.target, fmtInt(t.target));
    const achievedChanged = cells.achieved.getAttribute('data-value') !== raw(t.achieved);
    setAttr(cells.achieved, 'data-value', raw(t.achieved));
    setText(cells.achieved, fmtInt(t.achieved));
    if (achievedChanged && state.rendered) bump(cells.achieved);
    cells.achieved.title = (t.oneThings ?? []).map(oneThingName).join('、') || '尚无办结的一件事';
    setAttr(cells.met, 'data-value', raw(t.met));
    let badge = cells.met.firstChild;
    if (!badge) cells.met.append((badge = el('span')));
    setAttr(badge, 'class', `badge ${t.met ? 'yes' : 'no'}`);
    setText(badge, t.met ? '是' : '否');
    rows.push(tr);
  }
  for (const [code, entry] of state.targetRows) {
    if (!present.has(code)) {
      entry.tr.remove();
      state.targetRows.delete(code);
    }
  }
  placeRows(tbody, rows);
  $('#target-empty').hidden = targets.length > 0;

  const met = $('[data-targets="met"]');
  const total = $('[data-targets="total"]');
  setAttr(met, 'data-value', raw(list.met));
  setAttr(total, 'data-value', raw(list.total));
  setText(met, fmtInt(list.met));
  setText(total, fmtInt(list.total));
  const select = $('#target-year');
  if (list.year && ![...select.options].some((o) => o.value === String(list.year))) {
    select.append(el('option', { value: list.year, text: `${list.year} 年` }));
  }
}

// --- Resources ---------------------------------------------------------------------------------------------------

const RESOURCE_FIELDS = [
  { field: 'exchanges', fmt: fmtInt },
  { field: 'answerMs.p50', fmt: fmtDuration, timing: 'answerMs' },
  { field: 'answerMs.p95', fmt: fmtDuration, timing: 'answerMs' },
  { field: 'slowAnswers', fmt: fmtInt, alert: true },
  { field: 'invalidAnswers', fmt: fmtInt, alert: true },
  { field: 'timeouts', fmt: fmtInt, alert: true },
  { field: 'qualityReports', fmt: fmtInt, alert: true },
];

function renderResources(resources) {
  const tbody = $('#resource-rows');
  const sorted = [...resources].sort((a, b) => (b.exchanges ?? 0) - (a.exchanges ?? 0) || a.resource.localeCompare(b.resource));
  const present = new Set();
  const rows = sorted.map((r) => {
    present.add(r.resource);
    let entry = state.resourceRows.get(r.resource);
    if (!entry) {
      const cells = new Map();
      const name = el('td', { class: 'name mono', 'data-field': 'resource' });
      const provider = el('td', { class: 'name', 'data-field': 'provider' });
      const tr = el('tr', { 'data-resource': r.resource }, name, provider);
      for (const f of RESOURCE_FIELDS) {
        const td = el('td', { class: 'num', 'data-field': f.field });
        cells.set(f.field, td);
        tr.append(td);
      }
      entry = { tr, name, provider, cells };
      state.resourceRows.set(r.resource, entry);
    }
    setAttr(entry.name, 'data-value', r.resource);
    setText(entry.name, r.resource);
    entry.name.title = r.resource;
    setAttr(entry.provider, 'data-value', r.provider);
    setText(entry.provider, deptName(r.provider));
    for (const f of RESOURCE_FIELDS) {
      const td = entry.cells.get(f.field);
      const value = get(r, f.field);
      setAttr(td, 'data-value', raw(value));
      setText(td, f.timing && !(get(r, `${f.timing}.count`) > 0) ? DASH : f.fmt(value));
      setAttr(td, 'data-tone', f.alert && value > 0 ? 'poor' : null);
    }
    return entry.tr;
  });
  for (const [code, entry] of state.resourceRows) {
    if (!present.has(code)) {
      entry.tr.remove();
      state.resourceRows.delete(code);
    }
  }
  placeRows(tbody, rows);
  $('#resource-empty').hidden = resources.length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Start

function init() {
  buildDepartmentHead();
  buildYearSelect();

  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('#key-input');
    const key = normaliseKey(input.value);
    input.value = '';
    if (key) useKey(key);
  });
  $('#change-key').addEventListener('click', () => askForKey());
  window.addEventListener('hashchange', () => {
    const key = readFragmentKey();
    if (key) useKey(key);
  });

  if (!window.echarts) setStatus('图表库 lib/echarts.min.js 未加载，图表不可用', 'error');

  const key = readFragmentKey() ?? storedKey();
  if (key) useKey(key);
  else askForKey();
}

init();
