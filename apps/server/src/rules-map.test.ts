import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/rules-map.md says where each article of the Rules lives, docs/interfaces.md holds what the code cites of the
 * specification: both are checked against the citations in the source tree, so neither can fall behind the code.
 */
const ROOT = join(import.meta.dirname, '../../..');
const SOURCE_FOLDERS = ['apps', 'packages', 'e2e', 'bench'];
const SKIPPED = new Set(['node_modules', 'dist', 'data', 'test-results']);

function sourceFiles(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(full);
      } else if (/\.(ts|tsx|js|cjs|mjs)$/.test(entry.name)) {
        files.push({ path: relative(ROOT, full), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(join(ROOT, folder));
  return files;
}

const CHINESE_DIGITS = '一二三四五六七八九';

/** 十二 → 12, 二十二 → 22, 三十 → 30. */
function chineseNumber(text: string): number {
  const [tens, units] = text.includes('十') ? text.split('十') : ['', text];
  const digit = (character: string | undefined) => (character ? CHINESE_DIGITS.indexOf(character) + 1 : 0);
  return text.includes('十') ? (digit(tens) || 1) * 10 + digit(units) : digit(units);
}

const ITEM = String.raw`\d+(?:\([一二三四五六七八九十]+\))*`;
const ENGLISH = new RegExp(String.raw`Art\.\s*(${ITEM}(?:\s*[,–-]\s*${ITEM}(?![\w%]))*)`, 'g');
const CHINESE = /规则[（(]试行[)）]》第([一二三四五六七八九十]+)条/g;

/** The articles a text cites: `Art. 7(四)(八), 15`, `Art. 19–22` (a range), 《…运行管理规则（试行）》第十二条. */
function citedArticles(text: string): Set<number> {
  const articles = new Set<number>();
  for (const [, list = ''] of text.matchAll(ENGLISH)) {
    const parts = list.split(/\s*([,–-])\s*/);
    const numbers = parts.filter((_, index) => index % 2 === 0).map((part) => Number.parseInt(part, 10));
    numbers.forEach((number, index) => {
      const previous = numbers[index - 1];
      if (previous !== undefined && parts[2 * index - 1] !== ',') {
        for (let between = previous + 1; between < number; between++) articles.add(between);
      }
      articles.add(number);
    });
  }
  for (const [, number = ''] of text.matchAll(CHINESE)) articles.add(chineseNumber(number));
  return articles;
}

/** The module a file belongs to in the map's terms; undefined for files that cite without being a home. */
function moduleOf(path: string): string | undefined {
  if (/\.test\.tsx?$/.test(path) || /^(apps\/server\/test|apps\/server\/src\/(db|seed)|e2e|bench)\//.test(path)) return;
  const feature =
    /^apps\/server\/src\/modules\/([^/]+)\//.exec(path) ??
    /^apps\/web\/src\/features\/([^/]+)\//.exec(path) ??
    /^packages\/contracts\/src\/([^/.]+)\.ts$/.exec(path);
  if (feature) return feature[1];
  const platform = /^apps\/server\/src\/platform\/([^/.]+)\.ts$/.exec(path);
  if (platform) return `platform/${platform[1]}`;
  const domain = /^packages\/domain\/src\/([^/.]+)\.ts$/.exec(path);
  if (domain) return `domain/${domain[1]}`;
  const server = /^apps\/server\/src\/([^/.]+)/.exec(path);
  if (server) return `server/${server[1]}`;
  const web = /^apps\/web\/src\/([^/]+)\//.exec(path);
  if (web) return `web/${web[1]}`;
  return path;
}

/** The map's rows: article → the modules its last cell names in backticks. */
function rulesMap(): Map<number, Set<string>> {
  const rows = new Map<number, Set<string>>();
  for (const line of readFileSync(join(ROOT, 'docs/rules-map.md'), 'utf8').split('\n')) {
    const row = /^\| (\d+) \|.*\|([^|]*)\|$/.exec(line);
    if (!row) continue;
    rows.set(Number(row[1]), new Set([...(row[2] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '')));
  }
  return rows;
}

describe('rules map (docs/rules-map.md)', () => {
  it('reads lists, ranges, sub-items and Chinese citations of the Rules', () => {
    expect([...citedArticles('(Rules Art. 7(四)(八), 15, 22(五), 24)')]).toEqual([7, 15, 22, 24]);
    expect([...citedArticles('accounts (Rules Art. 19–22)')]).toEqual([19, 20, 21, 22]);
    expect([...citedArticles('Art. 12: 20 working days, not Art. 12, 20% late')]).toEqual([12]);
    expect([...citedArticles('《贵州省企业公共信用信息平台运行管理规则（试行）》第二十二条')]).toEqual([22]);
    expect(citedArticles('《中华人民共和国广告法》第五十七条').size).toBe(0);
  });

  it('has one row for each of the 30 articles', () => {
    expect([...rulesMap().keys()]).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
  });

  it('names, for every article cited in code, the module the citation is in', () => {
    const map = rulesMap();
    const missing: string[] = [];
    for (const { path, text } of sourceFiles()) {
      const module = moduleOf(path);
      for (const article of citedArticles(text)) {
        const homes = map.get(article);
        if (!homes) missing.push(`Art. ${article} (cited in ${path}) has no row`);
        else if (module && !homes.has(module)) missing.push(`Art. ${article}: add \`${module}\` (cited in ${path})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('specification excerpts (docs/interfaces.md)', () => {
  it('holds every SPEC section and capability the code cites', () => {
    const interfaces = readFileSync(join(ROOT, 'docs/interfaces.md'), 'utf8');
    const missing = new Set<string>();
    for (const { path, text } of sourceFiles()) {
      for (const [, references = ''] of text.matchAll(/SPEC\s+((?:(?:§\d+|C\d+)(?:\([a-z]\))?(?:\s*[,/]\s*)?)+)/g)) {
        for (const [reference] of references.matchAll(/§\d+|C\d+/g)) {
          const home = reference.startsWith('§') ? `\n## ${reference} ` : `\n| ${reference} |`;
          if (!interfaces.includes(home)) missing.add(`${reference} (cited in ${path})`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});
