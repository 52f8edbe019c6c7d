import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from './config';

/** Issue 17 item 1: an operator learns every variable from the README, and the README names nothing the server ignores. */

const serverSource = import.meta.dirname;
const readme = readFileSync(resolve(serverSource, '../../../README.md'), 'utf8');

/** The first column of the table under "## Configuration": `| \`NAME\` | default | meaning |`. */
function readmeVariables(): string[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1] as string);
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the README configuration table', () => {
  it('lists exactly the variables of the config schema, each once', () => {
    const listed = readmeVariables();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('covers every variable the server reads: only config.ts reads process.env', () => {
    const readers = sourceFiles(serverSource)
      .filter((file) => readFileSync(file, 'utf8').includes('process.env'))
      .map((file) => relative(serverSource, file));
    expect(readers).toEqual(['config.ts']);
  });
});
