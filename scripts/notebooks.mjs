// npm run notebooks: executes every notebook in examples/notebooks/ headless in Deno's Jupyter
// kernel (`jupyter nbconvert --to notebook --execute --allow-errors`, as Jupyter runs a notebook
// with errors allowed) and compares each code cell's outputs with what the same cells printed in
// PyTorch (the Python twins in tests/oracle/notebooks/, executed in IPython by
// tests/oracle/notebooks.py into tests/fixtures/notebooks.json). Prints the cells matched per
// notebook and exits non-zero on any difference. The executed notebooks are left in
// runs/notebooks/ (open them, or `jupyter nbconvert --to html` them).
//
//   node scripts/notebooks.mjs [name-substring ...]
//
// Needs Jupyter (Debian: apt-get install jupyter-nbconvert) and the built
// library (npm run build): the notebooks `import * as torch from 'tensorgrad'`, which Deno
// resolves through this package's own package.json to dist/index.js. The Deno kernel comes from the
// `deno` npm package (a dev dependency) and is registered for the run only, in a temporary
// kernelspec directory put on JUPYTER_PATH: nothing is written to the user's Jupyter setup (the
// kernels' connection files and Deno's cache go to the same temporary directory).
//
// How outputs compare, per code cell: printed text exactly; a displayed value by its text/plain
// exactly (Python's `<... at 0x...>` addresses stripped: tensorgrad's nodes print without one); a
// displayed picture (image/* data) only as being a picture; warnings on stderr by category and
// message; errors by message, and by class where JavaScript has it (TypeError), any other error
// class standing for Python's RuntimeError, ValueError or IndexError. The one output that differs
// by nature is the version string (`torch.__version__` is this library's version).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NOTEBOOKS = join(ROOT, 'examples', 'notebooks');
const TWINS = join(ROOT, 'tests', 'oracle', 'notebooks');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'notebooks.json');
const ADDRESS = /( object)? at 0x[0-9a-fA-F]+/g;

/** Why the notebooks cannot run here (no Jupyter, no build), or null when they can. */
export function missing() {
  const r = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return 'Jupyter is not installed (Debian: apt-get install jupyter-nbconvert)';
  }
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) return 'the library is not built (npm run build)';
  return null;
}

/** The deno executable of the `deno` npm package. */
function denoPath() {
  const require = createRequire(import.meta.url);
  return require('deno/install_api.cjs').runInstall();
}

/** A temporary directory holding a kernelspec for Deno's kernel, to put on JUPYTER_PATH. */
function kernelDir() {
  const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-kernels-'));
  mkdirSync(join(dir, 'kernels', 'deno'), { recursive: true });
  const spec = {
    argv: [denoPath(), 'jupyter', '--kernel', '--conn', '{connection_file}'],
    display_name: 'Deno',
    language: 'typescript',
  };
  writeFileSync(join(dir, 'kernels', 'deno', 'kernel.json'), JSON.stringify(spec, null, 1));
  return dir;
}

/** The notebooks' names (without .ipynb), all or those containing one of the filters. */
export function notebookNames(filters = []) {
  return readdirSync(NOTEBOOKS)
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => f.slice(0, -'.ipynb'.length))
    .filter((n) => filters.length === 0 || filters.some((s) => n.includes(s)))
    .sort();
}

/** Executes the named notebooks in Deno's kernel; returns the executed notebooks by name. */
export function execute(names, outDir = join(ROOT, 'runs', 'notebooks')) {
  mkdirSync(outDir, { recursive: true });
  const kernels = kernelDir();
  try {
    const paths = (dir, old) => [dir, old].filter(Boolean).join(delimiter);
    const env = {
      ...process.env,
      JUPYTER_PATH: paths(kernels, process.env.JUPYTER_PATH),
      PYTHONPATH: paths(join(ROOT, 'scripts'), process.env.PYTHONPATH),
      // Connection files and Deno's cache in the run's own directory: no user home needed.
      JUPYTER_RUNTIME_DIR: process.env.JUPYTER_RUNTIME_DIR ?? join(kernels, 'runtime'),
      DENO_DIR: process.env.DENO_DIR ?? join(kernels, 'deno'),
    };
    const args = ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors'];
    // The default executor, made tolerant of outputs Deno's kernel sends after a cell's idle
    // status (scripts/deno_execute.py).
    args.push('--Exporter.default_preprocessors=["deno_execute.DenoExecutePreprocessor"]');
    args.push('--ExecutePreprocessor.kernel_name=deno', '--ExecutePreprocessor.timeout=600');
    args.push('--output-dir', outDir, ...names.map((n) => join(NOTEBOOKS, `${n}.ipynb`)));
    const r = spawnSync('jupyter', args, { env, encoding: 'utf8', cwd: NOTEBOOKS });
    if (r.status !== 0) throw new Error(`jupyter nbconvert failed (${r.status}):\n${r.stderr}`);
  } finally {
    rmSync(kernels, { recursive: true, force: true });
  }
  return Object.fromEntries(names.map((n) => [n, JSON.parse(readFileSync(join(outDir, `${n}.ipynb`), 'utf8'))]));
}

