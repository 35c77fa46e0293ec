/**
 * `npm run conformance [-- --cases N --seed S --versions v0.24.0,...]`: the
 * differential run. fast-check generates cases; each goes through Gardener's
 * admission (the judge) and through the library's check command; every
 * disagreement not in intended-differences.ts fails the run, and the first
 * is shrunk and printed as one JSON line that `gardener-judge` and `check -`
 * both read. See docs/ARCHITECTURE.md ("The judge").
 */
import * as fs from 'fs';
import fc from 'fast-check';
import { Case, caseArb, caseLine, checkInput, judgedCase } from './cases';
import { compare, Outcome } from './compare';
import { builtVersions, Judges } from './judge';
import { checkCase } from './library';

interface Options {
  cases: number;
  seed: number;
  versions: string[];
  /** Writes every disagreement, with both verdicts, as JSON Lines to this file. */
  dump?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { cases: 1000, seed: Math.floor(Math.random() * 2 ** 31), versions: builtVersions() };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = (): string => inline ?? argv[++i] ?? '';
    switch (name) {
      case '--cases': options.cases = Number(value()); break;
      case '--seed': options.seed = Number(value()); break;
      case '--versions': options.versions = value().split(',').filter(v => v !== ''); break;
      case '--dump': options.dump = value(); break;
      default: throw new Error(`unknown option ${JSON.stringify(argv[i])}: use --cases N, --seed S, --versions v0.24.0,..., --dump FILE`);
    }
  }
  if (!Number.isInteger(options.cases) || options.cases < 1 || !Number.isInteger(options.seed)) {
    throw new Error('--cases needs a positive integer and --seed an integer');
  }
  const built = builtVersions();
  const unbuilt = options.versions.filter(v => !built.includes(v));
  if (options.versions.length === 0 || unbuilt.length > 0) {
    throw new Error(`no judge for ${unbuilt.join(', ') || 'any release'} under conformance/bin (built: ${built.join(', ') || 'none'}): run npx projen judge`);
  }
  return options;
}

async function outcomeOf(judges: Judges, c: Case): Promise<Outcome> {
  const judge = await judges.judge(c);
  return compare(c, judge, checkCase(c));
}

async function run(options: Options): Promise<number> {
  const start = Date.now();
  console.log(`conformance: seed ${options.seed}, ${options.cases} cases, judges ${options.versions.join(', ')}`);
  if (options.dump !== undefined) {
    fs.writeFileSync(options.dump, '');
  }
  const judges = new Judges(options.versions);
  const arb = caseArb(options.versions);
  const cases = fc.sample(arb, { seed: options.seed, numRuns: options.cases }).map((c, i) => ({ ...c, id: String(i) }));

  const intended = new Map<string, { reason: string; count: number; example: Case }>();
  const disagreements: Array<{ c: Case; outcome: Outcome }> = [];
  let falseAccepts = 0;
  let intendedCases = 0;
  let falseRejects = 0;
  const BATCH = 256;
  try {
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      const verdicts = await Promise.all(batch.map(c => judges.judge(c)));
      batch.forEach((c, j) => {
        const lib = checkCase(c);
        const outcome = compare(c, verdicts[j], lib);
        if (options.dump !== undefined && outcome.kind !== 'agree') {
          fs.appendFileSync(options.dump, `${JSON.stringify({ outcome, judge: verdicts[j], library: lib, case: JSON.parse(caseLine(c)) })}\n`);
        }
        if (outcome.kind === 'intended') {
          for (const d of outcome.differences) {
            const entry = intended.get(d.name) ?? { reason: d.reason, count: 0, example: c };
            entry.count++;
            intended.set(d.name, entry);
          }
          intendedCases++;
        } else if (outcome.kind !== 'agree') {
          disagreements.push({ c, outcome });
          if (outcome.kind === 'false-accept') {
            falseAccepts++;
          } else {
            falseRejects++;
          }
        }
      });
    }

    for (const [name, { reason, count }] of intended) {
      console.log(`intended difference ${name} (${count}): ${reason}`);
    }
    const byWhy = new Map<string, number>();
    for (const d of disagreements) {
      if (d.outcome.kind === 'false-accept' || d.outcome.kind === 'false-reject') {
        const key = `${d.outcome.kind}: ${d.outcome.why}`;
        byWhy.set(key, (byWhy.get(key) ?? 0) + 1);
      }
    }
    for (const [why, count] of [...byWhy].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
      console.log(`disagreement (${count}): ${why}`);
    }

    if (disagreements.length > 0) {
      // Shrink the first disagreement with fast-check, from the same seed.
      const result = await fc.check(fc.asyncProperty(arb, async c => {
        const o = await outcomeOf(judges, c);
        return o.kind === 'agree' || o.kind === 'intended';
      }), { seed: options.seed, numRuns: options.cases });
      const shrunk = result.counterexample?.[0] ?? disagreements[0].c;
      const outcome = await outcomeOf(judges, shrunk);
      console.log(`\nshrunk case (${outcome.kind === 'false-accept' || outcome.kind === 'false-reject' ? outcome.why : outcome.kind}):`);
      console.log(caseLine(judgedCase({ ...shrunk, id: 'shrunk' })));
      console.log(`\nthe same case for check - (add --previous with the oldShoot for an update):\n${checkInput([shrunk.shoot, ...shrunk.secrets])}`);
    }
  } finally {
    judges.close();
  }
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  console.log(`(${seconds} s)`);
  console.log(`conformance: ${cases.length} cases, ${disagreements.length} disagreements (${falseAccepts} false accepts, ${falseRejects} false rejects), ${intendedCases} intended differences`);
  return disagreements.length === 0 ? 0 : 1;
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (e) {
  console.error(`conformance: ${(e as Error).message}`);
  process.exit(2);
}
run(options).then(code => { process.exitCode = code; }, e => {
  console.error(`conformance: ${(e as Error).stack ?? e}`);
  process.exitCode = 2;
});
