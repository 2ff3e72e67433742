// Paths of the register and coverage-list fixtures (see test/fixtures/README.md).
import { join } from 'node:path';
import { FIXTURES } from '../helpers/fixture-db.ts';

export const REGISTER_FIXTURES = {
  ljpc: join(FIXTURES, 'registers/ljpc.csv'),
  ljpcZst: join(FIXTURES, 'registers/ljpc.csv.zst'),
  nlextract: join(FIXTURES, 'registers/nlextract.csv'),
  canonical: join(FIXTURES, 'registers/canonical.csv'),
};

export const COVERAGE_FIXTURES = {
  byKey: join(FIXTURES, 'coverage/by-key.csv'),
  dutch: join(FIXTURES, 'coverage/dutch-no-letters.csv'),
  byId: join(FIXTURES, 'coverage/by-id.csv'),
};
