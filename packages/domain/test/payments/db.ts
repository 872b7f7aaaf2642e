// The payment tests once had a database of their own so that they could run while another
// package's tests recreated theirs; every run now has its own, so they share the package's.
export { useTestDatabase as usePaymentsDatabase } from '../db.js';
