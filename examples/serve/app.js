// The page of examples/serve: the exported MNIST model (/model.onnx) run by onnxruntime-web's
// WebAssembly backend, on test digits (/digits.json) and on what the visitor draws. Results are
// also left on window.serveResult for the headless-browser test (tests/serve.test.ts).

import * as ort from '/ort/ort.wasm.min.mjs';

// Without cross-origin isolation a page has no SharedArrayBuffer, hence one thread.
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = '/ort/';

const status = document.getElementById('status');

async function logitsOf(session, images) {
  const input = new ort.Tensor('float32', Float32Array.from(images.flat()), [images.length, 1, 28, 28]);
  const out = await session.run({ [session.inputNames[0]]: input });
  const logits = out[session.outputNames[0]];
  const classes = logits.dims[1];
  return images.map((_, i) => Array.from(logits.data.subarray(i * classes, (i + 1) * classes)));
}

const argmax = (v) => v.indexOf(Math.max(...v));

/** The drawing, averaged down to 28×28 grey levels in [0, 1] (white ink on black, as MNIST). */
function padPixels(canvas) {
  const { data } = canvas.getContext('2d').getImageData(0, 0, 280, 280);
  const out = new Array(784).fill(0);
  for (let y = 0; y < 280; y++) {
    for (let x = 0; x < 280; x++)
      out[Math.floor(y / 10) * 28 + Math.floor(x / 10)] += data[(y * 280 + x) * 4] / 255 / 100;
  }
  return out;
}

function setUpPad(session) {
  const canvas = document.getElementById('pad');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 280, 280);
  let drawing = false;
  const draw = (e) => {
    if (!drawing) return;
    const r = canvas.getBoundingClientRect();
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.arc(e.clientX - r.left, e.clientY - r.top, 11, 0, 2 * Math.PI);
    ctx.fill();
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    draw(e);
  });
  canvas.addEventListener('pointermove', draw);
  canvas.addEventListener('pointerup', async () => {
    drawing = false;
    const [logits] = await logitsOf(session, [padPixels(canvas)]);
    document.getElementById('guess').textContent = String(argmax(logits));
  });
  document.getElementById('clear').addEventListener('click', () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 280, 280);
    document.getElementById('guess').textContent = '';
  });
}

async function main() {
  const session = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'] });
  const digits = await (await fetch('/digits.json')).json();
  const logits = await logitsOf(
    session,
    digits.map((d) => d.pixels),
  );
  const table = document.getElementById('samples');
  let right = 0;
  digits.forEach((d, i) => {
    const p = argmax(logits[i]);
    right += p === d.label ? 1 : 0;
    const row = table.insertRow();
    row.insertCell().textContent = String(d.label);
    const cell = row.insertCell();
    cell.textContent = String(p);
    if (p !== d.label) cell.className = 'wrong';
  });
  status.textContent = `model loaded: ${right}/${digits.length} test digits right. Draw one below.`;
  setUpPad(session);
  window.serveResult = { logits, labels: digits.map((d) => d.label) };
}

main().catch((e) => {
  status.textContent = `error: ${e.message}`;
  window.serveResult = { error: String(e.stack || e) };
});
