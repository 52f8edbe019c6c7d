import { nodeKey, type TreeNode } from '@gzcredit/verify';
import { type Selectable, sql } from 'kysely';
import type { TransparencyCheckpointsTable, TransparencyLeavesTable } from '../../db/schema';
import type { Db } from '../../platform/database';

/** The length of an SM3 digest, the log's hash. */
const SM3_BYTES = 32;

export type CheckpointRow = Selectable<TransparencyCheckpointsTable>;
export type LeafRow = Selectable<TransparencyLeavesTable>;

export interface LogHead {
  treeSize: number;
  rootHash: Buffer;
}

/** The head, locked for the rest of the transaction: the log's one serial point for appends. */
export async function lockLogHead(db: Db): Promise<LogHead> {
  const row = await db
    .selectFrom('transparencyHead')
    .select(['treeSize', 'rootHash'])
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { treeSize: Number(row.treeSize), rootHash: Buffer.from(row.rootHash) };
}

export async function findLogHead(db: Db): Promise<LogHead> {
  const row = await db.selectFrom('transparencyHead').select(['treeSize', 'rootHash']).executeTakeFirstOrThrow();
  return { treeSize: Number(row.treeSize), rootHash: Buffer.from(row.rootHash) };
}

export async function updateLogHead(db: Db, head: LogHead): Promise<void> {
  await db
    .updateTable('transparencyHead')
    .set({ treeSize: head.treeSize, rootHash: head.rootHash, updatedAt: sql`now()` })
    .execute();
}

/** The stored hashes of the given subtrees, by `nodeKey`; a subtree not stored is absent. */
export async function readNodes(db: Db, nodes: TreeNode[]): Promise<Map<string, Buffer>> {
  if (nodes.length === 0) return new Map();
  const { rows } = await sql<{ level: number; position: string | number; hash: Uint8Array }>`
    SELECT n.level, n.position, n.hash
    FROM unnest(${nodes.map((node) => node.level)}::smallint[], ${nodes.map((node) => node.position)}::bigint[])
      AS wanted (level, position)
    JOIN transparency_nodes n ON n.level = wanted.level AND n.position = wanted.position`.execute(db);
  return new Map(
    rows.map((row) => [nodeKey({ level: Number(row.level), position: Number(row.position) }), Buffer.from(row.hash)]),
  );
}

/**
 * Leaves and the subtrees they complete, each in one statement whatever the count. The leaves' contents travel as one
 * text joined by newlines (canonical JSON never holds a raw newline) and the nodes' hashes as one bytea of 32-byte
 * SM3 digests: a text array of 5,000 escaped contents cost the server more to encode than the rest of the append.
 */
export async function insertLeavesAndNodes(
  db: Db,
  leaves: Array<{ leafIndex: number; kind: string; subject: string; content: string }>,
  nodes: Array<TreeNode & { hash: Buffer }>,
): Promise<void> {
  await sql`
    INSERT INTO transparency_leaves (leaf_index, kind, subject, content)
    SELECT * FROM unnest(${leaves.map((leaf) => leaf.leafIndex)}::bigint[], ${leaves.map((leaf) => leaf.kind)}::text[],
      ${leaves.map((leaf) => leaf.subject)}::text[],
      string_to_array(${leaves.map((leaf) => leaf.content).join('\n')}::text, E'\n'))`.execute(db);
  if (nodes.length === 0) return;
  await sql`
    INSERT INTO transparency_nodes (level, position, hash)
    SELECT node.level, node.position,
      substr(${Buffer.concat(nodes.map((node) => node.hash))}::bytea, (node.ordinal::int - 1) * ${sql.lit(SM3_BYTES)} + 1,
        ${sql.lit(SM3_BYTES)})
    FROM unnest(${nodes.map((node) => node.level)}::smallint[], ${nodes.map((node) => node.position)}::bigint[])
      WITH ORDINALITY AS node (level, position, ordinal)`.execute(db);
}

export async function findLeaf(db: Db, leafIndex: number): Promise<LeafRow | undefined> {
  return db.selectFrom('transparencyLeaves').selectAll().where('leafIndex', '=', leafIndex).executeTakeFirst();
}

/** The newest leaf about a subject (a report number, a check number, a record id). */
export async function findLatestLeafOf(db: Db, kind: string, subject: string): Promise<LeafRow | undefined> {
  return db
    .selectFrom('transparencyLeaves')
    .selectAll()
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .orderBy('leafIndex', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Leaves [from, from + limit) in order, with their stored hashes (level 0), for the monitor's re-hash. */
export async function readLeafPage(
  db: Db,
  from: number,
  limit: number,
): Promise<Array<{ leafIndex: number; content: string | null; hash: Buffer | null }>> {
  const { rows } = await sql<{ leafIndex: string | number; content: string | null; hash: Uint8Array | null }>`
    SELECT coalesce(l.leaf_index, n.position) AS leaf_index, l.content, n.hash
    FROM (SELECT * FROM transparency_leaves WHERE leaf_index >= ${from} ORDER BY leaf_index LIMIT ${limit}) l
    FULL JOIN (SELECT * FROM transparency_nodes WHERE level = 0 AND position >= ${from} ORDER BY position LIMIT ${limit}) n
      ON n.position = l.leaf_index
    ORDER BY 1
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({
    leafIndex: Number(row.leafIndex),
    content: row.content,
    hash: row.hash === null ? null : Buffer.from(row.hash),
  }));
}

export async function insertCheckpoint(db: Db, checkpoint: Omit<CheckpointRow, 'id'>): Promise<CheckpointRow> {
  return db.insertInto('transparencyCheckpoints').values(checkpoint).returningAll().executeTakeFirstOrThrow();
}

export async function findLatestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  return db.selectFrom('transparencyCheckpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The newest checkpoint of a tree size. */
export async function findCheckpointOfSize(db: Db, treeSize: number): Promise<CheckpointRow | undefined> {
  return db
    .selectFrom('transparencyCheckpoints')
    .selectAll()
    .where('treeSize', '=', treeSize)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Checkpoints newest first, `before` an id (keyset pages). */
export async function listCheckpoints(db: Db, options: { before?: number; limit: number }): Promise<CheckpointRow[]> {
  let query = db.selectFrom('transparencyCheckpoints').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  return query.execute();
}
