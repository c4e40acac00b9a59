// W1 in DuckDB: node bench/duckdb_w1.mjs IN.ndjson OUT.json
// With ignore_errors a ProcessID that is not an integer reads as NULL, hence the IS NOT NULL;
// "fatal" and a missing Computer are dropped by the WHERE.
import { JSON_COLUMNS, quote, run_sql } from './duckdb_common.mjs';

const [input, output] = process.argv.slice(2);
await run_sql(
  `COPY (SELECT TimeGenerated, Computer, SeverityLevel, ProcessID, SyslogMessage ` +
  `FROM read_json(${quote(input)}, format='newline_delimited', ignore_errors=true, ` +
  `columns=${JSON_COLUMNS}) ` +
  `WHERE Computer IS NOT NULL AND ProcessID IS NOT NULL ` +
  `AND SeverityLevel IN ('emerg', 'alert', 'crit', 'err', 'warning')) ` +
  `TO ${quote(output)} (FORMAT json)`);
