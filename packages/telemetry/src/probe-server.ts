import http from 'node:http';

/** One answer of a probe endpoint. */
export type ProbeAnswer = Readonly<{ status: number; type: string; body: string }>;

/**
 * The plain HTTP server of a background service's probes (`/health`, `/ready`, `/metrics`):
 * `answer` gets the path without its query; when it fails, the probe answers `failed` (503)
 * after `onError`. Resolves once listening, rejects on a listen error (the port taken), so the
 * service's `main` can exit non-zero before anything claims to have started.
 */
export async function listenForProbes(
  port: number,
  answer: (path: string) => Promise<ProbeAnswer>,
  failed: ProbeAnswer,
  onError: (err: unknown) => void,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    answer((req.url ?? '/').split('?')[0] ?? '/').then(
      ({ status, type, body }) => res.writeHead(status, { 'content-type': type }).end(body),
      (err: unknown) => {
        onError(err);
        res.writeHead(failed.status, { 'content-type': failed.type }).end(failed.body);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
