/**
 * What a binding costs (issue 25): the same app in TypeScript, Python, Java and Go (bench/bindings/), each a whole
 * process from start to exit, on the seed scenario and on the landscape of 100 and 1,000 Shoots, both ways of
 * declaring caches: `addUpstream` per cache and RegistryCache's `upstreams` prop; and the prop with each distinct
 * Size and Duration made once (`sharedValues`: a static call such as Size.gibibytes crosses the bridge too). A Python, Java or Go app runs the
 * library in a Node.js process behind it (jsii) and pays for every call that crosses; the TypeScript app is the
 * same program with no bridge, measured in the same run, the languages and ways taking turns.
 *
 * Each app is installed as test/languages installs it, from the packed packages in dist/ (`npx projen
 * package-all`, run here when dist/ lacks one), into bench.out/bindings/. Every output is checked byte-identical
 * (all languages, both ways). Calls across the bridge are counted once per app and way from the jsii runtime's own
 * trace (JSII_DEBUG=1): one line per request the binding sends.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { landscape } from './scenario';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench.out', 'bindings');
const HERE = path.join(ROOT, 'bench', 'bindings');
const LANGS = path.join(ROOT, 'test', 'languages');

export const LANGUAGES = ['typescript', 'python', 'java', 'go'] as const;
export type Language = typeof LANGUAGES[number];
export const BINDING_WAYS = ['addUpstream', 'upstreams', 'sharedValues'] as const;
export type BindingWay = typeof BINDING_WAYS[number];

export interface BindingsResult {
  readonly processes: number;
  readonly scenarios: string[];
  /** Whole-process milliseconds: scenario -> way -> language -> samples. */
  readonly samples: Record<string, Record<string, Record<string, number[]>>>;
  /** The same processes' CPU time (user + system, with the kernel's Node.js process), where GNU time is installed. */
  readonly cpu?: Record<string, Record<string, Record<string, number[]>>>;
  /** Requests the jsii kernel received: scenario -> way -> language (not TypeScript). */
  readonly calls: Record<string, Record<string, Record<string, number>>>;
  /** Seconds to install each app (not part of the ratios). */
  readonly setup: Record<string, number>;
  readonly outputBytes: Record<string, number>;
  readonly versions: Record<string, string>;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${String(r.stdout ?? '').slice(-2000)}${String(r.stderr ?? '').slice(-4000)}`);
  }
  return String(r.stdout ?? '');
}

function timed(what: string, setup: Record<string, number>, f: () => void): void {
  const t0 = performance.now();
  f();
  setup[what] = (performance.now() - t0) / 1000;
}

/** The packed packages: dist/ as `npx projen package-all` writes it (run here when one is missing). */
function ensureDist(): { tgz: string; whl: string } {
  const find = (dir: string, re: RegExp) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => re.test(f)).map(f => path.join(dir, f)) : []);
  const complete = () => find(path.join(ROOT, 'dist', 'js'), /\.jsii\.tgz$/).length === 1 && find(path.join(ROOT, 'dist', 'python'), /\.whl$/).length === 1
    && fs.existsSync(path.join(ROOT, 'dist', 'java', 'io')) && fs.existsSync(path.join(ROOT, 'dist', 'go', 'cdk8sgardenerregistrycache'));
  if (!complete()) {
    log('  dist/ lacks a package: npx projen package-all');
    run('npx', ['projen', 'package-all'], { cwd: ROOT });
  }
  return { tgz: find(path.join(ROOT, 'dist', 'js'), /\.jsii\.tgz$/)[0], whl: find(path.join(ROOT, 'dist', 'python'), /\.whl$/)[0] };
}

/** Installs each app as a user of its language would (bench.out/bindings/<language>); returns the command of each. */
function install(setup: Record<string, number>): Record<Language, string[]> {
  const { tgz, whl } = ensureDist();
  fs.rmSync(OUT, { recursive: true, force: true });
  const dir = (lang: string) => {
    const d = path.join(OUT, lang);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const ts = dir('typescript');
  timed('typescript', setup, () => {
    // cdk8s and constructs packed from node_modules (offline), then the library's tarball, as test/languages does.
    fs.mkdirSync(path.join(ts, 'registry'));
    for (const dep of ['cdk8s', 'constructs']) {
      run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', path.join(ts, 'registry'), path.join(ROOT, 'node_modules', dep)]);
    }
    fs.writeFileSync(path.join(ts, 'package.json'), '{ "name": "bench-app", "version": "0.0.0", "private": true }\n');
    const packed = fs.readdirSync(path.join(ts, 'registry')).map(f => `./registry/${f}`);
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...packed, tgz], { cwd: ts });
    fs.copyFileSync(path.join(HERE, 'app.ts'), path.join(ts, 'app.ts'));
    run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['--strict', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node',
      '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'app.ts'], { cwd: ts });
  });
  const py = dir('python');
  timed('python', setup, () => {
    run('python3', ['-m', 'venv', path.join(py, 'venv')]);
    const pip = path.join(py, 'venv', 'bin', 'pip');
    run(pip, ['install', '-q', '--disable-pip-version-check', '--require-hashes', '-r', path.join(LANGS, 'python', 'requirements.txt')]);
    run(pip, ['install', '-q', '--disable-pip-version-check', '--no-deps', whl]);
  });
  const java = dir('java');
  timed('java', setup, () => {
    // test/languages' pom (every version pinned), this app's one source file.
    fs.copyFileSync(path.join(LANGS, 'java', 'pom.xml'), path.join(java, 'pom.xml'));
    fs.mkdirSync(path.join(java, 'src', 'main', 'java'), { recursive: true });
    fs.copyFileSync(path.join(HERE, 'BenchApp.java'), path.join(java, 'src', 'main', 'java', 'BenchApp.java'));
    run('mvn', ['-q', '-B', 'compile', 'dependency:build-classpath', '-Dmdep.outputFile=cp.txt', `-Ddist.repository=file://${ROOT}/dist/java`], { cwd: java });
  });
  // test/languages' go.mod and go.sum, at the same depth below the checkout so that their replace paths hold.
  const goSrc = dir('go-src');
  timed('go', setup, () => {
    for (const f of ['go.mod', 'go.sum']) fs.copyFileSync(path.join(LANGS, 'go', f), path.join(goSrc, f));
    fs.copyFileSync(path.join(HERE, 'main.go'), path.join(goSrc, 'main.go'));
    run('go', ['build', '-o', path.join(OUT, 'go-app'), '.'], { cwd: goSrc });
  });
  const cp = fs.readFileSync(path.join(java, 'cp.txt'), 'utf-8').trim();
  return {
    typescript: [process.execPath, path.join(ts, 'app.js')],
    python: [path.join(py, 'venv', 'bin', 'python'), path.join(HERE, 'app.py')],
    java: ['java', '-cp', `${path.join(java, 'target', 'classes')}:${cp}`, 'BenchApp'],
    go: [path.join(OUT, 'go-app')],
  };
}

