import { ADMIN_ROLES, isAdminRole, PERMISSION_LABELS, PERMISSIONS, type Permission } from '@gzcredit/domain';
import { Checkbox, Radio, Space, Typography } from 'antd';

const OTHER_PERMISSIONS = PERMISSIONS.filter((permission) => !isAdminRole(permission));
const NO_ROLE = 'none';

/**
 * The permissions of an account (Rules Art. 22): any of the agency permissions, and at most one of the three
 * administrative roles (三员分立), chosen like a radio button.
 */
export function PermissionsField({
  value = [],
  onChange,
  id,
}: {
  value?: Permission[];
  onChange?: (value: Permission[]) => void;
  id?: string;
}) {
  const role = value.find(isAdminRole) ?? NO_ROLE;
  const others = value.filter((permission) => !isAdminRole(permission));
  return (
    <Space direction="vertical" id={id} style={{ width: '100%' }}>
      <Typography.Text type="secondary" id="permissions-agency">
        业务权限（可多选）
      </Typography.Text>
      <Checkbox.Group
        aria-labelledby="permissions-agency"
        value={others}
        onChange={(checked) => onChange?.([...(checked as Permission[]), ...(role === NO_ROLE ? [] : [role])])}
        options={OTHER_PERMISSIONS.map((permission) => ({ value: permission, label: PERMISSION_LABELS[permission] }))}
        className="permissions-checkboxes"
      />
      <Typography.Text type="secondary" id="permissions-admin">
        管理角色（三员分立，至多一项）
      </Typography.Text>
      <Radio.Group
        aria-labelledby="permissions-admin"
        value={role}
        onChange={(event) => {
          const chosen = event.target.value as Permission | typeof NO_ROLE;
          onChange?.([...others, ...(chosen === NO_ROLE ? [] : [chosen])]);
        }}
        options={[
          { value: NO_ROLE, label: '无' },
          ...ADMIN_ROLES.map((permission) => ({ value: permission, label: PERMISSION_LABELS[permission] })),
        ]}
      />
    </Space>
  );
}
