'use strict';
// Small wrappers over uPlot (served from its WebJar): a line chart whose series can grow,
// and its data replaced in one call.
const COLORS = ['#2b7bb9', '#2a9d4b', '#d9822b', '#c0392b', '#8e44ad', '#16a085', '#7f8c8d', '#b7950b'];

function lineChart(elementId, seriesLabels, options) {
  const element = document.getElementById(elementId);
  const opts = Object.assign({ width: 420, height: 200, time: true, xLabel: null, xValues: null }, options || {});
  let labels = seriesLabels.slice();
  let plot = null;
  function build(data) {
    if (plot) { plot.destroy(); }
    const series = [{}].concat(labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 2 })));
    const axes = [{ values: opts.xValues || undefined }, { size: 60 }];
    plot = new uPlot({ width: opts.width, height: opts.height, scales: { x: { time: opts.time } }, series, axes,
      legend: { live: false } }, data, element);
  }
  return {
    // data: [xs, ys1, ys2, ...]; newLabels: when the set of series changed
    set(data, newLabels) {
      if (newLabels && newLabels.join('\u0000') !== labels.join('\u0000')) { labels = newLabels.slice(); plot = plot && (plot.destroy(), null); }
      if (!plot) { build(data); } else { plot.setData(data); }
      element.dataset.points = String(data[0].length);
      // what a browser test reads: the highest value of each series (data-max-1, data-max-2, ...)
      data.slice(1).forEach((ys, i) => { element.dataset['max-' + (i + 1)] = String(Math.max(0, ...ys.filter((v) => v != null))); });
    },
  };
}