const text = (v) => (Array.isArray(v) ? v.join('') : (v ?? '')).replace(ADDRESS, '');

/** A Jupyter output in the fixture's form (tests/oracle/notebooks.py). */
function stored(o) {
  if (o.output_type === 'stream') return { type: 'stream', name: o.name, text: text(o.text) };
  if (o.output_type === 'error') return { type: 'error', ename: o.ename, evalue: text(o.evalue) };
  return { type: o.output_type, mime: Object.keys(o.data).sort(), text: text(o.data['text/plain']) };
}

/**
 * What is compared of a cell's outputs (see the header): the outputs in order, warnings apart.
 * `seen` holds the warnings shown by earlier cells: Python shows a warning again in each cell (a
 * new code location), tensorgrad once per session, so only a warning's first showing counts.
 */
export function normalize(outputs, seen = new Set()) {
  const out = [];
  const warnings = [];
  for (const o of outputs) {
    if (o.type === 'stream' && o.name === 'stderr') {
      for (const m of o.text.matchAll(/(\w+Warning): (.*?)(?: \(Triggered internally at .*\))?$/gm)) {
        const w = `${m[1]}: ${m[2]}`;
        if (!seen.has(w)) warnings.push(w);
        seen.add(w);
      }
    } else if (o.type === 'stream') {
      const last = out[out.length - 1];
      if (last && 'stdout' in last) last.stdout += o.text;
      else out.push({ stdout: o.text });
    } else if (o.type === 'error') {
      out.push({ error: `${o.ename === 'TypeError' ? 'TypeError' : 'Error'}: ${o.evalue}` });
    } else if (o.mime.some((m) => m.startsWith('image/'))) {
      out.push({ picture: true });
    } else if (/^'\d+\.\d+\.\d+[^']*'$/.test(o.text)) {
      out.push({ version: true });
    } else {
      out.push({ value: o.text });
    }
  }
  return warnings.length > 0 ? [...out, { warnings }] : out;
}

/** The fixture: per notebook, per code cell, PyTorch's outputs. */
export function expectations() {
  const { torch_version, cases } = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  return { version: torch_version, cases: new Map(cases.map((c) => [c.notebook, c.cells])) };
}

/**
 * Compares an executed notebook with its twin's outputs: the same cells (markdown identical,
 * code cells paired by id) and every code cell's outputs. Returns { cells, matched, problems }.
 */
export function compare(name, executed, expected) {
  const problems = [];
  const twin = JSON.parse(readFileSync(join(TWINS, `${name}.ipynb`), 'utf8'));
  const shape = (nb) => nb.cells.map((c) => (c.cell_type === 'markdown' ? `md:${text(c.source)}` : `code:${c.id}`));
  const [mine, theirs] = [shape(executed), shape(twin)];
  if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
    problems.push(`the cells differ from the Python twin's (markdown text or order)`);
  }
  const want = expected.cases.get(name);
  if (!want) return { cells: 0, matched: 0, problems: [`no PyTorch outputs for ${name} in ${FIXTURE}`] };
  const code = executed.cells.filter((c) => c.cell_type === 'code');
  if (code.length !== want.length) problems.push(`${code.length} code cells, the twin has ${want.length}`);
  let matched = 0;
  const [seenGot, seenExp] = [new Set(), new Set()];
  code.forEach((cell, i) => {
    const w = want[i];
    if (!w || w.id !== cell.id) return;
    const got = normalize(cell.outputs.map(stored), seenGot);
    const exp = normalize(w.outputs, seenExp);
    if (JSON.stringify(got) === JSON.stringify(exp)) matched++;
    else {
      problems.push(
        `cell ${cell.id}:\n${text(cell.source)}\n  PyTorch:    ${JSON.stringify(exp)}\n  tensorgrad: ${JSON.stringify(got)}`,
      );
    }
  });
  return { cells: want.length, matched, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const why = missing();
  if (why) {
    console.error(`notebooks: cannot run: ${why}`);
    process.exit(1);
  }
  const names = notebookNames(process.argv.slice(2));
  const expected = expectations();
  console.log(`notebooks: executing ${names.length} notebooks in Deno's kernel (results in runs/notebooks/)`);
  const executed = execute(names);
  let failed = false;
  let total = 0;
  let matched = 0;
  for (const name of names) {
    const r = compare(name, executed[name], expected);
    total += r.cells;
    matched += r.matched;
    console.log(`${name.padEnd(20)} ${r.matched}/${r.cells} code cells match PyTorch's outputs`);
    for (const p of r.problems) console.log(`  ${p.split('\n').join('\n  ')}`);
    if (r.problems.length > 0 || r.matched !== r.cells) failed = true;
  }
  console.log(`notebooks: ${matched}/${total} code cells match in ${names.length} notebooks`);
  process.exit(failed ? 1 : 0);
}
