// Serving the exported MNIST model without tensorgrad: ONNX Runtime for Node answers predictions
// over HTTP, and the same server hosts a page that runs the model in the browser with
// onnxruntime-web (examples/serve/index.html, app.js). Only onnxruntime-node, onnxruntime-web's
// files and Node's built-ins are used here: this is what a deployment would carry.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';

const HERE = dirname(fileURLToPath(import.meta.url));
const PIXELS = 28 * 28;
const require = createRequire(import.meta.url);
const ORT_WEB_DIST = dirname(require.resolve('onnxruntime-web'));

export interface Digit {
  label: number;
  /** 784 grey levels in [0, 1], row by row. */
  pixels: number[];
}

/** Test digits of the mnist package: the `perDigit` first of each digit's test range (800 on). */
export function testDigits(perDigit: number): Digit[] {
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const out: Digit[] = [];
  for (let label = 0; label < 10; label++) {
    const data = (JSON.parse(readFileSync(join(dir, `${label}.json`), 'utf8')) as { data: number[] }).data;
    const count = Math.min(perDigit, data.length / PIXELS - 800);
    for (let k = 0; k < count; k++) {
      out.push({ label, pixels: data.slice((800 + k) * PIXELS, (801 + k) * PIXELS) });
    }
  }
  return out;
}

/** Logits for a batch of digits (each 784 grey levels): one run of the model. */
export async function predict(session: ort.InferenceSession, images: number[][]): Promise<number[][]> {
  const input = new ort.Tensor('float32', Float32Array.from(images.flat()), [images.length, 1, 28, 28]);
  const result = await session.run({ [session.inputNames[0]]: input });
  const logits = result[session.outputNames[0]];
  const classes = logits.dims[1];
  const data = logits.data as Float32Array;
  return images.map((_, i) => Array.from(data.subarray(i * classes, (i + 1) * classes)));
}

export const argmax = (v: number[]): number => v.indexOf(Math.max(...v));

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves, on 127.0.0.1: POST /predict ({ "pixels": [784 numbers] } → { digit, logits }), and the
 * browser page: /, /app.js, /model.onnx, /digits.json (a few test digits) and /ort/* (the
 * onnxruntime-web build).
 */
export async function serve(modelPath: string, port = 0): Promise<{ server: Server; origin: string }> {
  const session = await ort.InferenceSession.create(modelPath);
  const model = readFileSync(modelPath);
  const digits = JSON.stringify(testDigits(2));
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html; charset=utf-8', readFileSync(join(HERE, 'index.html'))],
    '/app.js': ['text/javascript; charset=utf-8', readFileSync(join(HERE, 'app.js'))],
    '/model.onnx': ['application/octet-stream', model],
    '/digits.json': ['application/json', digits],
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'POST' && url === '/predict') {
      body(req)
        .then(async (text) => {
          const pixels = (JSON.parse(text) as { pixels?: unknown }).pixels;
          if (!Array.isArray(pixels) || pixels.length !== PIXELS || !pixels.every((p) => typeof p === 'number')) {
            res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"pixels: 784 numbers"}');
            return;
          }
          const [logits] = await predict(session, [pixels as number[]]);
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ digit: argmax(logits), logits }));
        })
        .catch((e: unknown) => res.writeHead(400).end(String(e)));
      return;
    }
    if (req.method !== 'GET') return void res.writeHead(405).end();
    const file = files[url];
    if (file !== undefined) return void res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
    // onnxruntime-web's scripts and WebAssembly, by file name only (no paths outside its dist/).
    if (url.startsWith('/ort/') && /^[\w.-]+\.(mjs|wasm)$/.test(basename(url)) && basename(url) === url.slice(5)) {
      const type = url.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8';
      try {
        return void res.writeHead(200, { 'content-type': type }).end(readFileSync(join(ORT_WEB_DIST, url.slice(5))));
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
