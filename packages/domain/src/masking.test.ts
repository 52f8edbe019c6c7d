import { describe, expect, it } from 'vitest';
import { idCardCheckCharacter } from './id-card';
import {
  maskAddressToTownship,
  maskEmail,
  maskFieldValue,
  maskIdCard,
  maskMobile,
  maskPersonalDataInText,
} from './masking';

describe('maskIdCard', () => {
  it('keeps the first 4 and last 4 characters of an 18-character number', () => {
    expect(maskIdCard('52010219900101123X')).toBe('5201**********123X');
  });

  it('masks the middle of a 15-digit number of the first generation', () => {
    expect(maskIdCard('520102900101123')).toBe('5201*******1123');
  });

  it('changes nothing in an already-masked number', () => {
    expect(maskIdCard('5201**********123X')).toBe('5201**********123X');
  });

  it('masks short input entirely and leaves empty input empty', () => {
    expect(maskIdCard('')).toBe('');
    expect(maskIdCard('5201123X')).toBe('********');
    expect(maskIdCard('52')).toBe('**');
  });

  it('trims surrounding spaces', () => {
    expect(maskIdCard(' 52010219900101123X ')).toBe('5201**********123X');
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain, hiding the length of the rest', () => {
    expect(maskEmail('jianguanke@example.gov.cn')).toBe('j***@example.gov.cn');
    expect(maskEmail('a@example.gov.cn')).toBe('a***@example.gov.cn');
    expect(maskEmail('j***@example.gov.cn')).toBe('j***@example.gov.cn');
    expect(maskEmail('not-an-address')).toBe('***');
  });
});

describe('maskMobile', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
  });

  it('ignores spaces and hyphens people type into numbers', () => {
    expect(maskMobile('138 1234 1234')).toBe('138****1234');
    expect(maskMobile('138-1234-1234')).toBe('138****1234');
  });

  it('changes nothing in an already-masked number', () => {
    expect(maskMobile('138****1234')).toBe('138****1234');
  });

  it('masks short input entirely and leaves empty input empty', () => {
    expect(maskMobile('')).toBe('');
    expect(maskMobile('1234')).toBe('****');
    expect(maskMobile('1381234')).toBe('*******');
  });
});

describe('maskAddressToTownship', () => {
  it('keeps a Guizhou address down to its 街道', () => {
    expect(maskAddressToTownship('贵州省贵阳市南明区花果园街道中华南路 1 号 3 栋 2 单元')).toBe(
      '贵州省贵阳市南明区花果园街道',
    );
  });

  it('keeps an address down to its 镇 or 乡', () => {
    expect(maskAddressToTownship('贵州省贵阳市花溪区青岩镇北街 12 号')).toBe('贵州省贵阳市花溪区青岩镇');
    expect(maskAddressToTownship('贵州省黔东南苗族侗族自治州雷山县西江镇羊排村')).toBe(
      '贵州省黔东南苗族侗族自治州雷山县西江镇',
    );
    expect(maskAddressToTownship('贵州省毕节市威宁彝族回族苗族自治县石门乡新街村三组')).toBe(
      '贵州省毕节市威宁彝族回族苗族自治县石门乡',
    );
  });

  it('does not take a county whose name holds 镇 for a township', () => {
    expect(maskAddressToTownship('贵州省安顺市镇宁布依族苗族自治县黄果树镇石头寨村')).toBe(
      '贵州省安顺市镇宁布依族苗族自治县黄果树镇',
    );
    expect(maskAddressToTownship('贵州省贵阳市清镇市红枫湖镇民乐村')).toBe('贵州省贵阳市清镇市红枫湖镇');
    expect(maskAddressToTownship('贵州省铜仁市镇远县')).toBe('贵州省铜仁市镇远县');
  });

  it('recognises 特区 and addresses that leave out the province', () => {
    expect(maskAddressToTownship('贵州省六盘水市六枝特区平寨镇光明路 8 号')).toBe('贵州省六盘水市六枝特区平寨镇');
    expect(maskAddressToTownship('遵义市仁怀市茅台镇环茅路 5 号')).toBe('遵义市仁怀市茅台镇');
  });

  it('recognises former county names', () => {
    expect(maskAddressToTownship('贵州省六盘水市水城县双水街道人民路 3 号')).toBe('贵州省六盘水市水城县双水街道');
  });

  it('cuts after the county when no township follows it', () => {
    expect(maskAddressToTownship('贵州省贵阳市云岩区中华北路 100 号')).toBe('贵州省贵阳市云岩区');
    expect(maskAddressToTownship('贵州省贵阳市观山湖区林城路 8 号')).toBe('贵州省贵阳市观山湖区');
  });

  it('does not keep a road or a village that ends in 乡 or 镇', () => {
    expect(maskAddressToTownship('贵州省贵阳市南明区新华路水乡小区 2 栋')).toBe('贵州省贵阳市南明区');
    expect(maskAddressToTownship('贵州省贵阳市乌当区 88 号古镇客栈')).toBe('贵州省贵阳市乌当区');
  });

  it('masks addresses in other provinces by their division suffixes', () => {
    expect(maskAddressToTownship('浙江省杭州市西湖区北山街道保俶路 10 号')).toBe('浙江省杭州市西湖区北山街道');
    expect(maskAddressToTownship('北京市朝阳区建国门外街道光华路 1 号')).toBe('北京市朝阳区建国门外街道');
    expect(maskAddressToTownship('江苏省镇江市京口区象山街道')).toBe('江苏省镇江市京口区象山街道');
    expect(maskAddressToTownship('内蒙古自治区锡林郭勒盟阿巴嘎旗别力古台镇')).toBe(
      '内蒙古自治区锡林郭勒盟阿巴嘎旗别力古台镇',
    );
    expect(maskAddressToTownship('四川省成都市武侯区人民南路四段 1 号')).toBe('四川省成都市武侯区');
  });

  it('keeps only the divisions it can recognise', () => {
    expect(maskAddressToTownship('贵州省贵阳市')).toBe('贵州省贵阳市');
    expect(maskAddressToTownship('中华南路 1 号')).toBe('');
  });

  it('changes nothing in an already-masked address', () => {
    for (const address of [
      '贵州省贵阳市南明区花果园街道中华南路 1 号',
      '贵州省安顺市镇宁布依族苗族自治县黄果树镇石头寨村',
      '贵州省贵阳市云岩区中华北路 100 号',
      '浙江省杭州市西湖区北山街道保俶路 10 号',
      '内蒙古自治区锡林郭勒盟阿巴嘎旗别力古台镇',
    ]) {
      const masked = maskAddressToTownship(address);
      expect(maskAddressToTownship(masked)).toBe(masked);
    }
  });

  it('is safe on empty and short input', () => {
    expect(maskAddressToTownship('')).toBe('');
    expect(maskAddressToTownship('   ')).toBe('');
    expect(maskAddressToTownship('镇')).toBe('');
  });
});

