// The window the figures cover (all time, the last hour, today, 7 days, 30 days, the year), the department whose
// trend is shown, the trend as text, and the export buttons, which download the API's own CSV of each table.

import { ROUTES, TREND_ALL_TIME, getCsv } from './api.js';
import { $, el, setAttr, setText } from './dom.js';
import { fmtInt, raw } from './format.js';
import { deptName } from './names.js';

// Labels of the page, not data: the API names the windows (?window=).
export const WINDOWS = [
  ['', '累计', 'All time'],
  ['hour', '最近1小时', 'Last hour'],
  ['today', '今日', 'Today'],
  ['7d', '近7天', '7 days'],
  ['30d', '近30天', '30 days'],
  ['year', '本年', 'This year'],
];
const WINDOW_HASH = 'window';
export const TREND_FIELDS = ['applications', 'servicesCompleted', 'exchangesAnswered', 'breaches'];

const choice = { window: '', department: '' };

export const selectedWindow = () => choice.window;
export const selectedDepartment = () => choice.department;

/** The window named in the address (#window=7d), so that a view can be bookmarked. */
function windowFromHash() {
  const part = location.hash.replace(/^#/, '').split('&').find((p) => p.startsWith(`${WINDOW_HASH}=`));
  const name = part ? decodeURIComponent(part.slice(WINDOW_HASH.length + 1)) : '';
  return WINDOWS.some(([w]) => w === name) ? name : '';
}

function rememberWindow(name) {
  const rest = location.hash.replace(/^#/, '').split('&').filter((p) => p && !p.startsWith(`${WINDOW_HASH}=`));
  if (name) rest.push(`${WINDOW_HASH}=${encodeURIComponent(name)}`);
  const hash = rest.length ? `#${rest.join('&')}` : '';
  history.replaceState(history.state, '', location.pathname + location.search + hash);
}

export function buildWindowChoice(onChange) {
  choice.window = windowFromHash();
  const group = $('#window-choice');
  const buttons = WINDOWS.map(([name, zh, en]) => {
    const button = el('button', {
      type: 'button', class: 'window-button', 'data-window-choice': name, title: en, 'aria-pressed': 'false',
    }, zh);
    button.addEventListener('click', () => {
      if (choice.window === name) return;
      choice.window = name;
      rememberWindow(name);
      markChoice();
      onChange();
    });
    return button;
  });
  group.replaceChildren(...buttons);
  markChoice();

  $('#trend-department').addEventListener('change', (e) => {
    choice.department = e.target.value;
    onChange();
  });
}

function markChoice() {
  for (const b of document.querySelectorAll('[data-window-choice]')) {
    setAttr(b, 'aria-pressed', String(b.dataset.windowChoice === choice.window));
  }
  const label = WINDOWS.find(([w]) => w === choice.window)?.[1] ?? '';
  for (const node of document.querySelectorAll('[data-window-label]')) setText(node, label);
}

/** The departments the trend can be shown for, named as the registry names them. */
export function renderTrendDepartments(summary) {
  const select = $('#trend-department');
  const codes = (summary?.departments ?? []).map((d) => d.code);
  const have = [...select.options].map((o) => o.value).slice(1);
  if (have.join() === codes.join()) return;
  select.replaceChildren(el('option', { value: '', text: '全市 All' }),
    ...codes.map((code) => el('option', { value: code, text: deptName(code) })));
  select.value = codes.includes(choice.department) ? choice.department : '';
  choice.department = select.value;
}

/** The trend's points as text (a canvas says nothing to a screen reader), each value in a data-value. */
export function renderTrendList(trend) {
  const list = $('#trend-list');
  setAttr(list, 'data-window', raw(trend.window?.name));
  setAttr(list, 'data-department', raw(trend.department));
  list.replaceChildren(...(trend.points ?? []).map((p) => el('li', { 'data-from': p.from },
    ...TREND_FIELDS.map((f) =>
      el('span', { 'data-field': f, 'data-value': raw(p[f]), text: `${f} ${fmtInt(p[f])} ` })))));
  const note = $('#trend-note');
  setText(note, `北京时间 · ${stepLabel(trend.window)}${trend.department ? ` · ${deptName(trend.department)}` : ''}`);
}

function stepLabel(window) {
  const steps = { minute: '每分钟', hour: '每小时', day: '每天', month: '每月' };
  const name = WINDOWS.find(([w]) => w === window?.name)?.[1] ?? '';
  return `${window?.name === TREND_ALL_TIME && !choice.window ? '近30天' : name}，${steps[window?.step] ?? ''}`;
}

/** The export buttons: each asks the API for its table as CSV, with the window and year shown. */
export function bindExports(params, key, onError) {
  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', async () => {
      const route = ROUTES[button.dataset.export];
      const path = route(params());
      const table = button.dataset.table;
      const extra = table ? `${path.includes('?') ? '&' : '?'}table=${encodeURIComponent(table)}` : '';
      button.disabled = true;
      try {
        const { blob, name } = await getCsv(path + extra, key());
        const url = URL.createObjectURL(blob);
        const a = el('a', { href: url, download: name, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        button.dataset.exported = name;
      } catch (error) {
        onError(button.dataset.export, error);
      } finally {
        button.disabled = false;
      }
    });
  }
}
