import * as fs from 'fs';
import { removeBuild, runCommand } from './_command';
import { docSection, readDoc } from './_docs';

/**
 * The README's section on the check command, and docs/check.md, show commands
 * and what they print: each is run here with the built command, and must print
 * exactly that (STYLE: no output in the docs that drifts from the code).
 */
const section = docSection('README.md', '## Check any Shoot manifest');
const PAGE = readDoc('docs/check.md');
const COMMAND = 'npx cdk8s-gardener-registry-cache check';

/** The `sh` blocks that run the command, each with the `text` block after it. */
const pairs = (text: string) => [...text.matchAll(/```sh\n(.*)\n```\n\n(?:.*\n)*?```text\n([\s\S]*?)\n```/g)].map(m => ({ command: m[1], output: m[2] }));
const examples = [...pairs(section), ...pairs(PAGE)];

afterAll(() => {
  removeBuild();
});

describe('the check command\'s examples in the README and docs/check.md', () => {
  test('shows commands with their output', () => {
    expect(examples.map(e => e.command)).toEqual([
      `sed 's/ttl: 0s/ttl: 0/' examples/gitops/garden-ops/shoots.yaml | ${COMMAND} -`,
      `${COMMAND} examples/gitops`,
      `sed 's/ttl: 168h/ttl: 7d/' examples/gitops/garden-dev/crazy-botany.yaml | ${COMMAND} -`,
    ]);
  });

  test.each(examples.map(e => [e.command, e]))('%s prints what the page shows', (_command, e) => {
    let input: string | undefined;
    let args = e.command;
    // `sed 's/A/B/' FILE | npx ...`: the first A of every line becomes B, as sed does.
    const sed = /^sed 's\/([^/]*)\/([^/]*)\/' (\S+) \| (.*)$/.exec(args);
    if (sed) {
      input = fs.readFileSync(sed[3], 'utf-8').split('\n').map(l => l.replace(sed[1], sed[2])).join('\n');
      args = sed[4];
    }
    expect(args.startsWith(COMMAND)).toBe(true);
    const r = runCommand(['check', ...args.slice(COMMAND.length).trim().split(/ +/)], { input });
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd()).toBe(e.output);
  });
});
