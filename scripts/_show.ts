import { allRules } from '../server/src/engine/rules';
const t = process.argv[2];
for (const r of allRules) if (r.target === t) console.log(`== ${r.id}\nWHY: ${r.meta.why}\nREM: ${r.meta.remediation}\n`);
