// W2 in DuckDB: node bench/duckdb_w2.mjs IN.csv OUT.json
// ProcessID BIGINT is the cast; with ignore_errors a row that fails it or has too few fields is
// dropped or reads NULL, hence the WHERE.
import { CSV_COLUMNS, quote, run_sql } from './duckdb_common.mjs';

const [input, output] = process.argv.slice(2);
await run_sql(
  `COPY (SELECT * FROM read_csv(${quote(input)}, header=true, ignore_errors=true, ` +
  `columns=${CSV_COLUMNS}) WHERE Computer IS NOT NULL AND ProcessID IS NOT NULL ` +
  `AND SeverityLevel IN ('emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug')) ` +
  `TO ${quote(output)} (FORMAT json)`);
