import { cdk8s, javascript, JsonFile } from 'projen';

/**
 * cdk8s-gardener-registry-cache: one typed definition for Gardener's
 * registry-cache extension, its upstream credentials and the Shoot wiring.
 *
 * projen owns every project file: change this file, run `npx projen`, commit
 * what it writes.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-gardener-registry-cache',
  packageName: 'cdk8s-gardener-registry-cache',
  description:
    'cdk8s constructs for Gardener\'s registry-cache extension: the versioned immutable credential Secret, the Shoot resource reference and the RegistryConfig from one typed definition.',
  keywords: ['cdk8s', 'gardener', 'registry-cache', 'kubernetes', 'shoot', 'constructs'],
  author: 'cdk8s-gardener-registry-cache maintainers',
  authorAddress: 'maintainers@cdk8s-gardener-registry-cache.invalid',
  repositoryUrl: 'https://github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,

  // npm, explicitly: projen otherwise falls back to yarn, which is not on our machines.
  packageManager: javascript.NodePackageManager.NPM,
  // package.json `engines`: the Node.js the README names ("Node.js (20 or later)"); test/check-command.test.ts compares the two.
  minNodeVersion: '20.0.0',
  // Our CI is .ci/run; no GitHub workflows, no release or publishing targets
  // (Python/Java/.NET/Go packaging needs registries we cannot reach).
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // cdk8s 2.x and constructs 10.x are peer dependencies (the template defaults to cdk8s 1.x).
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  // ts-jest 29 supports TypeScript < 6 (jsii brings its own compiler).
  typescriptVersion: '~5.9.3',
  // No cdk8s-plus at run time: ImagePullSecret is a plain ApiObject, so the
  // library loads no cdk8s-plus and works next to any cdk8s-plus-NN an app uses.
  // UpdateSafetyCheck parses the previous manifests strictly (cdk8s' Yaml.load ignores syntax errors).
  bundledDeps: ['yaml@^2.9.1'],
  devDeps: [
    // Tests: ImagePullSecret with the cdk8s-plus of `cdk8s init typescript-app` (33) and an older one (28).
    'cdk8s-plus-28@2.5.6',
    'cdk8s-plus-33@2.5.57',
    'fast-check@^4.11.0',
    // Our machines run Node 20.
    '@types/node@^20',
    // lib/index.js as one file (scripts/bundle-main.ts).
    'esbuild@^0.28.2',
    // The check command's output formats, tested with their consumers' own tools (issue 26):
    // SARIF with Microsoft's SARIF Multitool (`validate`, and its SARIF 2.1.0 JSON schema through ajv),
    // GitHub workflow commands against @actions/core's own, JUnit XML parsed by fast-xml-parser.
    '@microsoft/sarif-multitool@^5.7.0',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    '@actions/core@^3.0.1',
    'fast-xml-parser@^5.12.1',
    // The validation plugin tested with the CLI's own report and plugin loader (construct paths, version pinning).
    'cdk8s-cli@2.207.60',
  ],

  jestOptions: {
    // A changed snapshot fails the test task; `npx projen test:update` rewrites on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    junitReporting: false,
    jestConfig: {
      // test:gitops's work files and pre-commit's clones hold copies of this repository (its package.json too).
      modulePathIgnorePatterns: ['<rootDir>/gitops.out/', '<rootDir>/gitops.tools/'],
      // The examples (examples/<name>/main.ts) import the library by its package name: in the tests, this checkout's src/.
      moduleNameMapper: { '^cdk8s-gardener-registry-cache$': '<rootDir>/src/index.ts' },
    },
  },
  // Source maps next to lib/*.js, not inside them: Node reads (and scans) every byte of a module it loads,
  // and inline maps with sources made the library's files three times larger (issue 12, loading).
  tsconfig: {
    compilerOptions: {
      inlineSourceMap: false,
      sourceMap: true,
      inlineSources: true,
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts', '../conformance/**/*.ts'],
    compilerOptions: {
      // The examples are apps as users write them (examples/<name>/main.ts): they import the library by its
      // package name, which here is this checkout's src/ (for the examples' tsconfig and ts-node in `npm run
      // examples` too, which extend this one; jest maps it the same way, below).
      paths: { 'cdk8s-gardener-registry-cache': ['../src/index.ts'] },
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts', 'conformance', '.projenrc.ts'],
  },
  gitignore: ['/examples.out/', '/bench.out/', '/conformance/bin/', '/languages.out/', '/gitops.out/', '/gitops.tools/'],

  // --- issue 25: Python, Java and Go bindings, named as the cdk8s family names its packages ---
  publishToPypi: {
    distName: 'cdk8s-gardener-registry-cache',
    module: 'cdk8s_gardener_registry_cache',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s.gardener.registrycache',
    mavenGroupId: 'io.github.cdk8s-gardener-registry-cache',
    mavenArtifactId: 'cdk8s-gardener-registry-cache',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache-go',
    packageName: 'cdk8sgardenerregistrycache',
  },
  // --- end issue 25 ---
});

