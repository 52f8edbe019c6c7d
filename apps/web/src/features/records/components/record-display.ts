import type { CatalogueItemDto, RecordDto } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, RECORD_COMMON_FIELDS, USE_SCOPE_LABELS } from '@gzcredit/domain';

export interface FieldRow {
  key: string;
  label: string;
  value: string;
}

/**
 * A record's content by Chinese label: the common columns, then the item's data items in schema order, then any
 * payload key the definition does not know (a record kept from an older definition) under its key.
 */
export function recordFieldRows(record: RecordDto, fields: CatalogueItemDto['fields'] | undefined): FieldRow[] {
  const rows: FieldRow[] = [
    { key: 'entityName', label: RECORD_COMMON_FIELDS.entityName, value: record.entityName },
    {
      key: 'dishonestyLevel',
      label: RECORD_COMMON_FIELDS.dishonestyLevel,
      value: record.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[record.dishonestyLevel] : '',
    },
    { key: 'useScope', label: RECORD_COMMON_FIELDS.useScope, value: USE_SCOPE_LABELS[record.useScope] },
  ];
  const known = new Set<string>();
  for (const field of fields ?? []) {
    known.add(field.key);
    rows.push({ key: `fields.${field.key}`, label: field.label, value: record.payload[field.key] ?? '' });
  }
  for (const [key, value] of Object.entries(record.payload)) {
    if (!known.has(key)) rows.push({ key: `fields.${key}`, label: key, value });
  }
  return rows;
}

export interface ComparisonRow {
  key: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Two versions side by side, row by row (Art. 16: before and after a correction are both shown). */
export function compareVersions(
  before: RecordDto,
  after: RecordDto,
  fields: CatalogueItemDto['fields'] | undefined,
): ComparisonRow[] {
  const beforeRows = new Map(recordFieldRows(before, fields).map((row) => [row.key, row]));
  const afterRows = recordFieldRows(after, fields);
  const rows: ComparisonRow[] = afterRows.map((row) => {
    const previous = beforeRows.get(row.key)?.value ?? '';
    beforeRows.delete(row.key);
    return { key: row.key, label: row.label, before: previous, after: row.value, changed: previous !== row.value };
  });
  // Data items the correction cleared.
  for (const row of beforeRows.values()) {
    rows.push({ key: row.key, label: row.label, before: row.value, after: '', changed: row.value !== '' });
  }
  return rows;
}
