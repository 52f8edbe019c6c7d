/**
 * Password rules (SPEC §6, 等保 2.0 level 3): 8 to 64 characters, at least three of the four classes
 * (lower case, upper case, digits, symbols). Returns the Chinese reasons it fails, empty when acceptable.
 */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < 8) problems.push('密码长度至少 8 位');
  if (length > 64) problems.push('密码长度不能超过 64 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}
