/** 不公示的法定依据 the grounds on which information the law requires to be public may be withheld (Art. 7(八), 24). */
export const LEGAL_GROUNDS = ['国家秘密', '商业秘密', '个人隐私'] as const;

const LEGAL_GROUND_HINT =
  '应为国家秘密、商业秘密、个人隐私，或写明法律、法规的名称和条款（如《中华人民共和国保守国家秘密法》第十三条）';

/**
 * A legal ground as recorded: one of LEGAL_GROUNDS, or text naming a law or regulation in 《》 (at most 200 characters).
 * The ground itself is reviewed by the provincial bureau, which can overrule it; here it only has to name something.
 */
export function checkLegalGround(text: string): { ok: true; ground: string } | { ok: false; message: string } {
  const ground = text.trim();
  if (!ground) return { ok: false, message: `不公示须填写法定依据：${LEGAL_GROUND_HINT}` };
  if (Array.from(ground).length > 200) return { ok: false, message: '不公示的法定依据不能超过 200 个字符' };
  if ((LEGAL_GROUNDS as readonly string[]).includes(ground) || /《[^《》]{2,}》/u.test(ground))
    return { ok: true, ground };
  return { ok: false, message: `“${ground}”不是法定依据：${LEGAL_GROUND_HINT}` };
}
