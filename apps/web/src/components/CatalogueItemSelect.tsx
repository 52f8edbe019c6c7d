import type { CatalogueItemDto } from '@gzcredit/contracts';
import { Select } from 'antd';
import { itemOptionsByCategory } from '../lib/catalogue';

interface CatalogueItemSelectProps {
  items: readonly CatalogueItemDto[] | undefined;
  value?: number;
  onChange?: (itemId: number | undefined) => void;
  loading?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** Chooses a catalogue item, grouped by category 基础 / 良好 / 不良; typing filters by name. */
export function CatalogueItemSelect({
  items,
  value,
  onChange,
  loading,
  allowClear,
  placeholder = '请选择信息项',
  id,
  style,
  'aria-label': ariaLabel,
}: CatalogueItemSelectProps) {
  return (
    <Select<number>
      id={id}
      aria-label={ariaLabel}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder}
      loading={loading}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={itemOptionsByCategory(items ?? [])}
      notFoundContent="没有匹配的信息项"
      style={style}
    />
  );
}
