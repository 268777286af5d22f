// Starts @labdigital/commercetools-mock for the ctp-sdk integration tests (see tests/peer_server.py).
//
// Listens on 127.0.0.1 only: the package's runServer() binds 0.0.0.0, so we call Fastify's listen
// ourselves. Port 0 (default) lets the OS pick a free port; the chosen one is printed as the single
// line `PEER_READY http://127.0.0.1:<port>` once the server accepts connections.
// Authentication is enabled so API calls without a token it issued get 401 invalid_token.
// Exits when stdin closes, so a parent that dies without stopping us does not leak this process.
import { CommercetoolsMock } from "@labdigital/commercetools-mock";

const port = Number.parseInt(process.env.PEER_PORT ?? "0", 10);

const mock = new CommercetoolsMock({
  enableAuthentication: true,
  validateCredentials: true,
  silent: true,
  strict: false,
});

const stop = async () => {
  await mock.app.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.resume();

try {
  await mock.app.listen({ host: "127.0.0.1", port });
} catch (error) {
  console.error("peer server failed to start:", error);
  process.exit(1);
}
const address = mock.app.server.address();
process.stdout.write(`PEER_READY http://127.0.0.1:${address.port}\n`);
