// examples/serve: a model exported by tensorgrad answers in Node (onnxruntime-node, over HTTP)
// and in a browser page (onnxruntime-web in headless Chromium, Debian's /usr/bin/chromium driven
// by playwright-core, as tests/browser.test.ts does; without it that part skips). Both give
// tensorgrad's logits for the same test digits (the largest difference at most 1e-5 of the
// largest logit).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { mlp } from '../examples/train/models.js';
import { serve, testDigits } from '../examples/serve/server.js';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'onnx');
const RTOL = 1e-5;

/** The MLP with the weights of tests/fixtures/onnx/mlp.safetensors, exported to a temporary file. */
function exported(): { model: torch.nn.Module; path: string } {
  const model = mlp();
  model.load_state_dict(torch.safetensors.load_file(join(FIXTURES, 'mlp.safetensors')));
  model.eval();
  const path = join(mkdtempSync(join(tmpdir(), 'tg-serve-')), 'model.onnx');
  torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, {
    input_names: ['input'],
    output_names: ['logits'],
    dynamic_axes: { input: { 0: 'batch' }, logits: { 0: 'batch' } },
  });
  return { model, path };
}

function tensorgradLogits(model: torch.nn.Module, images: number[][]): number[][] {
  const x = torch.tensor(images).view(-1, 1, 28, 28);
  return (torch.no_grad(() => model.forward(x)) as Tensor).tolist() as number[][];
}

function largestDifference(got: number[][], want: number[][]): number {
  let diff = 0;
  let scale = 0;
  want.forEach((row, i) =>
    row.forEach((w, j) => {
      diff = Math.max(diff, Math.abs(got[i][j] - w));
      scale = Math.max(scale, Math.abs(w));
    }),
  );
  return diff / scale;
}

test('Node: POST /predict answers with the logits tensorgrad computes', async () => {
  const { model, path } = exported();
  const { server, origin } = await serve(path);
  try {
    const digits = testDigits(1);
    const want = tensorgradLogits(
      model,
      digits.map((d) => d.pixels),
    );
    for (const [i, d] of digits.entries()) {
      const res = await fetch(`${origin}/predict`, { method: 'POST', body: JSON.stringify({ pixels: d.pixels }) });
      const got = (await res.json()) as { digit: number; logits: number[] };
      assert.ok(largestDifference([got.logits], [want[i]]) <= RTOL);
      assert.equal(got.digit, want[i].indexOf(Math.max(...want[i])));
    }
    const bad = await fetch(`${origin}/predict`, { method: 'POST', body: JSON.stringify({ pixels: [1, 2] }) });
    assert.equal(bad.status, 400);
    assert.equal((await fetch(`${origin}/ort/../package.json`)).status, 404);
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});

test(
  'browser: the page runs the model with onnxruntime-web and gets the same logits',
  { timeout: 60_000 },
  async (t) => {
    if (!existsSync(CHROMIUM)) {
      t.skip(`${CHROMIUM} not found; install it with: apt-get install -y chromium`);
      return;
    }
    const { model, path } = exported();
    const { server, origin } = await serve(path);
    const profile = mkdtempSync(join(tmpdir(), 'tensorgrad-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
      timeout: 10_000,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.goto(`${origin}/`, { timeout: 10_000 });
      await page.waitForFunction(() => (globalThis as { serveResult?: unknown }).serveResult, null, {
        timeout: 40_000,
      });
      const got = (await page.evaluate(() => (globalThis as { serveResult?: unknown }).serveResult)) as {
        logits?: number[][];
        labels?: number[];
        error?: string;
      };
      assert.equal(got.error, undefined, `the page failed: ${got.error}`);
      assert.deepEqual(pageErrors, []);
      const digits = testDigits(2);
      assert.deepEqual(
        got.labels,
        digits.map((d) => d.label),
      );
      const want = tensorgradLogits(
        model,
        digits.map((d) => d.pixels),
      );
      const diff = largestDifference(got.logits as number[][], want);
      t.diagnostic(`largest difference, browser vs tensorgrad: ${diff.toExponential(2)}`);
      assert.ok(diff <= RTOL, `browser logits differ by ${diff}`);
      const status = await page.textContent('#status');
      assert.match(status ?? '', /^model loaded: \d+\/20 test digits right/);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  },
);
