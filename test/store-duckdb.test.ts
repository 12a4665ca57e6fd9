import { openStore } from '../src/store/index.js';
import { searchSuite, storeSuite } from '../src/store/store.suite.js';

storeSuite('duckdb', (path) => openStore(path, 'duckdb'));
searchSuite('duckdb', (path) => openStore(path, 'duckdb'));
