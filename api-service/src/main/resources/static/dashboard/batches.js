'use strict';
// The batch view: submits a batch (or takes an id) and reads its results as server-sent events.
// EventSource cannot send the Authorization header, so the stream is read with fetch and parsed here.
let batchAbort = null;

document.getElementById('batch-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const count = Number(document.getElementById('batch-items').value);
  let args;
  try { args = JSON.parse(document.getElementById('batch-args').value || '{}'); } catch (e) { text('batch-status', 'args: not JSON'); return; }
  try {
    const accepted = await api('/api/v1/jobs/batch', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ task: document.getElementById('batch-task').value, items: Array(count).fill(args) }) });
    document.getElementById('batch-id').value = accepted.batchId;
    streamBatch(accepted.batchId);
  } catch (e) { text('batch-status', 'not submitted: ' + e.message); }
});

document.getElementById('batch-stream').addEventListener('click', () => streamBatch(document.getElementById('batch-id').value.trim()));

async function streamBatch(id) {
  if (batchAbort) { batchAbort.abort(); }
  batchAbort = new AbortController();
  const order = document.getElementById('batch-order').value;
  const body = document.querySelector('#batch-results tbody');
  body.replaceChildren();
  const status = document.getElementById('batch-status');
  status.dataset.state = 'streaming';
  let last = 0;
  text('batch-status', 'streaming ' + id + ' in ' + order + ' order…');
  try {
    const headers = { Accept: 'text/event-stream' };
    if (apiKey()) { headers.Authorization = 'Bearer ' + apiKey(); }
    const response = await fetch('/api/v1/batches/' + id + '/results?order=' + order, { headers, signal: batchAbort.signal });
    if (!response.ok) { text('batch-status', 'stream: HTTP ' + response.status); return; }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) { break; }
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event.type === 'result') {
          last = Number(event.id);
          const job = JSON.parse(event.data);
          const row = body.insertRow();
          [event.id, job.index, job.state, JSON.stringify(job.result), job.execution ? job.execution.workerId : ''].forEach((v) => cell(row, v));
        } else if (event.type === 'end') {
          status.dataset.state = 'done';
          text('batch-status', 'done: ' + last + ' results of ' + id + ' in ' + order + ' order');
        }
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') { text('batch-status', 'stream: ' + e.message); }
  }
}

function parseEvent(block) {
  const event = { type: 'message', id: null, data: '' };
  block.split('\n').forEach((line) => {
    if (line.startsWith(':')) { return; }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') { event.type = value; } else if (field === 'id') { event.id = value; } else if (field === 'data') { event.data += value; }
  });
  return event;
}
