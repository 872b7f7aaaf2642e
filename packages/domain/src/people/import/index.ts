export * from './people-imports.js';
export { applyPeopleImport, type ApplyOptions, type ApplyResult } from './apply.js';
export { openPeopleFile, decodeText, detectDelimiter, type PeopleFile } from './read-file.js';
export { guessMapping } from './row-values.js';
