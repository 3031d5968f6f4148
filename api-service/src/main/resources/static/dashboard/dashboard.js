'use strict';
// The live dashboard: asks for an API key once (session storage), then polls the API every second.
const KEY = 'kolejka.apiKey';
const POOLS = ['cpu', 'process', 'io'];

function apiKey() { return sessionStorage.getItem(KEY); }

function askKey() {
  const dialog = document.getElementById('key-dialog');
  if (!dialog.open) { dialog.showModal(); }
}

document.getElementById('key-form').addEventListener('submit', () => {
  const value = document.getElementById('api-key').value.trim();
  if (value) { sessionStorage.setItem(KEY, value); refresh(); }
});
document.getElementById('change-key').addEventListener('click', askKey);

// A call to the API with the key as Bearer; problems (RFC 9457) come back as {problem}.
async function api(path, init) {
  const request = Object.assign({}, init || {});
  request.headers = Object.assign({ Accept: 'application/json' }, request.headers || {});
  if (apiKey()) { request.headers.Authorization = 'Bearer ' + apiKey(); }
  const response = await fetch(path, request);
  if (response.status === 401) { askKey(); }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) { const error = new Error((body && body.detail) || response.statusText); error.problem = body; error.status = response.status; throw error; }
  return body;
}

function text(id, value) { document.getElementById(id).textContent = value; }
function fmt(n, digits) { return n == null ? '–' : Number(n).toLocaleString('en', { maximumFractionDigits: digits == null ? 1 : digits }); }
function cell(row, value, cls) { const td = row.insertCell(); td.textContent = value; if (cls) { td.className = cls; } return td; }
function fill(tableId, items, render) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  items.forEach((item) => render(body.insertRow(), item));
}

const throughputChart = lineChart('chart-throughput', ['submitted/s', 'completed/s', 'failed/s']);
const latencyChart = lineChart('chart-latency', ['queue wait p50', 'queue wait p99', 'run p50', 'run p99']);
const tpcChart = lineChart('chart-tpc', []);
const latencyHistory = [[], [], [], [], []];
const tpcHistory = { t: [], workers: {} };
const HISTORY = 120;

function push(array, value) { array.push(value); if (array.length > HISTORY) { array.shift(); } }

function showStats(stats) {
  const per = stats.perSecond;
  const n = per.completed.length;
  const end = Math.floor(stats.at / 1000);
  const xs = per.completed.map((_, i) => end - n + i);
  throughputChart.set([xs, per.submitted, per.completed, per.failed]);
  text('tile-submitted', fmt(per.submitted[n - 1], 0));
  text('tile-completed', fmt(per.completed[n - 1], 0));
  text('tile-lag', fmt(stats.consumerLag, 0));
  text('tile-failed', fmt(stats.totals.failed, 0) + ' / ' + fmt(stats.totals.retried, 0));
  text('tile-dead', fmt(stats.deadLetters, 0));
  const t = stats.at / 1000;
  [t, stats.queueWaitMs.p50, stats.queueWaitMs.p99, stats.runMs.p50, stats.runMs.p99].forEach((v, i) => push(latencyHistory[i], v));
  latencyChart.set(latencyHistory.map((a) => a.slice()));
}

function showWorkers(workers) {
  const up = workers.filter((w) => w.state === 'up');
  text('tile-workers', up.length + ' / ' + workers.length);
  const cores = up.reduce((sum, w) => sum + w.cores, 0);
  text('tile-cpu', cores ? fmt(100 * up.reduce((sum, w) => sum + w.cpuUtilization * w.cores, 0) / cores, 0) + ' %' : '–');
  fill('workers', workers, (row, w) => {
    row.className = w.state;
    row.dataset.worker = w.id;
    [w.id].forEach((v) => cell(row, v));
    cell(row, w.state, 'state');
    [w.host, w.pid, w.cores, fmt(100 * w.cpuUtilization, 0) + ' %', fmt(w.throughputPerCore)].forEach((v) => cell(row, v));
    POOLS.forEach((p) => { const s = (w.pools || {})[p]; cell(row, s ? s.active + '/' + s.size + ' q' + s.queued + ' ' + fmt(s.throughputPerCore) + '/c' : '–'); });
    cell(row, new Date(w.lastHeartbeat).toLocaleTimeString());
  });
  fill('pools', POOLS, (row, pool) => {
    const stats = up.map((w) => ({ w, s: (w.pools || {})[pool] })).filter((x) => x.s);
    const sum = (f) => stats.reduce((a, x) => a + f(x), 0);
    const size = sum((x) => x.s.size);
    const poolCores = sum((x) => x.w.cores);
    [pool, size, sum((x) => x.s.active), sum((x) => x.s.queued), size ? fmt(100 * sum((x) => x.s.active) / size, 0) + ' %' : '–',
      poolCores ? fmt(sum((x) => x.s.throughputPerCore * x.w.cores) / poolCores) : '–', fmt(sum((x) => x.s.completed), 0)].forEach((v) => cell(row, v));
  });
  push(tpcHistory.t, Date.now() / 1000);
  const ids = workers.map((w) => w.id).sort();
  ids.forEach((id) => { tpcHistory.workers[id] = tpcHistory.workers[id] || tpcHistory.t.slice(0, -1).map(() => null); });
  Object.keys(tpcHistory.workers).forEach((id) => {
    const w = workers.find((x) => x.id === id);
    push(tpcHistory.workers[id], w ? w.throughputPerCore : null);
  });
  const names = Object.keys(tpcHistory.workers).sort();
  tpcChart.set([tpcHistory.t.slice()].concat(names.map((id) => tpcHistory.workers[id].slice())), names);
}

function showCounters(counters) {
  fill('counters', counters, (row, c) => { [c.name, fmt(c.value, 0), new Date(c.updatedAt).toLocaleTimeString()].forEach((v) => cell(row, v)); });
}

function showJobs(jobs) {
  fill('jobs', jobs, (row, job) => {
    row.dataset.job = job.id;
    [job.id, job.task, job.state, job.execution ? job.execution.workerId : '', job.execution ? job.execution.runMs : ''].forEach((v) => cell(row, v));
    row.addEventListener('click', () => showJob(job.id));
  });
}

async function showJob(id) {
  const detail = document.getElementById('job-detail');
  detail.hidden = false;
  try { detail.textContent = JSON.stringify(await api('/api/v1/jobs/' + id), null, 2); } catch (e) { detail.textContent = e.message; }
}

async function refresh() {
  if (!apiKey()) { askKey(); return; }
  const connection = document.getElementById('connection');
  try {
    const [stats, workers, counters, jobs] = await Promise.all([api('/api/v1/dashboard/stats'), api('/api/v1/workers'),
      api('/api/v1/counters'), api('/api/v1/dashboard/jobs?limit=25')]);
    showStats(stats); showWorkers(workers); showCounters(counters); showJobs(jobs);
    connection.className = 'dot ok';
    text('updated', 'updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    connection.className = 'dot bad';
    text('updated', 'API: ' + e.message);
  }
}

setInterval(refresh, 1000);
refresh();
