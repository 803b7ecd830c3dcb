// Writes docs/rules.md, the rule tables of docs/standard.md, the README's rule table and the rules setting's ids in package.json from the rule registry (run: npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderPackageJson, renderReadmeRuleTable, renderRulesDoc, renderStandardDoc, replaceBetweenMarkers } from './docs-render';

const readmePath = 'README.md';
writeFileSync('docs/rules.md', renderRulesDoc());
writeFileSync('docs/standard.md', renderStandardDoc(readFileSync('docs/standard.md', 'utf8')));
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(readmePath, replaceBetweenMarkers(readme, renderReadmeRuleTable()));
writeFileSync('package.json', renderPackageJson(readFileSync('package.json', 'utf8')));
console.log("docs/rules.md, docs/standard.md, the README rule table and package.json's rule ids are up to date");