/** The app's inputs: one line per namespace, credential, Shoot and cache (tab-separated), and the Shoots' YAML. */
function writeInputs(scenario: string): { tsv: string; yaml: string } {
  const input = path.join(OUT, 'input');
  fs.mkdirSync(input, { recursive: true });
  const lines: string[] = [];
  const shoots: string[] = [];
  const dash = (v: unknown) => (v === undefined ? '-' : String(v));
  if (scenario === 'seed') {
    // The seed scenario of test/languages: ro-docker-secret-v1, the Shoot's docker-secret resource, one cache.
    const fixture = fs.readFileSync(path.join(LANGS, 'fixtures', 'shoot.yaml'), 'utf-8');
    lines.push('ns\tgarden-dev', 'cred\tro-docker-secret\t1\tdocker-secret\tdemo-user\tdemo-token', 'shoot\tcrazy-botany',
      'cache\tdocker-io\tdocker.io\t0\t-\t-\t-\t-\t-\t-');
    shoots.push(fixture.replace(/^ {2}name: crazy-botany$/m, '  name: crazy-botany\n  namespace: garden-dev'));
  } else {
    for (const ns of landscape(Number(scenario)).namespaces) {
      lines.push(`ns\t${ns.name}`);
      for (const c of ns.credentials) lines.push(['cred', c.name, c.version, '-', c.username, c.password].join('\t'));
      for (const s of ns.shoots) {
        lines.push(`shoot\t${s.name}`);
        shoots.push(JSON.stringify(s.definition));
        for (const c of s.caches) {
          lines.push(['cache', c.id, c.upstream, dash(c.credential), dash(c.remoteUrl), dash(c.volumeSizeGi), dash(c.storageClassName),
            dash(c.garbageCollectionTtlHours), dash(c.highAvailability), dash(c.serviceNameSuffix)].join('\t'));
        }
      }
    }
  }
  if (lines.some(l => l.split('\t').some(f => f === '' || f.includes('\n')))) throw new Error('bindings: a value is empty or spans lines');
  const tsv = path.join(input, `${scenario}.tsv`);
  const yaml = path.join(input, `${scenario}-shoots.yaml`);
  fs.writeFileSync(tsv, `${lines.join('\n')}\n`);
  fs.writeFileSync(yaml, `${shoots.join('\n---\n')}\n`);
  return { tsv, yaml };
}

