/**
 * docs/languages.md's programs (issues 25, 27): `RegistryCache`'s `@example` (src/registry-cache.ts), the README's
 * main example with the Shoot included from its YAML file, and jsii-rosetta's translations of it, written between
 * the page's `<!-- rosetta:LANG -->` and `<!-- /rosetta:LANG -->` markers (LANG: ts, python, java, go).
 *
 * Run by the docgen task after `jsii-rosetta extract --strict`, which compiled the example and wrote its
 * translations into .jsii.tabl.json (the same translations jsii-pacmak and jsii-docgen put into each language's
 * API docs). Python is rosetta's output as it is. Rosetta translates a snippet's
 * statements, not a program, and its Java and Go translators get a few things wrong; so for those two this
 * script adds what a program needs around the statements (Java's class and `main`, Go's `package main` and
 * `func main`) and applies the fixes below. Each fix must apply: one that no longer matches fails the
 * script, so a rosetta that got better (or a changed example) is noticed, not papered over.
 * test/languages/run.sh runs the programs as they are on the page and compares their YAML with the TypeScript's.
 *
 * Usage: ts-node scripts/docs-languages.ts [--check]   (--check: fail if the page is not current, write nothing)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const pagePath = path.join(root, 'docs', 'languages.md');
const tabletPath = path.join(root, '.jsii.tabl.json');
/** Where the program is: the example of the RegistryCache class. */
const EXAMPLE_OF = 'cdk8s-gardener-registry-cache.RegistryCache';

interface Fix {
  readonly why: string;
  readonly from: RegExp;
  readonly to: string;
}

const JAVA_FIXES: Fix[] = [
  {
    why: 'rosetta imports only the types the TypeScript imports: ApiObject (the declared type of `shoot`) is missing',
    from: /^(import org\.cdk8s\.App;)$/m,
    to: 'import org.cdk8s.ApiObject;\n$1',
  },
  {
    why: 'and so is CachedUpstreamOptions (the type of addUpstream\'s object literal)',
    from: /^(import io\.github\.cdk8s\.gardener\.registrycache\.CredentialValue;)$/m,
    to: 'import io.github.cdk8s.gardener.registrycache.CachedUpstreamOptions;\n$1',
  },
  {
    why: 'a jsii array is a java.util.List in Java: rosetta indexes it like an array',
    from: /\.getApiObjects\(\)\[0\]/g,
    to: '.getApiObjects().get(0)',
  },
];

const GO_FIXES: Fix[] = [
  {
    why: 'cdk8s\' Go module is major version 2: its import path ends in /v2',
    from: /^import "github\.com\/cdk8s-team\/cdk8s-core-go\/cdk8s"$/m,
    to: 'import "github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"',
  },
  {
    why: 'rosetta uses jsii.String and jsii.Number without importing the jsii runtime',
    from: /^(import "github\.com\/cdk8s-team)/m,
    to: 'import "github.com/aws/jsii-runtime-go"\n$1',
  },
  {
    why: 'Go has no optional parameters: a constructor without props takes nil',
    from: /cdk8s\.NewApp\(\)/g,
    to: 'cdk8s.NewApp(nil)',
  },
  {
    why: 'rosetta leaves the structs of cdk8s unqualified',
    from: /&(ChartProps|IncludeProps)\{/g,
    to: '&cdk8s.$1{',
  },
  {
    why: 'and the structs of this library',
    from: /&(RegistryCacheCredentialProps|RegistryCacheProps|CachedUpstreamOptions)\{/g,
    to: '&cdk8sgardenerregistrycache.$1{',
  },
  {
    why: 'a static method called a second time comes out as `Class_*Method`',
    from: /_\*([A-Z])/g,
    to: '_$1',
  },
  {
    why: 'a shorthand property `{ shoot }` comes out as `Shoot: Shoot` (the field\'s name as the value too)',
    from: /\bShoot: Shoot,/g,
    to: 'Shoot: shoot,',
  },
  {
    why: 'a jsii array property is a method returning a pointer to a slice in Go',
    from: /(\w+)\.apiObjects\[0\]/g,
    to: '(*$1.ApiObjects())[0]',
  },
];

function applyFixes(lang: string, code: string, fixes: Fix[]): string {
  for (const fix of fixes) {
    const fixed = code.replace(fix.from, fix.to);
    if (fixed === code) {
      throw new Error(`docs-languages: the ${lang} fix "${fix.why}" (${fix.from}) no longer applies: check rosetta's output and drop or change the fix`);
    }
    code = fixed;
  }
  return code;
}

function indent(code: string, by: string): string {
  return code.split('\n').map(line => (line ? by + line : line)).join('\n');
}

function java(statements: string): string {
  const code = applyFixes('java', statements, JAVA_FIXES);
  const lines = code.split('\n');
  const imports = lines.filter(l => l.startsWith('import '));
  const body = lines.filter(l => !l.startsWith('import ')).join('\n').trim();
  return `${imports.join('\n')}\n\npublic class Main {\n    public static void main(final String[] args) {\n${indent(body, '        ')}\n    }\n}\n`;
}

function go(statements: string): string {
  const code = applyFixes('go', statements, GO_FIXES);
  const lines = code.split('\n');
  const imports = lines.filter(l => l.startsWith('import '));
  const body = lines.filter(l => !l.startsWith('import ')).join('\n').trim();
  const program = `package main\n\n${imports.join('\n')}\n\nfunc main() {\n\tdefer jsii.Close()\n${indent(body, '\t')}\n}\n`;
  // gofmt, as any Go user's editor would (it only re-indents and aligns: the code is rosetta's).
  return execFileSync('gofmt', [], { input: program, encoding: 'utf-8' });
}

function main(): void {
  const check = process.argv.includes('--check');
  const page = fs.readFileSync(pagePath, 'utf-8');
  if (!fs.existsSync(tabletPath)) throw new Error('docs-languages: no .jsii.tabl.json: run `jsii-rosetta extract --strict` first');
  const tablet = JSON.parse(fs.readFileSync(tabletPath, 'utf-8'));
  const snippet = Object.values<any>(tablet.snippets)
    .find(s => s.location.api.api === 'type' && s.location.api.fqn === EXAMPLE_OF && s.location.field?.field === 'example');
  if (!snippet) throw new Error(`docs-languages: ${EXAMPLE_OF} has no example in .jsii.tabl.json: run \`npx projen compile\` and \`jsii-rosetta extract --strict\``);
  if (!snippet.didCompile) throw new Error(`docs-languages: the example of ${EXAMPLE_OF} did not compile`);
  const t = snippet.translations;

  const blocks: Record<string, string> = {
    ts: '```ts\n' + t.$.source.trim() + '\n```',
    python: '```python\n' + t.python.source.trim() + '\n```',
    java: '```java\n' + java(t.java.source).trim() + '\n```',
    go: '```go\n' + go(t.go.source).trim() + '\n```',
  };
  let next = page;
  for (const [lang, block] of Object.entries(blocks)) {
    const re = new RegExp(`(<!-- rosetta:${lang} -->\\n)[\\s\\S]*?(<!-- /rosetta:${lang} -->)`);
    if (!re.test(next)) throw new Error(`docs-languages: docs/languages.md lacks the <!-- rosetta:${lang} --> markers`);
    next = next.replace(re, (_m, open: string, close: string) => `${open}${block}\n${close}`);
  }
  if (next === page) return;
  if (check) {
    console.error('docs-languages: docs/languages.md is not the current example and rosetta\'s translation of it: run `npx projen docgen`');
    process.exit(1);
  }
  fs.writeFileSync(pagePath, next);
}

main();
