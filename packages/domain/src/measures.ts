/**
 * 失信惩戒措施 joint punishment measures, modelled on 《全国失信惩戒措施基础清单》 (2024 edition structure): three classes
 * of measure, and a national list with a provincial 补充清单 layered on top.
 */
export const MEASURE_CLASSES = [1, 2, 3] as const;
export type MeasureClass = (typeof MEASURE_CLASSES)[number];
export const MEASURE_CLASS_LABELS: Record<MeasureClass, string> = {
  1: '第一类：减损权益或增加义务的措施',
  2: '第二类：管理措施',
  3: '第三类：市场性、行业性措施',
};
/** What each class means for whoever applies it (国办发〔2020〕49号 as summarised in the reference notes). */
export const MEASURE_CLASS_HINTS: Record<MeasureClass, string> = {
  1: '公共管理机构依照法律、法规或党中央、国务院政策文件实施，须注明设定依据',
  2: '公共管理机构根据履职需要采取，不减损权益',
  3: '金融机构、行业协会商会、信用服务机构等自主实施，不得强制',
};

/** 全国基础清单 the national list, and the province's 补充清单 layered on top. */
export const MEASURE_LISTS = ['national', 'provincial'] as const;
export type MeasureList = (typeof MEASURE_LISTS)[number];
export const MEASURE_LIST_LABELS: Record<MeasureList, string> = {
  national: '全国失信惩戒措施基础清单',
  provincial: '贵州省补充清单',
};

/** An edition is edited as a draft, then published (in force); the one it replaces is superseded and stays readable. */
export const MEASURE_EDITION_STATUSES = ['draft', 'published', 'superseded'] as const;
export type MeasureEditionStatus = (typeof MEASURE_EDITION_STATUSES)[number];
export const MEASURE_EDITION_STATUS_LABELS: Record<MeasureEditionStatus, string> = {
  draft: '草稿',
  published: '现行',
  superseded: '已替代',
};
