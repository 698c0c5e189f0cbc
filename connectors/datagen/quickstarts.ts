/**
 * The quickstart data sets, shaped like Confluent's kafka-connect-datagen ones (same field names, ranges and
 * key fields), with Connect schemas. `generate(rng, iteration)` makes one value; it must be a pure function of
 * its arguments (see seeded-random.ts).
 */
import { SchemaBuilder, Schemas, type Schema } from '../../src/api/index.js';
import type { SeededRandom } from './seeded-random.js';

export interface Quickstart {
  readonly name: string;
  readonly valueSchema: Schema;
  /** The value field used as the record key (Confluent's `schema.keyfield` default). */
  readonly keyField: string;
  generate(rng: SeededRandom, iteration: number): Record<string, unknown>;
}

const REGISTER_TIME_MIN = 1487715775521;
const REGISTER_TIME_MAX = 1519273364600;
const GENDERS = ['MALE', 'FEMALE', 'OTHER'] as const;

/** "Prefix_" + a number with 1..maxDigits digits, first digit 1-9 (the regexes `Prefix_[1-9][0-9]{0,n}`). */
function label(rng: SeededRandom, prefix: string, maxExtraDigits: number): string {
  let s = prefix + rng.int(1, 9);
  const extra = rng.int(0, maxExtraDigits);
  for (let i = 0; i < extra; i++) s += rng.int(0, 9);
  return s;
}

/** `Prefix_[1-9]{0,2}`: zero to two digits 1-9. */
function shortLabel(rng: SeededRandom, prefix: string): string {
  let s = prefix;
  const n = rng.int(0, 2);
  for (let i = 0; i < n; i++) s += rng.int(1, 9);
  return s;
}

const usersSchema = SchemaBuilder.struct().name('ksql.users')
  .field('registertime', Schemas.INT64)
  .field('userid', Schemas.STRING)
  .field('regionid', Schemas.STRING)
  .field('gender', Schemas.STRING)
  .build();

const pageviewsSchema = SchemaBuilder.struct().name('ksql.pageviews')
  .field('viewtime', Schemas.INT64)
  .field('userid', Schemas.STRING)
  .field('pageid', Schemas.STRING)
  .build();

const addressSchema = SchemaBuilder.struct().name('ksql.address')
  .field('city', Schemas.STRING)
  .field('state', Schemas.STRING)
  .field('zipcode', Schemas.INT64)
  .build();

const ordersSchema = SchemaBuilder.struct().name('ksql.orders')
  .field('ordertime', Schemas.INT64)
  .field('orderid', Schemas.INT32)
  .field('itemid', Schemas.STRING)
  .field('orderunits', Schemas.FLOAT64)
  .field('address', addressSchema)
  .build();

export const QUICKSTARTS: Readonly<Record<string, Quickstart>> = {
  users: {
    name: 'users',
    valueSchema: usersSchema,
    keyField: 'userid',
    generate: (rng) => ({
      registertime: rng.int(REGISTER_TIME_MIN, REGISTER_TIME_MAX),
      userid: label(rng, 'User_', 0),
      regionid: label(rng, 'Region_', 0),
      gender: rng.pick(GENDERS),
    }),
  },
  orders: {
    name: 'orders',
    valueSchema: ordersSchema,
    keyField: 'orderid',
    generate: (rng, iteration) => ({
      ordertime: rng.int(REGISTER_TIME_MIN, REGISTER_TIME_MAX),
      orderid: iteration % 2147483648,
      itemid: label(rng, 'Item_', 2),
      orderunits: 0.1 + rng.next() * 9.9,
      address: {
        city: shortLabel(rng, 'City_'),
        state: shortLabel(rng, 'State_'),
        zipcode: rng.int(10000, 99999),
      },
    }),
  },
  pageviews: {
    name: 'pageviews',
    valueSchema: pageviewsSchema,
    keyField: 'viewtime',
    generate: (rng, iteration) => ({
      viewtime: 1 + iteration * 10,
      userid: label(rng, 'User_', 0),
      pageid: label(rng, 'Page_', 1),
    }),
  },
};

export const QUICKSTART_NAMES = Object.keys(QUICKSTARTS);
