import { FilterOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid } from 'antd';
import { type ReactNode, useState } from 'react';

interface FilterPanelProps<Filters extends object> {
  /** The filters as applied (the page's address). */
  value: Filters;
  /** Which of the value's fields are filters: the 筛选 button counts those set, 重置 clears them. */
  keys: readonly (keyof Filters)[];
  onChange: (patch: Partial<Filters>) => void;
  /** Draws the filters for a value: inline on a wide screen, or in the drawer with the drawer's unapplied choices. */
  children: (value: Filters, onChange: (patch: Partial<Filters>) => void) => ReactNode;
}

/** How many of `keys` are set in `value` (筛选（2）). */
export function countActiveFilters<Filters extends object>(value: Filters, keys: readonly (keyof Filters)[]): number {
  return keys.filter((key) => value[key] !== undefined).length;
}

/**
 * A page's filters (信用信息查询, 公示名单): inline on a wide screen; on a phone (below Ant Design's `sm`, 576 px) they fold
 * into a 筛选 button, counting the filters set, that opens a drawer holding the same filters. In the drawer a choice
 * waits for 确定, so that the results behind it do not reload at each tap on a slow network; 重置 clears the choices,
 * and closing the drawer drops what was not confirmed.
 */
export function FilterPanel<Filters extends object>({ value, keys, onChange, children }: FilterPanelProps<Filters>) {
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Partial<Filters>>({});
  if (screens.xs !== true) return <>{children(value, onChange)}</>;

  const count = countActiveFilters(value, keys);
  const drafted = { ...value, ...draft };
  const close = () => {
    setOpen(false);
    setDraft({});
  };
  return (
    <>
      <Button className="search-filters-toggle" icon={<FilterOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {count > 0 ? `筛选（${count}）` : '筛选'}
      </Button>
      <Drawer
        title="筛选"
        placement="bottom"
        size="auto"
        open={open}
        onClose={close}
        footer={
          <div className="search-filters-drawer-footer">
            <Button
              disabled={countActiveFilters(drafted, keys) === 0}
              onClick={() => setDraft(Object.fromEntries(keys.map((key) => [key, undefined])) as Partial<Filters>)}
            >
              重置
            </Button>
            <Button
              type="primary"
              onClick={() => {
                if (keys.some((key) => drafted[key] !== value[key])) onChange(draft);
                close();
              }}
            >
              确定
            </Button>
          </div>
        }
      >
        {children(drafted, (patch) => setDraft((current) => ({ ...current, ...patch })))}
      </Drawer>
    </>
  );
}
