// The real-world files the tests and the bench run on (test/corpus/README.md says what is there).
import * as path from 'node:path';

export const CORPUS = path.resolve(__dirname, 'corpus');
