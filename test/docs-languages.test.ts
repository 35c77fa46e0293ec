import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';

/**
 * docs/languages.md's Java install snippet names what test/languages/java/pom.xml,
 * the Maven project that test:languages builds and runs the page's Java
 * program with, depends on: the same coordinates and versions, and the
 * checkout's dist/java as the repository.
 */
const ROOT = path.join(__dirname, '..');
const PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'languages.md'), 'utf-8');
const java = PAGE.slice(PAGE.indexOf('<details><summary><b>Java</b></summary>'), PAGE.indexOf('<details><summary><b>Go</b></summary>'));
const parser = new XMLParser({ isArray: name => name === 'dependency' || name === 'repository' });

type Dependency = { groupId: string; artifactId: string; version: string };
const coordinates = (deps: Dependency[]): string[] => deps.map(d => `${d.groupId}:${d.artifactId}:${d.version}`);

test('docs/languages.md\'s Java dependencies are the test project\'s, with the checkout\'s dist/java as repository', () => {
  const snippet = /```xml\n([\s\S]*?)```/.exec(java);
  expect(snippet).not.toBeNull();
  const shown = parser.parse(`<project>${snippet![1]}</project>`).project;
  const pom = parser.parse(fs.readFileSync(path.join(ROOT, 'test', 'languages', 'java', 'pom.xml'), 'utf-8')).project;
  const used = coordinates(pom.dependencies.dependency);
  expect(coordinates(shown.dependencies.dependency).length).toBeGreaterThan(1);
  for (const c of coordinates(shown.dependencies.dependency)) {
    expect(used).toContain(c);
  }
  expect(shown.repositories.repository.map((r: { url: string }) => r.url)).toEqual([expect.stringMatching(/^file:\/\/.*\/dist\/java$/)]);
  expect(pom.repositories.repository.map((r: { url: string }) => r.url)).toEqual(['${dist.repository}']);
  expect(pom.properties['dist.repository']).toMatch(/\/dist\/java$/);
});
