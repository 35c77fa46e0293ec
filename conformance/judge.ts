/**
 * The judges: one gardener-judge process per extension release built by
 * `npx projen judge` (conformance/bin/<version>/gardener-judge), each kept
 * running and asked one case at a time over JSON Lines.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Case, caseLine, judgedCase } from './cases';

export const BIN = path.join(__dirname, 'bin');

export interface JudgeFinding {
  readonly type: string;
  readonly field: string;
  readonly detail: string;
  readonly source: string;
}

export interface JudgeVerdict {
  readonly id: string;
  readonly allowed: boolean;
  readonly errors: JudgeFinding[];
  readonly otherErrors: JudgeFinding[];
  readonly judgeError?: string;
}

/** The releases a judge was built for, oldest first. */
export function builtVersions(): string[] {
  if (!fs.existsSync(BIN)) {
    return [];
  }
  const key = (v: string): number[] => v.slice(1).split('.').map(Number);
  return fs.readdirSync(BIN)
    .filter(v => /^v\d+\.\d+\.\d+$/.test(v) && fs.existsSync(judgePath(v)))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
}

export function judgePath(version: string): string {
  return path.join(BIN, version, 'gardener-judge');
}

class JudgeProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private readonly waiting: Array<(line: string) => void> = [];
  private stderr = '';

  constructor(readonly version: string) {
    this.child = spawn(judgePath(version), [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf-8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stderr.setEncoding('utf-8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.child.on('exit', code => {
      for (const w of this.waiting.splice(0)) {
        w(JSON.stringify({ judgeError: `gardener-judge ${version} exited (${code}): ${this.stderr.trim()}` }));
      }
    });
  }

  ask(c: Case): Promise<JudgeVerdict> {
    return new Promise(resolve => {
      this.waiting.push(line => resolve(JSON.parse(line) as JudgeVerdict));
      this.child.stdin.write(`${caseLine(judgedCase(c))}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** The judges of every built release; `judge(c)` asks the one of the case's release. */
export class Judges {
  private readonly processes = new Map<string, JudgeProcess>();

  constructor(readonly versions: readonly string[]) {
    for (const v of versions) {
      this.processes.set(v, new JudgeProcess(v));
    }
  }

  async judge(c: Case): Promise<JudgeVerdict> {
    const p = this.processes.get(c.extensionVersion);
    if (p === undefined) {
      throw new Error(`no judge was built for ${c.extensionVersion} (built: ${this.versions.join(', ')}); run npx projen judge`);
    }
    const v = await p.ask(c);
    if (v.judgeError !== undefined) {
      throw new Error(`the judge could not judge the case: ${v.judgeError}\n${caseLine(c)}`);
    }
    return v;
  }

  close(): void {
    for (const p of this.processes.values()) {
      p.close();
    }
  }
}