// examples/, bench/, scripts/ and conformance/ are type-checked (and linted) like the tests: eslint's
// project service needs a tsconfig.json next to them.
for (const dir of ['examples', 'bench', 'scripts', 'conformance']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../test/tsconfig.json',
      include: ['**/*.ts', '../src/**/*.ts'],
    },
  });
}
// ... and for eslint's import rules, which resolve through a tsconfig of their own (projen's EslintOverride has no
// `settings`, which an .eslintrc override may have).
project.tryFindObjectFile('.eslintrc.json')!.addToArray('overrides', {
  files: ['examples/**/*.ts'],
  settings: { 'import/resolver': { node: {}, typescript: { project: './examples/tsconfig.json', alwaysTryTypes: true } } },
});

// package.json's main, lib/index.js, becomes one file holding every module the library loads at require
// time (issue 12, loading: half the time of its 39 files); the rest of lib/ stays as jsii wrote it.
// jsii warnings are errors (issue 25: the API must read well in every language).
project.compileTask.reset('jsii --fail-on-warnings --silence-warnings=reserved-word');
project.compileTask.exec('ts-node --transpile-only --project test/tsconfig.json scripts/bundle-main.ts lib');
// The command's file is executable in a checkout, as npm makes it in an installed package. npx runs this
// repository's own bin from its cache (~/.npm/_npx) and sets the mode only when it first makes that cache entry, so
// a recompiled lib/_check/cli.js (jsii writes 0644) gave "Permission denied" from the second run on at one path.
project.compileTask.exec('chmod 755 lib/_check/cli.js');

// --- issue 25 ---
// Maven Central and the Go module proxy do not serve the Java and Go bindings of cdk8s 2.70.106 (our peer
// dependency's floor): build them from node_modules/cdk8s in the same jsii-pacmak run as ours, which then finds
// them locally (dist/java is a Maven repository with both; dist/go/cdk8s is the module dist/go's go.mod replaces).
for (const lang of ['java', 'go']) {
  project.tasks.tryFind(`package:${lang}`)!.reset(`jsii-pacmak -v --target ${lang} --outdir dist . node_modules/cdk8s`);
}
// API docs per language (jsii-docgen --language): docs/api/API.python.md, API.java.md and API.go.md, regenerated
// with API.md by the docgen task (so by build, and checked current by .ci/run).
// The README's examples and the API's @example blocks compile (jsii-rosetta extract --strict; fragments use
// rosetta/fragment.ts-fixture) and are translated into .jsii.tabl.json, which jsii-pacmak and jsii-docgen then read;
// docs/languages.md's programs are written from RegistryCache's example there (scripts/docs-languages.ts).
// jsii-docgen runs in a folder of its own (scripts/docgen.sh): it would read the copies of this package that
// test:languages and test:gitops install into git-ignored folders of the project.
const docgen = project.tasks.tryFind('docgen')!;
docgen.reset('jsii-rosetta extract --strict');
docgen.exec('ts-node --transpile-only --project test/tsconfig.json scripts/docs-languages.ts');
docgen.exec('bash scripts/docgen.sh');
project.gitattributes.addAttributes('/docs/api/*.md', 'linguist-generated');
project.package.addField('jsiiRosetta', {
  strict: true,
  // Local copies (node_modules), linked into rosetta's compile directory: the ImagePullSecret and mirror examples.
  exampleDependencies: { 'cdk8s-plus-33': '2.5.57', '@types/node': '^20' },
});
project.gitignore.addPatterns('/.jsii.tabl.json');
project.addPackageIgnore('/rosetta/');
// test/languages/run.sh: the same app in TypeScript, Python, Java and Go from the packed packages; byte-identical YAML.
project.addTask('test:languages', {
  description: 'Package every language, then synthesize the same app in TypeScript, Python, Java and Go and compare the YAML byte for byte',
  steps: [{ spawn: 'package-all' }, { exec: 'bash test/languages/run.sh' }],
});
// --- end issue 25 ---

// The check command (issue 10): the rules over any Shoot manifest, e.g. in a GitOps repository.
// Compiled with the library (src/_check/cli.ts -> lib/_check/cli.js); it loads neither cdk8s nor cdk8s-plus.
project.addBins({ 'cdk8s-gardener-registry-cache': 'lib/_check/cli.js' });

