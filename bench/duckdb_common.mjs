// Runs one SQL statement in DuckDB (@duckdb/node-api, installed by bench/run.sh into
// bench/.node/) with 2 threads, the peer set-up of bench-anchors.
import { createRequire } from 'node:module';

const require = createRequire(new URL('./.node/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

// The Syslog columns as DuckDB types; text stays VARCHAR so it is written back unchanged.
export const JSON_COLUMNS =
  "{TimeGenerated: 'VARCHAR', Computer: 'VARCHAR', ResourceId: 'VARCHAR', Facility: 'VARCHAR', " +
  "SeverityLevel: 'VARCHAR', ProcessID: 'BIGINT', ProcessName: 'VARCHAR', HostIP: 'VARCHAR', " +
  "SyslogMessage: 'VARCHAR', Properties: 'STRUCT(retries INTEGER, tags VARCHAR[])'}";
export const CSV_COLUMNS =
  "{TimeGenerated: 'VARCHAR', Computer: 'VARCHAR', ResourceId: 'VARCHAR', Facility: 'VARCHAR', " +
  "SeverityLevel: 'VARCHAR', ProcessID: 'BIGINT', ProcessName: 'VARCHAR', HostIP: 'VARCHAR', " +
  "SyslogMessage: 'VARCHAR'}";

export function quote(path) {
  return "'" + path.replaceAll("'", "''") + "'";
}

export async function run_sql(sql) {
  if (process.env.BENCH_SHOW_SQL) console.error(sql);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run(sql);
}
