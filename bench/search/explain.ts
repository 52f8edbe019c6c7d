import type pg from 'pg';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Exact Heap Blocks'?: number;
  'Lossy Heap Blocks'?: number;
  Plans?: PlanNode[];
}

interface ExplainJson {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
  JIT?: { Functions: number; Timing?: { Total: number } };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement: a short summary of the scans, and the full text plan on request. */
export async function explain(
  pool: pg.Pool,
  statement: { sql: string; parameters: readonly unknown[] },
  options: { full: boolean },
): Promise<string[]> {
  const parameters = [...statement.parameters];
  const { rows } = await pool.query<{ 'QUERY PLAN': ExplainJson[] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.sql}`,
    parameters,
  );
  const plan = rows[0]!['QUERY PLAN'][0]!;
  const lines = [
    `  planning ${plan['Planning Time'].toFixed(2)} ms, execution ${plan['Execution Time'].toFixed(2)} ms` +
      (plan.JIT ? `, JIT ${plan.JIT.Functions} functions ${plan.JIT.Timing?.Total.toFixed(1) ?? '?'} ms` : ', no JIT'),
  ];
  const visit = (node: PlanNode, depth: number) => {
    const scan = node['Index Name'] ?? node['Relation Name'];
    if (scan || /Seq Scan|Bitmap|Index/.test(node['Node Type'])) {
      const extras = [
        `rows ${node['Actual Rows']}×${node['Actual Loops']}`,
        `${node['Actual Total Time']?.toFixed(2)} ms`,
        `buffers hit ${node['Shared Hit Blocks'] ?? 0} read ${node['Shared Read Blocks'] ?? 0}`,
      ];
      if (node['Rows Removed by Index Recheck'])
        extras.push(`recheck removed ${node['Rows Removed by Index Recheck']}`);
      if (node['Exact Heap Blocks'] !== undefined) extras.push(`heap blocks ${node['Exact Heap Blocks']}`);
      lines.push(`  ${'  '.repeat(depth)}${node['Node Type']}${scan ? ` on ${scan}` : ''}: ${extras.join(', ')}`);
    }
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(plan.Plan, 0);
  if (options.full) {
    const { rows: text } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
      parameters,
    );
    lines.push('', ...text.map((row) => `    ${row['QUERY PLAN']}`));
  }
  return lines;
}
