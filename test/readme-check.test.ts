import * as fs from 'fs';
import * as path from 'path';
import { removeBuild, runCommand } from './_command';

/**
 * The README's section on the check command shows commands and what they
 * print: each is run here with the built command, and must print exactly that
 * (STYLE: no output in the README that drifts from the code).
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const section = README.slice(README.indexOf('## Check any Shoot manifest'), README.indexOf('## Examples'));
const COMMAND = 'npx cdk8s-gardener-registry-cache check';

/** The `sh` blocks that run the command, each with the `text` block after it. */
const examples = [...section.matchAll(/```sh\n(.*)\n```\n\n(?:.*\n)*?```text\n([\s\S]*?)\n```/g)].map(m => ({ command: m[1], output: m[2] }));

afterAll(() => {
  removeBuild();
});

describe('the README\'s check command section', () => {
  test('shows commands with their output', () => {
    expect(examples.map(e => e.command)).toEqual([
      `${COMMAND} examples/gitops`,
      `sed 's/ttl: 168h/ttl: 7d/' examples/gitops/garden-dev/crazy-botany.yaml | ${COMMAND} -`,
    ]);
  });

  test.each(examples.map(e => [e.command, e]))('%s prints what the README shows', (_command, e) => {
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
