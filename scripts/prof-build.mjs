import { build } from 'esbuild';
await build({ bundle: true, platform: 'node', target: 'node18', format: 'cjs', conditions: ['node'], define: { PACKAGE_VERSION: '"0.1.0"' }, entryPoints: ['server/src/cli.ts'], outfile: '/tmp/prof/cli-main.js', logLevel: 'warning' });
