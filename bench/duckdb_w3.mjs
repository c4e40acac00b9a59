// W3 identity in DuckDB: node bench/duckdb_w3.mjs IN.ndjson OUT.json
import { JSON_COLUMNS, quote, run_sql } from './duckdb_common.mjs';

const [input, output] = process.argv.slice(2);
await run_sql(
  `COPY (SELECT * FROM read_json(${quote(input)}, format='newline_delimited', ` +
  `ignore_errors=true, columns=${JSON_COLUMNS})) TO ${quote(output)} (FORMAT json)`);
