import { openStore } from '../src/store/index.js';
import { searchSuite, storeSuite } from '../src/store/store.suite.js';

storeSuite('sqlite', (path) => openStore(path, 'sqlite'));
searchSuite('sqlite', (path) => openStore(path, 'sqlite'));
