// The breach list, the yearly targets and the shared resources, each updated in place row by row.

import { $, bump, el, placeRows, setAttr, setText } from './dom.js';
import {
  DASH, beijingDay, beijingParts, currentYear, fmtClock, fmtDateTime, fmtDuration, fmtInt, get, raw,
} from './format.js';
import { deptName, oneThingName } from './names.js';

const FIRST_YEAR = 2022;
// Labels of the page, not data: the API gives the codes.
const BREACH_KINDS = {
  'service-overdue': ['事项超期', 'Service overdue'],
  'share-request-deadline': ['共享申请超时', 'Share request late'],
  'quality-report-deadline': ['质量问题超时', 'Quality report late'],
  'dispute-ruling-deadline': ['异议裁定超时', 'Dispute ruling late'],
  'exchange-timeout': ['交换超时', 'Exchange timeout'],
  'exchange-slow': ['交换响应慢', 'Slow exchange'],
};
const LEVELS = { city: '市级', district: '区级' };

/** Removes the rows whose key is no longer in the answer. */
function prune(map, present, rowOf = (entry) => entry) {
  for (const [key, entry] of map) {
    if (present.has(key)) continue;
    rowOf(entry).remove();
    map.delete(key);
  }
}

// --- Breaches ----------------------------------------------------------------------------------------------------

const breachRows = new Map();
let breachesSeen = null; // ids seen in the previous refresh; null until the first render

export function renderBreaches(list) {
  const breaches = list.breaches ?? [];
  const first = breachesSeen === null;
  const today = beijingDay(new Date());
  const ids = new Set();
  const rows = breaches.map((b) => {
    ids.add(b.id);
    let tr = breachRows.get(b.id);
    if (!tr) {
      tr = breachRow(b, today);
      breachRows.set(b.id, tr);
      if (!first && !breachesSeen.has(b.id)) {
        tr.classList.add('fresh');
        setTimeout(() => tr.classList.remove('fresh'), 8000);
      }
    } else setText(tr.querySelector('.dept'), deptName(b.department)); // names may arrive later
    return tr;
  });
  prune(breachRows, ids);
  placeRows($('#breach-rows'), rows);
  breachesSeen = ids;

  const count = list.count ?? breaches.length;
  const container = $('#breaches');
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
    el('span', {
      class: `tag kind-${b.kind}`, 'data-field': 'kind', 'data-value': b.kind, text: zh,
      title: en ? `${en} (${b.kind})` : b.kind,
    }),
    el('span', {
      class: 'dept', 'data-field': 'department', 'data-value': b.department, title: b.department,
      text: deptName(b.department),
    }),
    el('span', {
      class: 'subject', 'data-field': 'subject', 'data-value': b.subject, text: b.subject, title: b.subject,
    }));
  const line2 = el('div', { class: 'detail', 'data-field': 'detail', text: b.detail ?? '', title: b.detail ?? '' });
  return el('tr', { 'data-breach': b.id }, when, el('td', { class: 'what' }, line1, line2));
}

// --- Targets -----------------------------------------------------------------------------------------------------

const targetRows = new Map();

export function selectedYear() {
  return Number($('#target-year')?.value) || currentYear();
}

export function buildYearSelect(onChange) {
  const select = $('#target-year');
  const now = Math.max(currentYear(), FIRST_YEAR);
  const years = [];
  for (let y = now; y >= FIRST_YEAR; y--) years.push(y);
  select.replaceChildren(...years.map((y) => el('option', { value: y, text: `${y} 年` })));
  select.value = String(now);
  select.addEventListener('change', () => {
    setText($('[data-targets="met"]'), DASH);
    setText($('[data-targets="total"]'), DASH);
    onChange();
  });
}

function targetRow(code) {
  let entry = targetRows.get(code);
  if (entry) return entry;
  const cells = {
    name: el('td', { class: 'name', 'data-field': 'name' }),
    level: el('td', { 'data-field': 'level' }),
    target: el('td', { class: 'num', 'data-field': 'target' }),
    achieved: el('td', { class: 'num', 'data-field': 'achieved' }),
    met: el('td', { 'data-field': 'met' }),
  };
  entry = { tr: el('tr', { 'data-target': code }, ...Object.values(cells)), cells };
  targetRows.set(code, entry);
  return entry;
}

export function renderTargets(list, animate) {
  const targets = list.targets ?? [];
  const present = new Set();
  const rows = targets.map((t) => {
    present.add(t.department);
    const { tr, cells } = targetRow(t.department);
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
    if (achievedChanged && animate) bump(cells.achieved);
    cells.achieved.title = (t.oneThings ?? []).map(oneThingName).join('、') || '尚无办结的一件事';
    setAttr(cells.met, 'data-value', raw(t.met));
    setAttr(cells.met, 'data-status', raw(t.status));
    let badge = cells.met.firstChild;
    if (!badge) cells.met.append((badge = el('span')));
    // A unit with no part in any One Thing of the edition has no target to fail (status no-part).
    const noPart = t.status === 'no-part';
    setAttr(badge, 'class', `badge ${t.met ? 'yes' : noPart ? 'na' : 'no'}`);
    setText(badge, t.met ? '是' : noPart ? '不涉及' : '否');
    return tr;
  });
  prune(targetRows, present, (entry) => entry.tr);
  placeRows($('#target-rows'), rows);
  $('#target-empty').hidden = targets.length > 0;

  for (const [name, value] of [['met', list.met], ['total', list.total]]) {
    const node = $(`[data-targets="${name}"]`);
    setAttr(node, 'data-value', raw(value));
    setText(node, fmtInt(value));
  }
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
const resourceRows = new Map();

function resourceRow(code) {
  let entry = resourceRows.get(code);
  if (entry) return entry;
  const cells = new Map();
  const name = el('td', { class: 'name mono', 'data-field': 'resource' });
  const provider = el('td', { class: 'name', 'data-field': 'provider' });
  const tr = el('tr', { 'data-resource': code }, name, provider);
  for (const f of RESOURCE_FIELDS) {
    const td = el('td', { class: 'num', 'data-field': f.field });
    cells.set(f.field, td);
    tr.append(td);
  }
  entry = { tr, name, provider, cells };
  resourceRows.set(code, entry);
  return entry;
}

export function renderResources(resources) {
  const sorted = [...resources]
    .sort((a, b) => (b.exchanges ?? 0) - (a.exchanges ?? 0) || a.resource.localeCompare(b.resource));
  const present = new Set();
  const rows = sorted.map((r) => {
    present.add(r.resource);
    const entry = resourceRow(r.resource);
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
  prune(resourceRows, present, (entry) => entry.tr);
  placeRows($('#resource-rows'), rows);
  $('#resource-empty').hidden = resources.length > 0;
}
