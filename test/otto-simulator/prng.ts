/** The seeded PRNG lives in the shared simulator core; re-exported here for the OTTO simulator's modules. */
export { mulberry32, Random, round2 } from '../simulator-core/prng';
