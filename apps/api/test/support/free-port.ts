import { createServer } from 'node:net';

/** A loopback port free right now, for a server of the test's own to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') {
          reject(new Error('no port'));
        } else {
          resolve(address.port);
        }
      });
    });
  });
}
