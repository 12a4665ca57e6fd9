export { expandInputs, looksLikeLog } from './expandInputs.js';
export { DEFAULT_MAX_LINE_BYTES, type FileSourceOptions, isGzipFile, openFileSource } from './fileSource.js';
