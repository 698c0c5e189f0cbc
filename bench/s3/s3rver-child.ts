// Runs s3rver (with a bucket) in its own process for the S3 benchmarks, so the server does not share the
// benchmark's event loop. Prints one JSON line with the connector props, then serves until stdin closes.
import { startTestS3 } from '../../test/support/s3.js';

const s3 = await startTestS3({ bucket: 'bench' });
process.stdout.write(JSON.stringify(s3.props) + '\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void s3.stop().then(() => process.exit(0));
});
