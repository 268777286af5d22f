// The request-overhead workload's stub server (Node's http module, the fastest server at hand here):
// same routes and bodies as bench/stub_server.py, which starts it and falls back to its own asyncio
// server when node is missing. Listens on 127.0.0.1 only; prints its port on the first stdout line.
import http from "node:http";

const category = JSON.parse(process.argv[2]);
const token = Buffer.from(process.argv[3]);
const stats = { token_requests: 0, api_requests: 0 };
const bodies = new Map();
const notFound = Buffer.from('{"statusCode":404,"message":"not found","errors":[]}');

function send(res, status, body) {
  const headers = { "Content-Type": "application/json", "Content-Length": body.length };
  const correlationId = res.req.headers["x-correlation-id"];
  if (correlationId !== undefined) headers["X-Correlation-ID"] = correlationId; // as the API does
  res.writeHead(status, headers);
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split("?", 1)[0];
  const parts = path.replace(/^\/+|\/+$/g, "").split("/");
  if (req.method === "POST" && path === "/oauth/token") {
    req.resume();
    req.on("end", () => {
      stats.token_requests += 1;
      send(res, 200, token);
    });
  } else if (req.method === "GET" && parts.length === 3 && parts[1] === "categories") {
    stats.api_requests += 1;
    let body = bodies.get(parts[2]);
    if (body === undefined) {
      body = Buffer.from(JSON.stringify({ ...category, id: parts[2] }));
      bodies.set(parts[2], body);
    }
    send(res, 200, body);
  } else if (req.method === "GET" && path === "/__stats") {
    send(res, 200, Buffer.from(JSON.stringify(stats)));
  } else if (req.method === "POST" && path === "/__reset") {
    req.resume();
    req.on("end", () => {
      stats.token_requests = 0;
      stats.api_requests = 0;
      send(res, 200, Buffer.from("{}"));
    });
  } else {
    req.resume();
    send(res, 404, notFound);
  }
});
server.keepAliveTimeout = 120000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
