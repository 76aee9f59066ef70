// The big data centre's dashboard (一件事一次办 · 数据共享与协同办理监测).
// Native ES modules, no build step. Reads the hub's metrics routes with the key from the URL fragment (#key=...) or
// the key form, polls every 2 seconds and updates the page in place. Every number shown from the API carries a
// stable data attribute (data-metric / data-field + data-value) so a browser test can compare it with the API.

import {
  ROUTES, ROUTE_ORDER, WINDOWED, describeError, getAll, getJson, isUnauthorised, normaliseKey, readFragmentKey,
  storeKey, storedKey,
} from './api.js';
import { renderOverview } from './cards.js';
import { LIBRARY, renderCharts } from './charts.js';
import { buildDepartmentHead, renderDepartments } from './departments.js';
import { $, setText } from './dom.js';
import { fmtClock, fmtInt, isNum, raw } from './format.js';
import { rememberNames } from './names.js';
import { buildYearSelect, renderBreaches, renderResources, renderTargets, selectedYear } from './tables.js';
import {
  bindExports, buildWindowChoice, renderTrendDepartments, renderTrendList, selectedDepartment, selectedWindow,
} from './windows.js';

const POLL_MS = 2000;
const UNAUTHORISED = '密钥无效或已过期（401），请重新输入。';

const state = {
  key: null,
  generation: 0, // bumps whenever the key changes, so stale answers are ignored
  timer: null,
  ready: false,
  rendered: false,
};

function setStatus(text, kind) {
  const status = $('#status');
  setText(status, text);
  status.dataset.state = kind;
  status.title = text;
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

function stopPolling() {
  clearTimeout(state.timer);
  state.timer = null;
}

function startPolling() {
  stopPolling();
  poll();
}

const params = () => ({ year: selectedYear(), window: selectedWindow(), department: selectedDepartment() });

async function poll() {
  if (!state.key) return;
  const generation = state.generation;
  const asked = params();
  const year = asked.year;
  const { data, failures } = await getAll(state.key, asked);
  if (generation !== state.generation) return; // the key or the window changed meanwhile
  if (Object.values(failures).some(isUnauthorised)) {
    askForKey(UNAUTHORISED);
    return;
  }
  if (data.targets && year !== selectedYear()) delete data.targets; // the year changed meanwhile

  const errors = Object.entries(failures).map(([name, error]) => describeError(name, error));
  errors.push(...render(data));
  if (!state.ready && errors.length === 0 && ROUTE_ORDER.every((n) => data[n])) {
    state.ready = true;
    document.body.dataset.ready = 'true';
  }
  // Which window (and trend department) every windowed part of the page now shows: '' is all time.
  if (errors.length === 0 && WINDOWED.every((n) => data[n])) {
    document.body.dataset.shownWindow = asked.window;
    document.body.dataset.shownDepartment = asked.department;
  }
  if (errors.length) setStatus(`部分数据未更新 · ${errors.join('；')}`, 'error');
  else setStatus(`实时 · 每 2 秒刷新 · 最近刷新 ${fmtClock(new Date())}`, 'ok');
  state.timer = setTimeout(poll, POLL_MS);
}

async function refreshTargets() {
  if (!state.key) return;
  const generation = state.generation;
  const year = selectedYear();
  try {
    const targets = await getJson(ROUTES.targets({ year }), state.key);
    if (generation !== state.generation || year !== selectedYear()) return;
    renderTargets(targets, state.rendered);
  } catch (error) {
    if (isUnauthorised(error)) askForKey(UNAUTHORISED);
    else setStatus(`部分数据未更新 · ${describeError('targets', error)}`, 'error');
  }
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

// Deadlines past the last published working-day calendar count weekends only (docs/OPERATIONS.md): say so until
// next year's arrangement is published.
function renderCalendar(summary) {
  if (!summary) return;
  const until = summary.calendarPublishedUntil;
  const provisional = summary.provisionalDeadlines ?? 0;
  const next = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' })
    .format(new Date())) + 1;
  const node = $('#calendar-warning');
  node.dataset.publishedUntil = raw(until);
  node.dataset.provisional = raw(provisional);
  node.hidden = isNum(until) && until >= next && provisional === 0;
  if (!node.hidden) {
    const since = isNum(until) ? until + 1 : next;
    setText(node, `${since}年工作日历尚未发布，其后期限暂按周末计算`
      + (provisional > 0 ? `（${fmtInt(provisional)} 个在办期限待定）` : ''));
  }
}

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
  const animate = state.rendered;
  step('名称', () => rememberNames(data));
  step('更新时间', () => renderFreshness(data));
  step('工作日历', () => renderCalendar(data.dashboard));
  step('总览', () => renderOverview(data, animate));
  if (data.departments) step('部门表', () => renderDepartments(data.departments.departments ?? []));
  step('趋势部门', () => renderTrendDepartments(data.dashboard));
  step('图表', () => renderCharts(data.oneThings, data.dashboard?.totals, data.trend));
  if (data.trend) step('趋势', () => renderTrendList(data.trend));
  if (data.breaches) step('违约列表', () => renderBreaches(data.breaches));
  if (data.targets) step('年度目标', () => renderTargets(data.targets, animate));
  if (data.resources) step('共享资源', () => renderResources(data.resources.resources ?? []));
  state.rendered = true;
  return errors;
}

function changeWindow() {
  if (!state.key) return;
  state.generation++; // an answer for the window before is not shown
  setStatus('正在加载…', 'idle');
  startPolling();
}

function init() {
  buildDepartmentHead();
  buildYearSelect(refreshTargets);
  buildWindowChoice(changeWindow);
  bindExports(params, () => state.key, (name, error) => {
    if (isUnauthorised(error)) askForKey(UNAUTHORISED);
    else setStatus(`导出失败 · ${describeError(name, error)}`, 'error');
  });

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

  if (!window.echarts) setStatus(`图表库 ${LIBRARY} 未加载，图表不可用`, 'error');

  const key = readFragmentKey() ?? storedKey();
  if (key) useKey(key);
  else askForKey();
}

init();
