import { type Kysely, sql } from 'kysely';

/**
 * The verifiable record (issue 23; SPEC C19, C20; Rules Art. 14, 16, 25, 28): an append-only Merkle tree (RFC 9162,
 * SM3) whose leaves are the canonical JSON of every record change, issued credit report and credit check, with signed
 * checkpoints of its head (modules/transparency, docs/verifiable-log.md).
 *
 * - `transparency_leaves`: leaf i's bytes (canonical JSON text) and what it is about (`kind`, `subject`).
 * - `transparency_nodes`: the hash of every complete aligned subtree (level 0 the leaf hashes): a proof reads
 *   O(log n) of them, an append writes the leaves and the subtrees they complete.
 * - `transparency_head`: one row, the tree's size and root; appenders update it in their transaction, so leaves get
 *   indices in commit order with no gap (a rolled-back append rolls back its index too).
 * - `transparency_checkpoints`: every signed (size, root, time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE transparency_leaves (
      leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
      kind text NOT NULL,
      subject text NOT NULL,
      content text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX transparency_leaves_subject ON transparency_leaves (kind, subject, leaf_index)`.execute(db);
  await sql`
    CREATE TABLE transparency_nodes (
      level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
      position bigint NOT NULL CHECK (position >= 0),
      hash bytea NOT NULL CHECK (octet_length(hash) = 32),
      PRIMARY KEY (level, position)
    )`.execute(db);
  await sql`
    CREATE TABLE transparency_head (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      tree_size bigint NOT NULL CHECK (tree_size >= 0),
      root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The empty tree's root: SM3 of the empty string (GB/T 32905).
  await sql`
    INSERT INTO transparency_head (tree_size, root_hash)
    VALUES (0, decode('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b', 'hex'))`.execute(db);
  await sql`
    CREATE TABLE transparency_checkpoints (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tree_size bigint NOT NULL CHECK (tree_size >= 0),
      root_hash text NOT NULL CHECK (root_hash ~ '^[0-9a-f]{64}$'),
      signed_at timestamptz NOT NULL,
      key_id text NOT NULL,
      signature text NOT NULL CHECK (signature ~ '^[0-9a-f]{128}$'),
      trigger text NOT NULL CHECK (trigger IN ('scheduled', 'on-demand', 'document'))
    )`.execute(db);
  await sql`CREATE INDEX transparency_checkpoints_size ON transparency_checkpoints (tree_size, id)`.execute(db);
  // Evidence, like the audit trail: the application role adds and reads, never rewrites (the head it only moves on).
  await sql`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gzcredit_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
          ON transparency_leaves, transparency_nodes, transparency_checkpoints, transparency_head FROM gzcredit_app;
        GRANT SELECT, INSERT ON transparency_leaves, transparency_nodes, transparency_checkpoints TO gzcredit_app;
        GRANT SELECT, UPDATE ON transparency_head TO gzcredit_app;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE transparency_checkpoints, transparency_head, transparency_nodes, transparency_leaves`.execute(
    db,
  );
}
