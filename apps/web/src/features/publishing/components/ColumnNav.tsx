import { NavLink } from 'react-router';
import { columnKey } from '../api/public-queries';
import type { ColumnDto } from '../api/publishing-types';

/** The side list of every public column, as on the column and article pages. */
export function ColumnNav({ columns }: { columns: readonly ColumnDto[] }) {
  return (
    <nav className="column-nav" aria-label="信息栏目">
      <h2 className="column-nav-title">信息公开</h2>
      <ul>
        {columns.map((column) => (
          <li key={column.id}>
            <NavLink to={`/columns/${columnKey(column)}`} className="column-nav-link">
              {column.name}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
