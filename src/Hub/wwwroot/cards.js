// The overview cards: totals and the weighted rating as the API computes them (GET /api/metrics/dashboard), and
// the number of breaches as the breach list counts them.

import { $, bump, setText } from './dom.js';
import { DASH, fmtInt, fmtRate, raw } from './format.js';

function setCard(metric, value, text, animate) {
  const card = $(`[data-metric="${metric}"]`);
  const v = raw(value);
  if (card.dataset.value !== v) {
    card.dataset.value = v;
    setText(card.querySelector('.card-value'), text);
    if (animate) bump(card);
  }
}

export function renderOverview(data, animate) {
  const totals = data.dashboard?.totals;
  if (totals) {
    setCard('applications', totals.applications, fmtInt(totals.applications), animate);
    setCard('finished', totals.finished, fmtInt(totals.finished), animate);
    const average = totals.ratingAverage ?? null;
    setCard('ratingAverage', average, average === null ? DASH : average.toFixed(2), animate);
    setText($('[data-metric="ratingAverage"] .card-note'),
      totals.ratingCount > 0 ? `满分 5 分 · ${fmtInt(totals.ratingCount)} 条评价` : '满分 5 分 · 暂无评价');
    setCard('withinLimitRate', totals.withinLimitRate ?? null, fmtRate(totals.withinLimitRate), animate);
    setText($('[data-metric="withinLimitRate"] .card-note'),
      `按时办结 ${fmtInt(totals.completedWithinLimit)} / 办结事项 ${fmtInt(totals.servicesCompleted)}`);
    setCard('exchanges', totals.exchangesAnswered, fmtInt(totals.exchangesAnswered), animate);
    setCard('fieldsFilled', totals.fieldsFilled ?? 0, fmtInt(totals.fieldsFilled ?? 0), animate);
    setCard('materialsSpared', totals.materialsSpared ?? 0, fmtInt(totals.materialsSpared ?? 0), animate);
  }
  if (data.breaches) {
    const count = data.breaches.count ?? 0;
    setCard('breaches', count, fmtInt(count), animate);
    $('[data-metric="breaches"]').classList.toggle('has-alert', count > 0);
  }
}
