/**
 * `npm run bench`: runs every benchmark section in its own child process (so each peak RSS is its
 * own and no section warms another's caches), then writes BENCHMARKS.md. Sections are modules in
 * bench/ exporting `run(): Promise<string>` (Markdown). Figures are ratios against baselines
 * measured in the same run, because these machines are noisy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const SECTIONS: { module: string; title: string }[] = [
  { module: 'pipeline', title: 'Ingest and the full pipeline (issue 2)' },
  { module: 'decode', title: 'Zeek decoding (issue 2)' },
  { module: 'store', title: 'Embedded store: SQLite vs DuckDB (issue 2)' },
  { module: 'search', title: 'Advanced search (issue 7)' },
  { module: 'network', title: 'Network models: DGA, beacons, breaches per device per day (issue 3)' },
  { module: 'saas', title: 'Microsoft 365 / Entra ID decoding and SaaS models (issue 4)' },
  { module: 'prompt-detectors', title: 'AI prompt detectors and classifier (issue 5)' },
  { module: 'ai-context', title: 'AI models in context and the prompt gateway (issue 5)' },
  { module: 'analyst', title: 'Analyst and response policy (issue 6)' },
];

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);

async function runSection(module: string): Promise<string> {
  const mod = (await import(`./${module}.js`)) as { run?: () => Promise<string> };
  if (typeof mod.run !== 'function') throw new Error(`bench/${module} has no run()`);
  return mod.run();
}

if (process.env.TELLTALE_BENCH_SECTION) {
  // Child: run one section and print its Markdown.
  const md = await runSection(process.env.TELLTALE_BENCH_SECTION);
  process.stdout.write(md);
} else {
  const parts: string[] = [];
  for (const s of SECTIONS) {
    if (only.length > 0 && !only.includes(s.module)) continue;
    process.stderr.write(`bench: ${s.module} ...\n`);
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
      env: { ...process.env, TELLTALE_BENCH_SECTION: s.module },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    if (r.status === 0) parts.push(`## ${s.title}\n\n${r.stdout.trim()}\n\n_Section ran in ${secs} s._\n`);
    else parts.push(`## ${s.title}\n\nNot measured: the section failed (exit ${r.status}); see the bench log.\n`);
  }
  const node = process.version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let commit = 'uncommitted';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {}
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each section runs in its own',
    'process; throughput is events per second of wall time on one core (the pipeline is single-threaded),',
    'peak RSS is the process maximum resident set. Figures are compared with a baseline measured in the',
    'same run, as ratios, because shared machines are noisy.',
    '',
    `Machine: ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${node}; commit ${commit}; ${new Date().toISOString()}.`,
    '',
  ].join('\n');
  const out = fileURLToPath(
    new URL(here.includes('/dist/') ? '../../BENCHMARKS.md' : '../BENCHMARKS.md', import.meta.url),
  );
  if (only.length > 0) {
    // A partial run prints its sections and leaves BENCHMARKS.md whole.
    process.stdout.write(parts.join('\n'));
  } else {
    writeFileSync(out, `${header}\n${parts.join('\n')}`);
    process.stderr.write(`bench: wrote ${out}\n`);
  }
}
