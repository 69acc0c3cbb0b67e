// A loopback S3-compatible store (s3rver) for a2publish's tests:
//   node catalog-s3.js DIR PORTFILE BUCKET...
// serves DIR on 127.0.0.1 on a free port, with each BUCKET and the
// credentials S3RVER / S3RVER; signatures are checked.  Writes the port
// to PORTFILE once it listens, and stops on SIGTERM.
'use strict';
const fs = require('fs');
const path = require('path');
const S3rver = require(path.join(__dirname, '..', 'node_modules', 's3rver'));

const [dir, portFile, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory: dir,
  silent: true,
  allowMismatchedSignatures: false,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then((addr) => {
  fs.writeFileSync(portFile + '.tmp', String(addr.port));
  fs.renameSync(portFile + '.tmp', portFile);
}, (err) => {
  console.error(err);
  process.exit(1);
});
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
