// `npm run dashboards`: writes every dashboard's JSON into dashboards/out/. `-- --check`: writes
// nothing and exits 1 when a file there is not what the sources generate.
import { staleOutputs, writeOutputs } from './generate.ts';

if (process.argv.includes('--check')) {
  const stale = staleOutputs();
  if (stale.length > 0) {
    console.error(`dashboards/out is not current (${stale.join(', ')}): run npm run dashboards`);
    process.exit(1);
  }
  console.log('dashboards/out is current');
} else {
  console.log(`wrote ${writeOutputs().join(', ')} to dashboards/out/`);
}
