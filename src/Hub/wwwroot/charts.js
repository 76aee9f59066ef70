// The charts (ECharts, loaded as lib/echarts.common.min.js: line, bar, tooltip, legend, dataZoom and graphic are
// all that is used) and, for screen readers and tests, the One Things' figures as a hidden list.

import { $, el, setAttr } from './dom.js';
import { beijingParts, fmtInt, raw } from './format.js';
import { oneThingName } from './names.js';
import { TREND_FIELDS } from './windows.js';

export const LIBRARY = 'lib/echarts.common.min.js';

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
  + '"Helvetica Neue", Arial, sans-serif';
const PALETTE = {
  applications: '#1f5fa8', completed: '#2e8b6a', exchanges: '#8a6fbf', breaches: '#c0504d', grid: '#e6ebf1',
};
const RATING_COLORS = ['#c0504d', '#d98b4a', '#c9b458', '#6fa58a', '#2e8b6a'];
const VISIBLE_ONE_THINGS = 8;

const charts = {};
const chartData = {};

function chart(name, elementId, baseOption) {
  if (charts[name]) return charts[name];
  const echarts = window.echarts;
  if (!echarts) throw new Error(`图表库 ${LIBRARY} 未加载`);
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
  charts[name] = instance;
  return instance;
}

/** Updates a chart only when its data changed, merging into the existing option (no re-creation, no flicker). */
function update(name, elementId, baseOption, dataKey, patch) {
  const instance = chart(name, elementId, baseOption);
  const key = JSON.stringify(dataKey);
  if (chartData[name] === key) return;
  chartData[name] = key;
  instance.setOption(patch);
}

const axisCommon = {
  axisLine: { lineStyle: { color: '#c5cdd8' } },
  axisTick: { show: false },
  axisLabel: { color: '#5d6b7c' },
  splitLine: { lineStyle: { color: PALETTE.grid } },
};

function emptyGraphic(empty, text = '暂无数据') {
  return [{
    id: 'empty', type: 'text', left: 'center', top: 'middle', silent: true, invisible: !empty,
    style: { text, fill: '#97a3b3', fontSize: 14, fontFamily: FONT },
  }];
}

// How a step's start is written under the trend's axis.
const STEP_LABEL = {
  minute: (p) => `${p.h}:${p.mi}`,
  hour: (p) => `${p.h}:00`,
  day: (p) => `${p.mo}-${p.d}`,
  month: (p) => `${p.y}-${p.mo}`,
};

/** The trend of a window (GET /api/metrics/trends): one point per minute, hour, day or month. */
function renderTrend(trend) {
  const points = trend.points ?? [];
  const label = STEP_LABEL[trend.window?.step] ?? STEP_LABEL.day;
  const symbols = points.length <= 31;
  const lineSeries = (name, color, extra = {}) => ({
    name, type: 'line', smooth: 0.2, symbol: 'circle', symbolSize: 5, showSymbol: symbols,
    lineStyle: { width: 2, color }, itemStyle: { color }, emphasis: { focus: 'series' }, ...extra,
  });
  const valueAxis = (name, extra = {}) =>
    ({ type: 'value', name, minInterval: 1, nameTextStyle: { color: '#7a8696' }, ...axisCommon, ...extra });
  update('trend', 'trend-chart', {
    color: [PALETTE.applications, PALETTE.completed, PALETTE.exchanges, PALETTE.breaches],
    tooltip: {
      trigger: 'axis', backgroundColor: 'rgba(255,255,255,0.97)', borderColor: '#d5dce5',
      textStyle: { color: '#1d2733' },
    },
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { color: '#3b4756' } },
    grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category', boundaryGap: false, data: [], ...axisCommon,
      axisLabel: { color: '#5d6b7c' },
    },
    yAxis: [valueAxis('件'), valueAxis('交换', { splitLine: { show: false } })],
    series: [
      lineSeries('申请 Applications', PALETTE.applications, { areaStyle: { opacity: 0.08 } }),
      lineSeries('事项办结 Services completed', PALETTE.completed),
      lineSeries('共享交换 Exchanges', PALETTE.exchanges,
        { yAxisIndex: 1, lineStyle: { width: 2, type: 'dashed', color: PALETTE.exchanges } }),
      lineSeries('违约 Breaches', PALETTE.breaches),
    ],
  }, [trend.window, trend.department, points], {
    xAxis: { data: points.map((p) => { const parts = beijingParts(p.from); return parts ? label(parts) : p.from; }) },
    series: ['applications', 'servicesCompleted', 'exchangesAnswered', 'breaches']
      .map((field) => ({ data: points.map((p) => p[field] ?? 0), showSymbol: symbols })),
    graphic: emptyGraphic(points.every((p) => TREND_FIELDS.every((f) => !p[f]))),
  });
}

function renderRatings(ratings) {
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
    series: [{
      data: ratings.map((n, i) => ({ value: n, itemStyle: { color: RATING_COLORS[i], borderRadius: [3, 3, 0, 0] } })),
    }],
    graphic: emptyGraphic(ratings.every((n) => n === 0), '暂无评价'),
  });
}

function renderOneThings(sorted) {
  const visible = VISIBLE_ONE_THINGS;
  const bar = (name, extra = {}) =>
    ({ name, type: 'bar', barMaxWidth: 12, data: [], itemStyle: { borderRadius: [0, 3, 3, 0] }, ...extra });
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
      {
        type: 'inside', yAxisIndex: 0, startValue: 0, endValue: visible - 1,
        zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: true,
      },
      {
        type: 'slider', yAxisIndex: 0, startValue: 0, endValue: visible - 1, width: 8, right: 6, top: 28, bottom: 8,
        showDetail: false, brushSelect: false, handleSize: 0, fillerColor: 'rgba(31,95,168,0.25)',
        borderColor: 'transparent', backgroundColor: '#eef2f6',
        dataBackground: { lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } },
      },
    ],
    series: [bar('申请', { barGap: '20%' }), bar('办结')],
  }, sorted.map((t) => [t.oneThing, oneThingName(t.oneThing), t.applications, t.finished]), {
    yAxis: { data: sorted.map((t) => oneThingName(t.oneThing)) },
    dataZoom: [{ disabled: sorted.length <= visible }, { show: sorted.length > visible }],
    series: [{ data: sorted.map((t) => t.applications ?? 0) }, { data: sorted.map((t) => t.finished ?? 0) }],
    graphic: emptyGraphic(sorted.length === 0),
  });
}

/** What the One Things chart draws, as text: a canvas says nothing to a screen reader. */
function renderOneThingList(sorted) {
  const list = $('#onething-list');
  const items = sorted.map((t) => {
    const name = oneThingName(t.oneThing);
    const li = el('li', { 'data-one-thing': t.oneThing });
    setAttr(li, 'data-value', raw(t.applications));
    li.append(el('span', { class: 'name', text: name }),
      `：申请 ${fmtInt(t.applications)}，办结 ${fmtInt(t.finished)}`);
    return li;
  });
  list.replaceChildren(...items);
}

/** The trend of the window; the per-One Thing chart from GET /api/metrics/one-things; the ratings from the
 * dashboard's totals (all three of the window shown). */
export function renderCharts(list, totals, trend) {
  if (trend) renderTrend(trend);
  if (totals) renderRatings(totals.ratings ?? [0, 0, 0, 0, 0]);
  if (!list) return;
  const sorted = [...(list.oneThings ?? [])]
    .sort((a, b) => (b.applications ?? 0) - (a.applications ?? 0) || a.oneThing.localeCompare(b.oneThing));
  renderOneThings(sorted);
  renderOneThingList(sorted);
}
