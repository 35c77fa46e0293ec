import * as fs from 'fs';
import * as path from 'path';

/** The YAML files under a folder, and the folders that could not be read (with their error code). */
export interface YamlFiles {
  readonly files: string[];
  readonly errors: Array<{ readonly path: string; readonly code: string }>;
}

/**
 * Every `.yaml` and `.yml` file under `dir`, recursively, in sorted order,
 * skipping names that start with a dot (`.git`). Used by UpdateSafetyCheck
 * and the check command alike.
 */
export function listYamlFiles(dir: string): YamlFiles {
  const files: string[] = [];
  const errors: Array<{ path: string; code: string }> = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      const code = (e as { code?: unknown })?.code;
      errors.push({ path: d, code: typeof code === 'string' ? code : 'unknown error' });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) {
        continue;
      }
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return { files, errors };
}