// Prints the closing line CI reads: "N passed, N failed", jest's real counts.
project.jest!.addReporter(new javascript.JestReporter('<rootDir>/scripts/summary-reporter.js'));
// Property tests: a fixed seed in CI, new inputs locally (see the file).
project.jest!.addSetupFileAfterEnv('<rootDir>/test/_fast-check-setup.ts');
// npm test stays quiet: library warnings a test does not capture are not printed (see the file).
project.jest!.addSetupFileAfterEnv('<rootDir>/test/_quiet-warnings.ts');

// jsii 6 prints a Node 20 end-of-life banner on every run; it is noise here.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// README command one: synthesize every example into examples.out/, then check the
// GitOps example folder with the check command (run from its TypeScript source).
const examples = project.addTask('examples', {
  description: 'Synthesize every example app into examples.out/, and check examples/gitops with the check command',
  exec: 'ts-node --project examples/tsconfig.json examples/synth-all.ts',
});
examples.exec('ts-node --transpile-only --project test/tsconfig.json src/_check/cli.ts check examples/gitops');

// The benchmark (issue: "the library costs nothing next to writing the manifests by hand").
// Not part of the test task: it takes minutes, and speed targets never live in a timed test.
const bench = project.addTask('bench', {
  description: 'Measure the library against hand-written ApiObjects and direct YAML serialization; then the check command',
  exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts',
  receiveArgs: true,
});
// The check command (issue 10): 10,000 Shoots in one file, linear, and its start-up next to node's.
bench.exec('node -r ts-node/register/transpile-only bench/check.ts');

// The judge (issue 24): Gardener's admission built from its Go modules, one gardener-judge per judged
// extension release (conformance/go.mod and go.<version>.mod), into the git-ignored conformance/bin/.
project.addTask('judge', {
  description: 'Build gardener-judge, Gardener\'s admission from its Go modules, for each judged extension release',
  exec: 'bash conformance/build.sh',
});
// The differential run: generated Shoots through the judges and through the check command's rules; they must
// agree but for conformance/intended-differences.ts. Options: --cases N, --seed S, --versions v1,v2.
project.addTask('conformance', {
  description: 'Fuzz the library\'s rules against the judges (run `npx projen judge` first)',
  exec: 'ts-node --transpile-only --project test/tsconfig.json conformance/run.ts',
  receiveArgs: true,
});

// The rule tables, the check fixtures and the fixed divergences through the judges (conformance/*.test.ts):
// jest, apart from `npm test`, since it needs the judges built.
project.addTask('test:judge', {
  description: 'Run the rule tables, the check fixtures and the regression cases through the judges (run `npx projen judge` first)',
  exec: 'jest --testMatch "<rootDir>/conformance/**/*.test.ts" --coverage=false',
  receiveArgs: true,
});

// --- issue 26: where GitOps repositories run checks ---
// pre-commit installs a `language: node` hook from a clone of this repository at a rev, as npm installs a git
// dependency: it runs `prepare` in the clone (with the devDependencies), then packs it. A clone has no lib/ (jsii's
// output is not committed), so `prepare` compiles it there; pacote sets npm_package_resolved only for such a
// dependency, so `npm ci` in a checkout of this repository does not compile.
project.package.setScript('prepare', 'sh scripts/prepare-git-install.sh');
// The real tools, from the registries through this repository's files: kustomize from the Go module proxy
// (test/gitops/kustomize/go.mod), pre-commit from PyPI (test/gitops/requirements.txt), into the git-ignored
// gitops.tools/ (outside test/: jest, eslint and the YAML tests read test/, and pre-commit's cache holds clones).
project.addTask('gitops:tools', {
  description: 'Build kustomize (Go module proxy) and install pre-commit (PyPI) into gitops.tools/, at the pinned versions',
  exec: 'bash test/gitops/setup.sh',
});
// test/gitops/run.sh: pre-commit, kustomize (exec KRM function), Argo CD's plugin and the Flux CI job, each with a
// good Shoot that passes and a bad one that fails.
project.addTask('test:gitops', {
  description: 'Run the check where GitOps repositories run checks: pre-commit, kustomize, Argo CD\'s plugin, a Flux CI job',
  steps: [{ spawn: 'compile' }, { spawn: 'gitops:tools' }, { exec: 'bash test/gitops/run.sh' }],
});
// --- end issue 26 ---

for (const p of ['/examples/', '/conformance/', '/examples.out/', '/bench/', '/bench.out/', '/scripts/', '/.ci/', '/docs/', '/languages.out/', '/gitops.out/', '/gitops.tools/', '/.pre-commit-hooks.yaml', '/CONTRIBUTING.md']) {
  project.addPackageIgnore(p);
}

project.synth();
