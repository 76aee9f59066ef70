// The departments table: one row per department's figures (GET /api/metrics/departments), sortable by any column.

import { $, bump, el, placeRows, setAttr, setText } from './dom.js';
import { DASH, fmtDuration, fmtInt, fmtRate, get, isNum, rateTone, ratio, raw } from './format.js';

// Each cell shows one member of DepartmentMetrics (dotted for a Timing's members); data-value holds its raw value.
const COLUMNS = [
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
const GROUPS = { hours: { label: '办理时长', en: 'Hours' }, ms: { label: '交换响应', en: 'ms' } };

const rows = new Map();
const sort = { field: null, dir: 1 };
let shown = [];

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
    case 'timing':
      model.text = get(d, `${column.timing}.count`) > 0 ? fmtDuration(value) : DASH;
      break;
  }
  return model;
}

export function buildDepartmentHead() {
  const top = el('tr');
  const bottom = el('tr');
  const seen = new Set();
  for (const column of COLUMNS) {
    if (!column.group) {
      const th = sortHeader(column, column.label, column.en);
      th.rowSpan = 2;
      top.append(th);
      continue;
    }
    if (!seen.has(column.group)) {
      seen.add(column.group);
      const g = GROUPS[column.group];
      const span = COLUMNS.filter((c) => c.group === column.group).length;
      top.append(el('th', { colspan: span, class: 'group', scope: 'colgroup' },
        g.label, el('span', { class: 'en', text: ` ${g.en}` })));
    }
    bottom.append(sortHeader(column, column.label));
  }
  $('#department-head').replaceChildren(top, bottom);
}

function sortHeader(column, label, en) {
  const th = el('th', {
    scope: 'col', tabindex: 0, 'data-sort': column.field, 'aria-sort': 'none',
    class: `sortable ${column.type === 'text' ? '' : 'num'}`,
  }, label, el('span', { class: 'arrow', 'aria-hidden': 'true' }));
  if (en) th.append(el('span', { class: 'en block', text: en }));
  const activate = () => {
    if (sort.field === column.field) sort.dir = -sort.dir;
    else {
      sort.field = column.field;
      sort.dir = column.type === 'text' ? 1 : -1;
    }
    renderDepartments(shown);
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

function rowFor(code) {
  let entry = rows.get(code);
  if (entry) return entry;
  const tr = el('tr', { 'data-department': code });
  const cells = new Map();
  for (const column of COLUMNS) {
    const td = el('td', { 'data-field': column.field, class: column.type === 'text' ? 'name' : 'num' });
    td.append(el('span', { class: 'v' }), el('span', { class: 'sub' }));
    tr.append(td);
    cells.set(column.field, td);
  }
  entry = { tr, cells, fresh: true };
  rows.set(code, entry);
  return entry;
}

export function renderDepartments(departments) {
  shown = departments;
  const present = new Set();
  const models = new Map();
  for (const d of departments) {
    present.add(d.department);
    const entry = rowFor(d.department);
    const rowModels = {};
    for (const column of COLUMNS) {
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
  for (const [code, entry] of rows) {
    if (present.has(code)) continue;
    entry.tr.remove();
    rows.delete(code);
  }

  let order = departments.map((d) => d.department);
  if (sort.field) {
    order = order
      .map((code, i) => ({ code, i, v: models.get(code)[sort.field].sort }))
      .sort((a, b) => compareValues(a.v, b.v, sort.dir) || a.i - b.i)
      .map((x) => x.code);
  }
  placeRows($('#department-rows'), order.map((code) => rows.get(code).tr));
  $('#department-empty').hidden = departments.length > 0;

  for (const th of document.querySelectorAll('#department-head th[data-sort]')) {
    const active = th.dataset.sort === sort.field;
    setAttr(th, 'aria-sort', active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
}
