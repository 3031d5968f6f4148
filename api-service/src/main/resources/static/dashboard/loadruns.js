'use strict';
// Load runs: the form starts one on the server (POST /api/v1/load-runs), the page follows it every second.
const PERCENTILES = ['p50', 'p90', 'p99', 'p999', 'max'];
const loadChart = lineChart('chart-load', ['submitted/s', 'completed/s'], { time: false });
const loadLatencyChart = lineChart('chart-load-latency', ['accept', 'completion'],
  { time: false, xValues: (u, ticks) => ticks.map((t) => PERCENTILES[t] || '') });
let followed = null;

async function loadTasks() {
  if (!apiKey()) { setTimeout(loadTasks, 1000); return; }
  try {
    const tasks = await api('/api/v1/tasks');
    const select = document.getElementById('load-task');
    select.replaceChildren(...tasks.map((t) => new Option(t.name, t.name, t.name === 'noop', t.name === 'noop')));
  } catch (e) { setTimeout(loadTasks, 2000); }
}

document.getElementById('load-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = (id) => document.getElementById(id).value;
  let args;
  try { args = JSON.parse(value('load-args') || '{}'); } catch (e) { text('load-status', 'args: not JSON'); return; }
  const body = { task: value('load-task'), args, pool: value('load-pool') || null, rate: Number(value('load-rate')),
    duration: value('load-duration'), batch: Number(value('load-batch')) };
  try {
    const run = await api('/api/v1/load-runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    followed = run.id;
    document.getElementById('load-report').hidden = true;
    showRun(run);
  } catch (e) {
    text('load-status', 'not started: ' + e.message + (e.problem && e.problem.errors ? ' ' + JSON.stringify(e.problem.errors) : ''));
  }
});

document.getElementById('load-stop').addEventListener('click', async () => {
  if (followed) { try { showRun(await api('/api/v1/load-runs/' + followed, { method: 'DELETE' })); } catch (e) { text('load-status', e.message); } }
});

function showRun(run) {
  const p = run.progress;
  document.getElementById('load-status').dataset.state = run.state;
  text('load-status', run.state + ' · ' + run.task + ' at ' + run.rate + ' jobs/s for ' + run.durationSeconds + ' s · '
    + fmt(p.elapsedSeconds) + ' s · submitted ' + p.submitted + ', completed ' + p.completed + ', failed ' + p.failed
    + ', errors ' + p.errors + ', in flight ' + p.inFlight + ' · p99 completion ' + fmt(p.completionP99Ms, 2) + ' ms');
  document.getElementById('load-stop').disabled = run.state !== 'RUNNING';
  const samples = run.samples || [];
  const xs = samples.map((s) => Math.round(s.elapsedSeconds));
  const rate = (key) => samples.map((s, i) => (i === 0 ? s[key] / Math.max(s.elapsedSeconds, 0.001)
    : (s[key] - samples[i - 1][key]) / Math.max(s.elapsedSeconds - samples[i - 1].elapsedSeconds, 0.001)));
  if (samples.length) { loadChart.set([xs, rate('submitted'), rate('completed')]); }
  if (run.report) {
    const report = document.getElementById('load-report');
    report.hidden = false;
    report.textContent = JSON.stringify(run.report, null, 2);
    loadLatencyChart.set([PERCENTILES.map((_, i) => i), PERCENTILES.map((k) => run.report.acceptLatencyMs[k]),
      PERCENTILES.map((k) => run.report.completionLatencyMs[k])]);
  }
}

async function followRun() {
  if (!apiKey()) { return; }
  try {
    const runs = await api('/api/v1/load-runs');
    showRuns(runs);
    if (!followed && runs.length && runs[0].state === 'RUNNING') { followed = runs[0].id; }
    if (followed) {
      const run = await api('/api/v1/load-runs/' + followed);
      showRun(run);
    }
  } catch (e) { text('load-status', e.message); }
}

function showRuns(runs) {
  const checked = new Set([...document.querySelectorAll('#load-runs input:checked')].map((box) => box.value));
  fill('load-runs', runs, (row, run) => {
    const box = document.createElement('input');
    box.type = 'checkbox'; box.value = run.id; box.checked = checked.has(run.id);
    row.insertCell().append(box);
    const r = run.report;
    [new Date(run.startedAt).toLocaleTimeString(), run.state, run.task + (run.batch > 1 ? ' ×' + run.batch : ''), run.rate,
      r ? fmt(r.achievedRate) : '', r ? r.completed : run.progress.completed, r ? fmt(r.completionLatencyMs.p99, 2) : ''].forEach((v) => cell(row, v));
    row.addEventListener('click', (e) => { if (e.target !== box) { followed = run.id; followRun(); } });
  });
}

document.getElementById('load-compare-button').addEventListener('click', async () => {
  const ids = [...document.querySelectorAll('#load-runs input:checked')].map((box) => box.value);
  const runs = await Promise.all(ids.map((id) => api('/api/v1/load-runs/' + id)));
  const rows = [['', ...runs.map((r) => r.task + ' @ ' + r.rate + '/s')],
    ['achieved jobs/s', ...runs.map((r) => r.report ? fmt(r.report.achievedRate) : '')],
    ['completed', ...runs.map((r) => r.report ? r.report.completed : '')],
    ['failed', ...runs.map((r) => r.report ? r.report.failed : '')],
    ['errors', ...runs.map((r) => r.report ? JSON.stringify(r.report.errors) : '')]];
  PERCENTILES.forEach((k) => rows.push(['accept ' + k + ' ms', ...runs.map((r) => r.report ? fmt(r.report.acceptLatencyMs[k], 2) : '')]));
  PERCENTILES.forEach((k) => rows.push(['completion ' + k + ' ms', ...runs.map((r) => r.report ? fmt(r.report.completionLatencyMs[k], 2) : '')]));
  const table = document.getElementById('load-compare');
  table.replaceChildren();
  rows.forEach((values) => { const row = table.insertRow(); values.forEach((v) => cell(row, v)); });
  table.hidden = false;
});

loadTasks();
setInterval(followRun, 1000);
