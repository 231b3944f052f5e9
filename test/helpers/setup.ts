// Runs in every test worker before its test files: exceljs must get the chunk-safe XML reader before anything
// loads it (src/io/xlsxSax.ts), as in the CLI, where only src/io/xlsx.ts loads exceljs. A worker runs several
// files in one process, and Node caches exceljs for all of them: the first loader decides.

import { installChunkSafeSax } from '../../src/io/xlsxSax.js';

installChunkSafeSax();
