import { Alert, Button, Card, Segmented, Skeleton, Table } from 'antd';
import { type ReactNode, Suspense, useCallback, useState } from 'react';
import { formatCount } from '../../../lib/format';

/** An item of a statistics table: its code, its name and its figures. */
type FiguresItem = { code: string; name: string };

/**
 * The table view of a chart (the portal's statistics and the console's analysis): every item with its figures, the
 * names as links where a click selects the item (drills down or filters), and a total row where one is given.
 */
export function FiguresTable<Item extends FiguresItem>(props: {
  caption: string;
  nameTitle: string;
  items: Item[];
  measures: ReadonlyArray<{ key: keyof Item & string; title: string }>;
  total?: Partial<Record<keyof Item & string, number>>;
  onSelect?: (item: Item) => void;
}) {
  const { caption, nameTitle, items, measures, total, onSelect } = props;
  return (
    <Table<Item>
      size="small"
      rowKey="code"
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      title={() => <span className="visually-hidden">{caption}</span>}
      summary={
        total
          ? () => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {measures.map(({ key }, index) => (
                  <Table.Summary.Cell key={key} index={index + 1} align="right">
                    {formatCount(total[key] ?? 0)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          : undefined
      }
      columns={[
        {
          key: 'name',
          title: nameTitle,
          dataIndex: 'name',
          render: (name: string, item) =>
            onSelect ? (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onSelect(item)}>
                {name}
              </Button>
            ) : (
              name
            ),
        },
        ...measures.map(({ key, title }) => ({
          key,
          title,
          dataIndex: key,
          align: 'right' as const,
          render: formatCount,
        })),
      ]}
    />
  );
}

/**
 * A card with one set of figures as a chart or as a table (the same numbers), with a 图表/表格 switch after the given
 * tools; while loading a skeleton, on failure a Chinese alert.
 */
export function ChartTableCard<Item extends FiguresItem, Data extends { items: Item[] }>(props: {
  title: ReactNode;
  titleText: string;
  state: { data?: Data; error: Error | null };
  /** The chart of the figures; `select` (a clicked item's code) is given where `onSelect` is. */
  chart: (data: Data, select: ((code: string) => void) | undefined) => ReactNode;
  table: (data: Data) => ReactNode;
  onSelect?: ((item: Item) => void) | undefined;
  tools?: ReactNode;
  dimension?: string;
}) {
  const { title, titleText, state, chart, table, onSelect, tools, dimension } = props;
  const [shown, setShown] = useState<'chart' | 'table'>('chart');
  const select = useCallback(
    (code: string) => {
      const item = state.data?.items.find((entry) => entry.code === code);
      if (item && onSelect) onSelect(item);
    },
    [state.data, onSelect],
  );
  let body: ReactNode;
  if (state.error) body = <Alert type="error" showIcon title="统计数据暂不可用" description={state.error.message} />;
  else if (!state.data) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (shown === 'table') body = table(state.data);
  else
    body = (
      <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
        {chart(state.data, onSelect ? select : undefined)}
      </Suspense>
    );
  return (
    <Card
      title={title}
      className="statistics-card"
      data-dimension={dimension}
      extra={
        <div className="statistics-card-tools">
          {tools}
          <Segmented<'chart' | 'table'>
            aria-label={`${titleText}的展示方式`}
            value={shown}
            onChange={setShown}
            options={[
              { label: '图表', value: 'chart' },
              { label: '表格', value: 'table' },
            ]}
          />
        </div>
      }
    >
      {body}
    </Card>
  );
}