describe('maskPersonalDataInText', () => {
  const idCard = `52010219850315002${idCardCheckCharacter('52010219850315002')}`;
  const wrongCheck = `52010219850315002${idCardCheckCharacter('52010219850315002') === '1' ? '2' : '1'}`;

  it('masks an identity-card number with a right check character and a mobile inside free text', () => {
    expect(maskPersonalDataInText(`当事人张三（身份证号${idCard}，电话13912345678）销售过期食品`)).toBe(
      `当事人张三（身份证号${maskIdCard(idCard)}，电话139****5678）销售过期食品`,
    );
  });

  it('masks a check character X written in either case and a mobile written 3-4-4', () => {
    expect(maskPersonalDataInText('身份证11010519491231002X、11010519491231002x')).toBe(
      '身份证1101**********002X、1101**********002x',
    );
    expect(maskPersonalDataInText('联系电话 138-1234-5678 或 138 1234 5678')).toBe(
      '联系电话 138****5678 或 138****5678',
    );
  });

  it('leaves an 18-digit number whose check character is wrong (a contract number) alone', () => {
    expect(maskPersonalDataInText(`合同编号${wrongCheck}`)).toBe(`合同编号${wrongCheck}`);
  });

  it('leaves digits inside a longer run alone: account numbers, amounts, 19-digit codes', () => {
    const text = `账号6222021389123456789，罚没款139123456780元，编号9${idCard}`;
    expect(maskPersonalDataInText(text)).toBe(text);
  });

  it('changes nothing in text already masked or holding no personal data', () => {
    const masked = `身份证号${maskIdCard(idCard)}，电话139****5678`;
    expect(maskPersonalDataInText(masked)).toBe(masked);
    expect(maskPersonalDataInText('罚款人民币二万元')).toBe('罚款人民币二万元');
  });
});

describe('maskFieldValue', () => {
  it('masks personal data in 文本 and 长文本 fields and a mobile field, and leaves other types as they are', () => {
    expect(maskFieldValue({ type: 'long_text' }, '电话13912345678')).toBe('电话139****5678');
    expect(maskFieldValue({ type: 'text' }, '电话13912345678')).toBe('电话139****5678');
    expect(maskFieldValue({ type: 'mobile' }, '13912345678')).toBe('139****5678');
    expect(maskFieldValue({ type: 'amount' }, '13912345678')).toBe('13912345678');
  });
});
