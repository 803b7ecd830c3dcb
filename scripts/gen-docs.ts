// Writes docs/rules.md, the rule tables of docs/standard.md and the README's rule table from the rule registry (run: npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadmeRuleTable, renderRulesDoc, renderStandardDoc, replaceBetweenMarkers } from './docs-render';

const readmePath = 'README.md';
writeFileSync('docs/rules.md', renderRulesDoc());
writeFileSync('docs/standard.md', renderStandardDoc(readFileSync('docs/standard.md', 'utf8')));
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(readmePath, replaceBetweenMarkers(readme, renderReadmeRuleTable()));
console.log('docs/rules.md, docs/standard.md and the README rule table are up to date');