const TIME = '/usr/bin/time';

/**
 * One whole process: start to exit, milliseconds of wall clock; and, where GNU time is installed (Debian's `time`),
 * its CPU time, user + system, which includes the children it waited for: the jsii kernel's Node.js process, which
 * each binding ends and waits for at exit. On a shared machine the CPU time varies far less than the wall clock.
 */
function wholeProcess(cmd: string[], args: string[], env?: NodeJS.ProcessEnv): { ms: number; cpuMs?: number; stderr: string } {
  const cpuFile = path.join(OUT, 'cpu.txt');
  const withTime = fs.existsSync(TIME) ? [TIME, '-f', '%U %S', '-o', cpuFile] : [];
  const argv = [...withTime, ...cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024, env: env ?? process.env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`);
  let cpuMs: number | undefined;
  if (withTime.length > 0) {
    const [user, sys] = fs.readFileSync(cpuFile, 'utf-8').trim().split('\n').pop()!.split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
  }
  return { ms, cpuMs, stderr: r.stderr };
}

function versions(): Record<string, string> {
  const first = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf-8' });
    return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
  };
  return { python: first('python3', ['--version']), java: first('java', ['-version']), go: first('go', ['version']), node: process.version };
}

export function measureBindings(scenarios: string[], processes: number): BindingsResult {
  const setup: Record<string, number> = {};
  log('  installing the apps from dist/ into bench.out/bindings/');
  const commands = install(setup);
  log(`  installed: ${Object.entries(setup).map(([l, s]) => `${l} ${s.toFixed(1)} s`).join(', ')}`);
  const samples: BindingsResult['samples'] = {};
  const cpu: NonNullable<BindingsResult['cpu']> = {};
  const calls: BindingsResult['calls'] = {};
  const outputBytes: Record<string, number> = {};
  for (const scenario of scenarios) {
    const { tsv, yaml } = writeInputs(scenario);
    const out = (lang: string, way: string) => path.join(OUT, 'out', `${scenario}-${lang}-${way}`);
    const s: Record<string, Record<string, number[]>> = samples[scenario] = {};
    const c: Record<string, Record<string, number[]>> = cpu[scenario] = {};
    // One unmeasured round first (disk cache, the JVM's class data), which also writes the outputs compared below.
    for (let p = -1; p < processes; p++) {
      for (const way of BINDING_WAYS) {
        const order = LANGUAGES.map((_, i) => LANGUAGES[(i + p + 1) % LANGUAGES.length]);
        for (const lang of order) {
          const { ms, cpuMs } = wholeProcess(commands[lang], [tsv, yaml, way, out(lang, way)]);
          if (p >= 0) ((s[way] ??= {})[lang] ??= []).push(ms);
          if (p >= 0 && cpuMs !== undefined) ((c[way] ??= {})[lang] ??= []).push(cpuMs);
        }
      }
      if (p < 0) {
        const expected = fs.readFileSync(path.join(out('typescript', 'addUpstream'), 'landscape.k8s.yaml'), 'utf-8');
        outputBytes[scenario] = Buffer.byteLength(expected);
        for (const way of BINDING_WAYS) {
          for (const lang of LANGUAGES) {
            const file = path.join(out(lang, way), 'landscape.k8s.yaml');
            if (fs.readFileSync(file, 'utf-8') !== expected) {
              throw new Error(`OUTPUTS DIFFER: ${scenario}, ${lang} ${way} vs typescript addUpstream (${file})`);
            }
          }
        }
      } else {
        log(`  ${scenario}, round ${p + 1}/${processes}: ${BINDING_WAYS.map(w => `${w}: ${LANGUAGES.map(l => `${l} ${s[w][l][p].toFixed(0)}`).join(', ')}`).join('; ')} ms`);
      }
    }
    // The bridge traffic: with JSII_DEBUG=1 the jsii runtime traces each request from the binding as a line "> {...}"
    // (loading each assembly, create, invoke, get, static calls, callbacks' answers, exit).
    calls[scenario] = {};
    for (const way of BINDING_WAYS) {
      for (const lang of LANGUAGES.filter(l => l !== 'typescript')) {
        const { stderr } = wholeProcess(commands[lang], [tsv, yaml, way, `${out(lang, way)}-trace`], { ...process.env, JSII_DEBUG: '1' });
        const n = stderr.split('\n').filter(l => l.startsWith('> {')).length;
        if (n === 0) throw new Error(`bindings: no kernel trace from ${lang} (JSII_DEBUG=1): the call count would be 0`);
        (calls[scenario][way] ??= {})[lang] = n;
      }
    }
    log(`  ${scenario}, calls across the bridge: ${BINDING_WAYS.map(w => `${w}: ${Object.entries(calls[scenario][w]).map(([l, n]) => `${l} ${n}`).join(', ')}`).join('; ')}`);
  }
  return { processes, scenarios, samples, cpu: fs.existsSync(TIME) ? cpu : undefined, calls, setup, outputBytes, versions: versions() };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function bindingsReport(b: BindingsResult): string[] {
  const f0 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const f2 = (x: number) => x.toFixed(2);
  const name = (s: string) => (s === 'seed' ? 'seed scenario' : `${Number(s).toLocaleString('en-US')} Shoots`);
  const L: string[] = ['', '## What a binding costs (issue 25)', ''];
  const table = (title: string, data: Record<string, Record<string, Record<string, number[]>>>, stat: (xs: number[]) => number) => {
    L.push(`| ${title} | way | TypeScript | Python | Java | Go | Python / TS | Java / TS | Go / TS |`, '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const sc of b.scenarios) {
      for (const way of BINDING_WAYS) {
        const m = (l: Language) => stat(data[sc][way][l]);
        L.push(`| ${name(sc)} | \`${way}\` | ${f0(m('typescript'))} ms | ${f0(m('python'))} ms | ${f0(m('java'))} ms | ${f0(m('go'))} ms | `
          + `${f2(m('python') / m('typescript'))} | ${f2(m('java') / m('typescript'))} | ${f2(m('go') / m('typescript'))} |`);
      }
    }
    L.push('');
  };
  table('wall clock, median', b.samples, median);
  table('wall clock, best-of', b.samples, xs => Math.min(...xs));
  if (b.cpu) table('CPU time, median', b.cpu, median);
  L.push('| calls across the bridge | way | Python | Java | Go | per Shoot (Python, Go) |', '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const sc of b.scenarios) {
    for (const way of BINDING_WAYS) {
      const c = b.calls[sc][way];
      L.push(`| ${name(sc)} | \`${way}\` | ${f0(c.python)} | ${f0(c.java)} | ${f0(c.go)} | ${sc === 'seed' ? '-' : (c.python / Number(sc)).toFixed(1)} |`);
    }
  }
  const data = b.cpu ?? b.samples;
  L.push('', `| ${b.cpu ? 'CPU time' : 'wall clock'}, medians | \`addUpstream\` / \`upstreams\` prop: TypeScript | Python | Java | Go `
    + '| `sharedValues` / `upstreams` prop: TypeScript | Python | Java | Go |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const sc of b.scenarios) {
    const r = (way: BindingWay, l: Language) => f2(median(data[sc][way][l]) / median(data[sc].upstreams[l]));
    L.push(`| ${name(sc)} | ${LANGUAGES.map(l => r('addUpstream', l)).join(' | ')} | ${LANGUAGES.map(l => r('sharedValues', l)).join(' | ')} |`);
  }
  L.push('', 'Whole processes, start to exit (interpreter or JVM start, loading, the jsii kernel\'s Node.js process behind the binding, building, '
    + 'synthesizing, writing the YAML). Ways: `addUpstream` per cache; the `upstreams` prop; `sharedValues`, the `upstreams` prop with each '
    + 'distinct `Size` and `Duration` made once and reused. '
    + `${b.processes} per language, way and scenario after one unmeasured round, the languages taking turns; `
    + 'every output byte-identical to the TypeScript app\'s (all languages, all ways). Best-of: interference only ever adds time. '
    + (b.cpu ? 'CPU time: user + system of the process and the children it waited for (GNU time), the kernel\'s Node.js process included. ' : '')
    + 'Calls: the requests the binding sent to the jsii kernel (JSII_DEBUG=1 trace, one process each; Java also asks the kernel for '
    + 'an assembly\'s naming after most calls). '
    + `Output: ${b.scenarios.map(sc => `${name(sc)} ${f0(b.outputBytes[sc] / 1024)} KiB`).join(', ')}. `
    + `Installing the apps (not in the ratios): ${Object.entries(b.setup).map(([l, s]) => `${l} ${s.toFixed(1)} s`).join(', ')}. `
    + `${b.versions.python}; ${b.versions.java}; ${b.versions.go}; Node ${b.versions.node}.`);
  return L;
}
