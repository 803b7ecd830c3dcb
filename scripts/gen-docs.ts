// Writes docs/rules.md and the README's rule table from the rule registry (run: npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadmeRuleTable, renderRulesDoc, replaceBetweenMarkers } from './docs-render';

const readmePath = 'README.md';
writeFileSync('docs/rules.md', renderRulesDoc());
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(readmePath, replaceBetweenMarkers(readme, renderReadmeRuleTable()));
console.log('docs/rules.md and the README rule table are up to date');
